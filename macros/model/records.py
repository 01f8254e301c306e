"""A provision as loaded: every field of the record contract as an attribute of a frozen class made
from the contract (``policy_class``), plus its path and Markdown body."""

from __future__ import annotations

import re
from dataclasses import field, make_dataclass
from datetime import timedelta
from typing import Any

from ..legal.references import LegalRef
from .contract import Contract, Record

POLICY_DIR = "policies"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # a record's id: also its file's name and its address


def record_file(department: str, record_id: str) -> str:
    """Where a record's file lives in the repository, project-relative: its department's folder, named
    after its id (the rule `make new`, `make import`, `make accept` and the check's place rules follow)."""
    return f"docs/{POLICY_DIR}/{department}/{record_id}.md"


# What a new record starts with (make new, the record form, make import): when its first review is
# due, and its body's headings.
REVIEW_INTERVAL = timedelta(days=182)
BODY_TEMPLATE = """
## 这是什么

（用一两句通俗的话说明这项政策。）

## 谁可以享受

（写明条件；来源没写的，不要猜。）

## 能得到什么

（写明支持内容和额度，与来源一致。）

## 怎么办理

（写明步骤；来源没写办理方式的，写“来源未写明办理方式，请向××咨询”。）
"""


class Policy(Record):
    """A provision: every field of the contract (data/policy.schema.json) as an attribute, plus
    ``path`` (relative to docs/) and ``body`` (its Markdown). The concrete, frozen class is made
    from the contract by ``policy_class``; optional fields left empty are None, or () for lists.
    """

    path: str
    body: str

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page (directory URLs)."""
        return self.path[: -len(".md")] + "/"

    @property
    def year(self) -> int | None:
        """The document's year: published, else written, else the year in its 文号, else effective."""
        for day in (self.published_date, self.written_date):
            if day:
                return day.year
        if self.document_number:
            for marker in ("〔", "公告"):
                head, found, tail = self.document_number.partition(marker)
                if found and tail[:4].isdigit():
                    return int(tail[:4])
        return self.effective.year if self.effective else None

    def legal_reason(self, ref: LegalRef) -> str | None:
        """The record's own sentence a legal-basis link rests on (``legal_basis_reasons``): every link
        is the portal's mapping, the sources cite no article."""
        return next((r.because for r in self.legal_basis_reasons if r.article == ref.key), None)


def policy_class(contract: Contract) -> type[Policy]:
    """The frozen record class of this contract: one attribute per field, in contract order."""
    fields = [("path", str), ("body", str)] + [(f.name, Any, field(default=f.empty())) for f in contract.fields]
    return make_dataclass("PolicyRecord", fields, bases=(Policy,), frozen=True)


