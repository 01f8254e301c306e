"""Validity status of a provision, computed from its dates and an as-of date.

The rules are stated here once. The build ships them to the browser (``browser_rules``, embedded
in every page by overrides/main.html), where overrides/assets/js/portal-core.js applies them
with today's date, so a page that was not rebuilt still shows the right status; tests check that
both agree at the boundaries.
"""

from __future__ import annotations

from datetime import date

from ..core.clock import UTC_OFFSET_HOURS

EXPIRING_DAYS = 30

# code -> label; the order is the order of the status index pages and of the filters
STATUSES = {
    "current": "现行有效",
    "expiring": "即将到期",
    "pending": "尚未施行",
    "unverified": "有效期待核实",
    "expired": "已失效",
    "repealed": "已废止",
}
# what each status means, for readers (the catalog's 状态说明)
MEANINGS = {
    "current": "已施行且未到截止日期",
    "expiring": f"{EXPIRING_DAYS} 天内到截止日期",
    "pending": "还没到施行日期",
    "unverified": "来源没有给出施行日期，请向主管部门确认",
    "expired": "已过截止日期，不再适用",
    "repealed": "已废止，不再适用",
}
APPLICABLE = ("current", "expiring", "unverified")  # what the matcher may offer


def browser_status_rules() -> dict:
    """The rules above as data for the browser's ``statusOf``."""
    return {"labels": STATUSES, "meanings": MEANINGS, "expiring_days": EXPIRING_DAYS,
            "utc_offset_hours": UTC_OFFSET_HOURS, "applicable": list(APPLICABLE)}


def status_of(as_of: date, effective: date | None, expires: date | None, repealed: date | None) -> str:
    """``expires`` is the last day in force; ``repealed`` is the first day no longer in force;
    即将到期 means ``expires`` is at most EXPIRING_DAYS days away."""
    if repealed and as_of >= repealed:
        return "repealed"
    if expires and as_of > expires:
        return "expired"
    if effective is None:
        return "unverified"
    if as_of < effective:
        return "pending"
    if expires and (expires - as_of).days <= EXPIRING_DAYS:
        return "expiring"
    return "current"
