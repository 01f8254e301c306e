"""What the gap dashboard (投稿指南 → 政策信息缺口, site/gaps.py) and its open data (api/gaps.json) say,
from the loaded records: one ``gap_report``, so the pages and the JSON cannot disagree.

Per department, the records lacking each fact that makes a provision actionable (``FACTS``), the
departments with no record yet, the records past their ``review_due`` and every record flagged
待复核 (legal/review.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .addresses import FORM_URL
from .portal import Portal
from .records import Policy


@dataclass(frozen=True)
class Fact:
    """A fact a provision needs to be usable: ``present`` says whether a record states it."""

    code: str
    label: str  # the dashboard's column: 缺<label>
    fields: tuple[str, ...]  # the contract fields (dotted) that state it
    present: Callable[[Policy], bool]


FACTS = (
    Fact("validity", "施行日期或有效期", ("effective", "expires"), lambda p: bool(p.effective or p.expires)),
    # weishuoming is the vocabulary's “来源未说明”: the source does not say how the benefit is delivered
    Fact("delivery", "兑现方式", ("delivery",), lambda p: p.delivery != "weishuoming"),
    Fact("application", "申请方式", ("application",),
         lambda p: bool(p.application and (p.application.steps or p.application.where))),
    Fact("phone", "联系电话", ("contact.phone",), lambda p: bool(p.contact and p.contact.phone)),
    Fact("legal_basis", "法律依据", ("legal_basis",), lambda p: bool(p.legal_basis)),
)

# The report's own count, quoted: the records are not a subset of it (see the dashboard's sentence).
REPORT_ID = "report-2022-sme"
# The passage exactly as data/texts/ holds it (its spaces are no-break spaces from the PDF conversion).
REPORT_CLAIM = {"departments": 9, "provisions": 72,
                "passage": "公开了财政、税务、\u00a0科经等\u00a09\u00a0家单位\u00a072\u00a0条惠企政策"}


def past_review(portal: Portal) -> tuple[Policy, ...]:
    """Records past their review_due: the "overdue" review flag (macros/legal/review.py)."""
    return tuple(p for p in portal.policies if any(f.kind == "overdue" for f in portal.review_flags(p)))


def gap_report(portal: Portal) -> dict:
    """Every figure of the dashboard, as JSON-ready data (api/gaps.json)."""
    departments = []
    for term in portal.vocabularies["department"].terms:
        policies = portal.with_value("department", term.code)
        missing = {f.code: [p.id for p in policies if not f.present(p)] for f in FACTS}
        departments.append({"code": term.code, "name": term.name, "policies": [p.id for p in policies],
                            "missing": missing})
    report = portal.document(REPORT_ID)
    return {
        "as_of": portal.as_of.isoformat(),
        "recorded": len(portal.policies),
        "report_claim": {**REPORT_CLAIM, "source": report.title, "url": report.url},
        "facts": [{"code": f.code, "label": f.label, "fields": list(f.fields)} for f in FACTS],
        "missing": {f.code: sum(1 for p in portal.policies if not f.present(p)) for f in FACTS},
        "departments": departments,
        "past_review_due": [{"id": p.id, "department": p.department, "review_due": p.review_due.isoformat()}
                            for p in past_review(portal)],
        "review_flags": [{"id": p.id, "department": p.department, "flags": [f.as_dict() for f in portal.review_flags(p)]}
                         for p in portal.policies if portal.review_flags(p)],
        "without_records": [d["code"] for d in departments if not d["policies"]],
        "form": FORM_URL,
    }
