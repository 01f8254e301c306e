"""The legal library: which version of a text is current, and where an article of a superseded
version stands in the current one. Pure functions over the documents of data/documents.yml
(``supersedes`` / ``superseded_by``, checked by documents.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .documents import SUPERSEDED, Document
from .text import Article


@dataclass(frozen=True)
class Counterpart:
    """Where an article of a superseded text stands in the current version.

    ``article`` is the current version's article with the very same text (the same number when
    that one is identical), or None: the article was changed, moved or dropped, and the reader is
    sent to the current version as a whole. No correspondence is guessed from similar wording.
    """

    current: Document
    article: Article | None
    same_number: bool = False  # the identical article has the same number in both versions


def by_id(documents: Iterable[Document]) -> dict[str, Document]:
    return {d.id: d for d in documents}


def current_version(documents: Iterable[Document], doc: Document) -> Document:
    """The latest version of ``doc`` (itself when nothing replaced it)."""
    known = by_id(documents)
    while doc.superseded_by:
        doc = known[doc.superseded_by]
    return doc


def replaced_version(documents: Iterable[Document], doc: Document) -> Document | None:
    """The earlier version ``doc`` replaces, if any."""
    return by_id(documents).get(doc.supersedes) if doc.supersedes else None


def counterpart(documents: Iterable[Document], doc: Document, article: Article) -> Counterpart | None:
    """For an article of a superseded text: the current version and its article of identical text."""
    if not doc.superseded_by:
        return None
    current = current_version(documents, doc)
    same = current.law.article(article.number)
    if same is not None and same.paragraphs == article.paragraphs:
        return Counterpart(current, same, True)
    identical = next((a for a in current.law.articles if a.paragraphs == article.paragraphs), None)
    return Counterpart(current, identical)


def revision_date(documents: Iterable[Document], doc: Document) -> str | None:
    """When a superseded text was revised: the ``revised`` date of the version that replaced it."""
    if not doc.superseded_by:
        return None
    return by_id(documents)[doc.superseded_by].meta.get("revised")


def state(doc: Document) -> str:
    """The library state shown in the laws index: 已被修订, 全文已录入 or 全文待录入."""
    if doc.superseded_by:
        return SUPERSEDED
    return "全文已录入" if doc.text_status == "full" else "全文待录入"
