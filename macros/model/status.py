"""Validity status of a provision, computed from its dates and an as-of date.

The rules are stated here once, as data: ``STATUS_RULES``, ordered rows of a status and the
conditions on the record's dates under which it applies (the first row whose conditions all hold
wins). ``status_of`` evaluates the table in Python; the build ships the same table to the browser
(``browser_status_rules``, in every page and in api/catalog.json), where
overrides/assets/js/lib/status.js evaluates it with today's date, so a page that was not rebuilt
still shows the right status. tests/test_js.py checks that both evaluators agree at the boundaries.
"""

from __future__ import annotations

import operator
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
    "delivered": "已兑现（一次性）",
}
# what each status means, for readers (the catalog's 状态说明)
MEANINGS = {
    "current": "已施行且未到截止日期",
    "expiring": f"{EXPIRING_DAYS} 天内到截止日期",
    "pending": "还没到施行日期",
    "unverified": "来源没有给出施行日期，请向主管部门确认",
    "expired": "已过截止日期，不再适用",
    "repealed": "已废止，不再适用",
    "delivered": "往年的一次性兑现，已经发放，不能再申请",
}
APPLICABLE = ("current", "expiring", "unverified")  # what the matcher may offer

# A condition is about one of the record's dates: {"date": field, "missing": true} holds when the
# record has no such date; {"date": field, "is": op, "days": n} holds when the record has it and
# (date - as_of) in days compares to n by op. ``expires`` is the last day in force; ``repealed``
# the first day no longer in force. {"field": name, "present": true} holds when the record fills
# that field: ``delivered`` (the year of a past one-off payout, which is an outcome, not an offer).
STATUS_RULES = (
    {"status": "repealed", "when": [{"date": "repealed", "is": "<=", "days": 0}]},
    {"status": "expired", "when": [{"date": "expires", "is": "<", "days": 0}]},
    {"status": "delivered", "when": [{"field": "delivered", "present": True}]},
    {"status": "unverified", "when": [{"date": "effective", "missing": True}]},
    {"status": "pending", "when": [{"date": "effective", "is": ">", "days": 0}]},
    {"status": "expiring", "when": [{"date": "expires", "is": "<=", "days": EXPIRING_DAYS}]},
    {"status": "current", "when": []},
)
COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}


def browser_status_rules() -> dict:
    """The rules above as data for the browser (lib/status.js)."""
    return {"labels": STATUSES, "meanings": MEANINGS, "table": list(STATUS_RULES),
            "utc_offset_hours": UTC_OFFSET_HOURS, "applicable": list(APPLICABLE)}


def _holds(condition: dict, dates: dict[str, date | int | None], as_of: date) -> bool:
    if "field" in condition:
        return (dates[condition["field"]] is not None) == condition["present"]
    value = dates[condition["date"]]
    if condition.get("missing"):
        return value is None
    return value is not None and COMPARISONS[condition["is"]]((value - as_of).days, condition["days"])


def status_of(as_of: date, effective: date | None, expires: date | None, repealed: date | None,
              delivered: int | None = None) -> str:
    """The first row of STATUS_RULES whose conditions hold for these dates (and the one-off payout's
    year, ``delivered``) on ``as_of``."""
    dates = {"effective": effective, "expires": expires, "repealed": repealed, "delivered": delivered}
    return next(row["status"] for row in STATUS_RULES if all(_holds(c, dates, as_of) for c in row["when"]))
