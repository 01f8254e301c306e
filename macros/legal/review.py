"""Review flags (待复核): the one statement of when a provision must be checked again.

A record is flagged when
- its legal basis cites a text that a later version has replaced (data/documents.yml
  ``supersedes``): “所依据的《…》已于 YYYY-MM-DD 修订，本条待复核”;
- the as-of date is past its ``review_due``.

The flags are computed at build time from the records and the as-of date, and shown on the record
page, in the catalog filters (the ``review`` facet, macros/model/facets.py), in the open data and by
``python -m macros check`` as warnings (which never fail the check or the build). Other modules
call ``flags_of`` / ``Portal.review_flags``; the department dashboard reads them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..core.problems import Problem
from .documents import Document
from .references import LegalRef
from .versions import current_version, revision_date

FLAGGED, CLEAR = "flagged", "clear"
# facet code -> label, in the order of the catalog filters and index pages
FACET_VALUES = {FLAGGED: "待复核", CLEAR: "无需复核"}
FACET_MEANINGS = {FLAGGED: "所依据的法律法规已被修订，或已过下次核对日期", CLEAR: "依据现行文本，且未到下次核对日期"}


@dataclass(frozen=True)
class ReviewFlag:
    kind: str  # "superseded" (cites a replaced text) or "overdue" (past review_due)
    field: str  # the record field it is about, for the check's line: legal_basis[i] or review_due
    message: str  # the sentence shown to readers and clerks
    detail: str = ""  # what to do about it
    url: str | None = None  # site path of the current version (superseded)
    link_text: str = ""  # what that link says: the current version's 《title》（edition）

    def as_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "detail": self.detail, "url": self.url}


def superseded_flags(documents: Iterable[Document], legal_basis: Iterable[LegalRef]) -> list[ReviewFlag]:
    """One flag per superseded text cited (however many of its articles are cited)."""
    documents = tuple(documents)
    known = {d.id: d for d in documents}
    cited: dict[str, list[tuple[int, LegalRef]]] = {}
    for index, ref in enumerate(legal_basis):
        doc = known.get(ref.law)
        if doc is not None and doc.superseded_by:
            cited.setdefault(doc.id, []).append((index, ref))
    flags = []
    for doc_id, refs in cited.items():
        doc = known[doc_id]
        current = current_version(documents, doc)
        articles = "、".join(ref.article for _, ref in refs)
        flags.append(ReviewFlag(
            "superseded", f"legal_basis[{refs[0][0]}]",
            f"所依据的{doc.label}已于 {revision_date(documents, doc)} 修订，本条待复核",
            f"本条引用的是旧文本的{articles}；请对照现行文本{current.label}核对本条是否仍然成立，"
            f"并把 legal_basis 改为现行文本的条文（{current.id}#第X条）", current.url, current.label))
    return flags


def overdue_flag(review_due: date | None, as_of: date) -> ReviewFlag | None:
    if review_due is None or as_of <= review_due:
        return None
    return ReviewFlag("overdue", "review_due", f"本条的下次核对日期 {review_due.isoformat()} 已过，本条待复核",
                      "请向主管部门核对本条是否仍然有效、内容是否变化，核对后更新 last_reviewed 和 review_due")


def flags_of(documents: Iterable[Document], legal_basis: Iterable[LegalRef], review_due: date | None,
             as_of: date) -> tuple[ReviewFlag, ...]:
    overdue = overdue_flag(review_due, as_of)
    return tuple(superseded_flags(documents, legal_basis)) + ((overdue,) if overdue else ())


def facet_value(flags: Iterable[ReviewFlag]) -> str:
    return FLAGGED if tuple(flags) else CLEAR


def warnings_of(path: str, line_of, flags: Iterable[ReviewFlag]) -> list[Problem]:
    """The flags of one record file as located warnings for ``python -m macros check``."""
    return [Problem(path, line_of(flag.field), flag.field, f"{flag.message}（{flag.detail}）") for flag in flags]


PENDING_TEXT = "全文待录入"  # how a source whose text is not on the portal says so (its passage)


def sole_report(documents: Iterable[Document], sources) -> Document | None:
    """The one report a record's facts rest on, when it is the only source the portal holds: every
    other source names a document whose text is not entered (its passage says 全文待录入). The
    record page then says “据 YYYY 年报告”: the report describes measures as they were then."""
    reports = {f"/{d.url}": d for d in documents if d.kind == "report"}
    cited = set()
    for source in sources:
        if source.url in reports:
            cited.add(source.url)
        elif PENDING_TEXT not in (source.passage or ""):
            return None
    return reports[cited.pop()] if len(cited) == 1 else None


def report_year(report: Document) -> str:
    return str(report.meta.get("delivered") or report.meta.get("published") or "")[:4]
