"""When a page's content last changed, from the repository's history (one ``git log`` per build:
load/history.py), as a date in China: the newest commit of the files the page is made from (its own
Markdown file, the records it lists, the texts it shows). A build without history, or a page made
from a file changed since the last commit, says nothing rather than a wrong date; the build clock
is never used."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.clock import CHINA
from ..legal.documents import Document
from ..model.portal import Portal
from ..model.records import Policy

DOCUMENTS = "data/documents.yml"


def record_files(policies: Iterable[Policy]) -> tuple[str, ...]:
    """The project-relative files of records (what a listing of them is made from)."""
    return tuple(f"docs/{p.path}" for p in policies)


def document_files(doc: Document) -> tuple[str, ...]:
    """A law's, regulation's or report's row and its text (data/documents.yml, data/texts/)."""
    text = doc.meta.get("text")
    return (DOCUMENTS, f"data/{text}") if text else (DOCUMENTS,)


def last_changed(portal: Portal, files: Iterable[str]) -> str | None:
    """YYYY-MM-DD in China of the newest change of ``files``, or None (no history, no commit)."""
    if not portal.history.available:
        return None
    when = portal.history.newest(files)
    return when.astimezone(CHINA).date().isoformat() if when else None
