"""Validity status of a provision, computed from its dates and an as-of date.

The rules are stated here once. The build ships them to the browser (``browser_rules``, embedded
in every page by overrides/main.html), where overrides/assets/js/portal-core.js applies them
with today's date, so a page that was not rebuilt still shows the right status; tests check that
both agree at the boundaries.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

EXPIRING_DAYS = 30
UTC_OFFSET_HOURS = 8  # the as-of date is the date in China, whatever the reader's time zone

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


def build_date(environ: dict[str, str] | None = None, commit_time: datetime | None = None) -> date:
    """The as-of date of a build, in China (UTC+8): SOURCE_DATE_EPOCH when set, else the time of the
    commit being built, so that two builds of one commit give the same bytes on any day; only a
    build outside a repository falls back to today."""
    environ = os.environ if environ is None else environ
    china = timezone(timedelta(hours=UTC_OFFSET_HOURS))
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), china)
    elif commit_time is not None:
        moment = commit_time.astimezone(china)
    else:
        moment = datetime.now(china)
    return moment.date()
