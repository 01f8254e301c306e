"""Validity status at its boundaries (issue: catalog): macros.model.status.status_of.

``effective`` is the first day in force, ``expires`` the last day in force, ``repealed`` the first
day no longer in force; 即将到期 means at most EXPIRING_DAYS days to ``expires``. ``delivered`` (the
year of a past one-off payout) makes a record 已兑现 whatever its dates, unless it was repealed or
expired; it is never applicable (the matcher never offers it).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from macros.model.status import APPLICABLE, EXPIRING_DAYS, MEANINGS, STATUSES, status_of

DAY = timedelta(days=1)
EFFECTIVE = date(2026, 1, 1)
EXPIRES = date(2026, 12, 31)
REPEALED = date(2026, 7, 1)

# (why, as of, effective, expires, repealed, one-off payout's year, the status)
CASES = [
    ("the day before it takes effect", EFFECTIVE - DAY, EFFECTIVE, EXPIRES, None, None, "pending"),
    ("the day it takes effect", EFFECTIVE, EFFECTIVE, EXPIRES, None, None, "current"),
    ("the day after it takes effect", EFFECTIVE + DAY, EFFECTIVE, EXPIRES, None, None, "current"),
    ("the day before it takes effect, no end", EFFECTIVE - DAY, EFFECTIVE, None, None, None, "pending"),
    ("the day it takes effect, no end", EFFECTIVE, EFFECTIVE, None, None, None, "current"),
    ("the day after it takes effect, no end", EFFECTIVE + DAY, EFFECTIVE, None, None, None, "current"),
    ("years later, no end", date(2099, 1, 1), EFFECTIVE, None, None, None, "current"),
    ("one day more than the window before its end", EXPIRES - (EXPIRING_DAYS + 1) * DAY, EFFECTIVE, EXPIRES, None,
     None, "current"),
    ("the window's first day", EXPIRES - EXPIRING_DAYS * DAY, EFFECTIVE, EXPIRES, None, None, "expiring"),
    ("the day before its end", EXPIRES - DAY, EFFECTIVE, EXPIRES, None, None, "expiring"),
    ("its last day in force", EXPIRES, EFFECTIVE, EXPIRES, None, None, "expiring"),
    ("the day after its end", EXPIRES + DAY, EFFECTIVE, EXPIRES, None, None, "expired"),
    ("the day before its repeal", REPEALED - DAY, EFFECTIVE, EXPIRES, REPEALED, None, "current"),
    ("the first day no longer in force", REPEALED, EFFECTIVE, EXPIRES, REPEALED, None, "repealed"),
    ("the day after its repeal", REPEALED + DAY, EFFECTIVE, EXPIRES, REPEALED, None, "repealed"),
    ("past its end, repealed: repeal wins", EXPIRES + DAY, EFFECTIVE, EXPIRES, REPEALED, None, "repealed"),
    ("repealed before taking effect", EFFECTIVE - DAY, EFFECTIVE, EXPIRES, EFFECTIVE - 2 * DAY, None, "repealed"),
    ("no date at all, long ago", date(2020, 1, 1), None, None, None, None, "unverified"),
    ("no date at all, a day before the end date of the others", EXPIRES - DAY, None, None, None, None, "unverified"),
    ("no date at all, later", date(2030, 6, 1), None, None, None, None, "unverified"),
    # a known end date does not make an unknown start date known
    ("only an end date, long before it", date(2020, 1, 1), None, EXPIRES, None, None, "unverified"),
    ("only an end date, the day before it", EXPIRES - DAY, None, EXPIRES, None, None, "unverified"),
    ("a one-off payout with no dates", date(2026, 12, 1), None, None, None, 2022, "delivered"),
    ("a one-off payout in force by its dates", EFFECTIVE + DAY, EFFECTIVE, EXPIRES, None, 2022, "delivered"),
    ("a one-off payout before its dates", EFFECTIVE - DAY, EFFECTIVE, None, None, 2022, "delivered"),
    ("a one-off payout past its end: expired wins", EXPIRES + DAY, EFFECTIVE, EXPIRES, None, 2022, "expired"),
    ("a one-off payout repealed: repeal wins", REPEALED, EFFECTIVE, EXPIRES, REPEALED, 2022, "repealed"),
]


@pytest.mark.parametrize("as_of, effective, expires, repealed, delivered, expected", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_status_at_its_boundaries(as_of, effective, expires, repealed, delivered, expected):
    assert status_of(as_of, effective, expires, repealed, delivered) == expected


def test_every_status_the_rules_give_has_a_label_and_a_meaning():
    """The cases above reach every status; each has its label and its meaning, and no other is listed."""
    assert {case[-1] for case in CASES} == set(STATUSES) == set(MEANINGS)
    assert str(EXPIRING_DAYS) in MEANINGS["expiring"]  # what readers are told is the window applied
    assert "delivered" not in APPLICABLE  # a past one-off payout is a result, never an offer
