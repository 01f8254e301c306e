"""The gap dashboard (投稿指南 → 政策信息缺口) and its open data (api/gaps.json), from the loaded records.

The dashboard (guide/gaps/) counts, per department, the records lacking each fact that makes a
provision actionable, and names the departments with no record yet. Each department with records
has a page of its own (guide/gaps/<department>/, generated like the catalog's pages) listing those
records, the records past their ``review_due`` and every record flagged 待复核 (macros/review.py):
a clerk opens one page the size of their department, not one of the whole province. The pages and
the JSON are made from the same ``gap_report`` value, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .pages import GeneratedPage
from .records import Policy, Portal

GAPS_PATH = "api/gaps.json"
FORM_URL = "guide/new/"
DASHBOARD_URL = "guide/gaps/"


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
    """Records past their review_due: the "overdue" review flag (macros/review.py)."""
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


def department_url(code: str) -> str:
    return f"{DASHBOARD_URL}{code}/"


def gap_dashboard(portal: Portal, here: str) -> str:
    from .render import fragment
    return fragment(portal, "gaps.html", here=here, report=gap_report(portal), form=FORM_URL, department_url=department_url)


def gap_pages(portal: Portal) -> list[GeneratedPage]:
    """One page per department with records: what its records lack, which are overdue or flagged."""
    from .render import fragment
    report = gap_report(portal)
    pages = []
    for department in report["departments"]:
        if not department["policies"]:
            continue
        code = department["code"]
        render = partial(fragment, portal, "gaps-department.html", here=department_url(code), report=report,
                         department=department, form=FORM_URL, dashboard=DASHBOARD_URL,
                         past_review_due=[r for r in report["past_review_due"] if r["department"] == code],
                         review_flags=[r for r in report["review_flags"] if r["department"] == code])
        pages.append(GeneratedPage(department_url(code) + "index.md", f"政策信息缺口：{department['name']}", render))
    return pages
