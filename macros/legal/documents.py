"""The portal's own laws, regulations and reports (data/documents.yml, read and checked by
load/documents.py): a frozen ``Document`` each, with its parsed text when it is a law whose full text
is entered, or its body when it is a report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .text import LawText

KINDS = {"law": "法律", "regulation": "法规", "report": "报告"}
SUPERSEDED = "已被修订"  # the state of a text replaced by a later version (pages, search, review flags)
TEXT_STATUSES = {"full": "全文已录入", "pending": "全文待录入"}


@dataclass(frozen=True)
class Document:
    """A portal-owned law, regulation or report from data/documents.yml."""

    id: str
    kind: str  # law / regulation / report
    title: str
    page: str  # relative to docs/
    text_status: str  # full / pending
    meta: Mapping[str, Any]  # every field of the row, for the optional display fields
    law: LawText | None = None
    body: str | None = None  # full text of a report (front matter removed)
    superseded_by: str | None = None  # the id of the version that replaced this text

    @property
    def url(self) -> str:
        return self.page[: -len(".md")] + "/"

    @property
    def supersedes(self) -> str | None:
        """The id of the earlier version this text replaces."""
        return self.meta.get("supersedes")

    @property
    def label(self) -> str:
        """《title》, with the edition when there is one (two versions share a title)."""
        edition = self.meta.get("edition")
        title = self.title.replace("《", "〈").replace("》", "〉")  # a title inside 《》 quotes its own with 〈〉
        return f"《{title}》" + (f"（{edition}）" if edition else "")

    @property
    def annotations(self) -> tuple[Mapping[str, str], ...]:
        return tuple(self.meta.get("annotations") or ())


def flat(text: str) -> str:
    """Text without whitespace: the report keeps the stray spaces of its PDF conversion."""
    return re.sub(r"\s+", "", text)


def paragraphs_of(body: str) -> list[str]:
    """A report's paragraphs: its non-empty lines, stripped (as its page shows them, numbered from 1)."""
    return [line.strip() for line in body.split("\n") if line.strip()]


def paragraph_with(body: str, quote: str) -> int | None:
    """The number (from 1) of the first paragraph holding ``quote``, whitespace aside; None if none does."""
    wanted = flat(quote)
    return next((n for n, text in enumerate(paragraphs_of(body), 1) if wanted in flat(text)), None)


def annotated(doc_annotations, paragraph: str) -> list[Mapping[str, Any]]:
    """The annotations whose quote is in this paragraph (one line of a report)."""
    return [note for note in doc_annotations if flat(note["quote"]) in flat(paragraph)]


