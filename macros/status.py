"""Validity status of a provision, computed from its dates and an as-of date.

The same rules run in the browser (overrides/assets/js/portal.js, ``statusOf``) so a page
that was not rebuilt still shows the right status; tests check both agree at the boundaries.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

EXPIRING_DAYS = 30

# code -> (label, CSS modifier); the order is the order of the status index pages
STATUSES = {
    "current": "现行有效",
    "expiring": "即将到期",
    "pending": "尚未施行",
    "unverified": "有效期待核实",
    "expired": "已失效",
    "repealed": "已废止",
}
APPLICABLE = ("current", "expiring", "unverified")


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


def build_date(environ: dict[str, str] | None = None) -> date:
    """The as-of date of a build: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC+8)."""
    environ = os.environ if environ is None else environ
    china = timezone(timedelta(hours=8))
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), china) if epoch else datetime.now(china)
    return moment.date()
