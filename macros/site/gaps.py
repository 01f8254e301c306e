"""The gap dashboard (投稿指南 → 政策信息缺口, guide/gaps/) and one page per department with records
(guide/gaps/<department>/, generated like the catalog's pages): a clerk opens one page the size of
their department, not one of the whole province. Both render ``model/gaps.py``'s ``gap_report``."""

from __future__ import annotations

from functools import partial

from ..model.addresses import DASHBOARD_URL, FORM_URL, department_gaps_url
from ..model.gaps import gap_report
from ..model.portal import Portal
from .catalog import GeneratedPage
from .changed import record_files
from .render import fragment


def gap_dashboard(portal: Portal, here: str) -> str:
    return fragment(portal, "gaps.html", here=here, report=gap_report(portal), form=FORM_URL,
                    department_url=department_gaps_url)


def gap_pages(portal: Portal) -> list[GeneratedPage]:
    """One page per department with records: what its records lack, which are overdue or flagged."""
    report = gap_report(portal)
    files_of: dict[str, list[str]] = {}
    for path, policy in zip(record_files(portal.policies), portal.policies, strict=True):
        files_of.setdefault(policy.department, []).append(path)
    pages = []
    for department in report["departments"]:
        if not department["policies"]:
            continue
        code = department["code"]
        render = partial(fragment, portal, "gaps-department.html", here=department_gaps_url(code), report=report,
                         department=department, form=FORM_URL, dashboard=DASHBOARD_URL,
                         past_review_due=[r for r in report["past_review_due"] if r["department"] == code],
                         review_flags=[r for r in report["review_flags"] if r["department"] == code])
        pages.append(GeneratedPage(department_gaps_url(code) + "index.md", f"政策信息缺口：{department['name']}", render,
                                   tuple(files_of.get(code, ()))))
    return pages
