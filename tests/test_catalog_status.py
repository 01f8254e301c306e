"""Validity status at its boundaries (issue: catalog): macros.status.status_of.

``effective`` is the first day in force, ``expires`` the last day in force, ``repealed`` the first
day no longer in force; 即将到期 means at most 30 days to ``expires``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from macros.model.status import EXPIRING_DAYS, STATUSES, status_of

DAY = timedelta(days=1)
EFFECTIVE = date(2026, 1, 1)
EXPIRES = date(2026, 12, 31)
REPEALED = date(2026, 7, 1)


def test_labels_are_the_chinese_ones():
    assert STATUSES == {
        "current": "现行有效", "expiring": "即将到期", "pending": "尚未施行",
        "unverified": "有效期待核实", "expired": "已失效", "repealed": "已废止",
    }
    assert EXPIRING_DAYS == 30


@pytest.mark.parametrize("as_of, expected", [
    (EFFECTIVE - DAY, "pending"),
    (EFFECTIVE, "current"),
    (EFFECTIVE + DAY, "current"),
])
def test_around_effective(as_of, expected):
    assert status_of(as_of, EFFECTIVE, EXPIRES, None) == expected
    assert status_of(as_of, EFFECTIVE, None, None) == expected


@pytest.mark.parametrize("as_of, expected", [
    (EXPIRES - DAY, "expiring"),
    (EXPIRES, "expiring"),  # the last day in force
    (EXPIRES + DAY, "expired"),
])
def test_around_expires(as_of, expected):
    assert status_of(as_of, EFFECTIVE, EXPIRES, None) == expected


def test_without_expiry_stays_current():
    assert status_of(date(2099, 1, 1), EFFECTIVE, None, None) == "current"


@pytest.mark.parametrize("days_left, expected", [
    (EXPIRING_DAYS + 1, "current"),
    (EXPIRING_DAYS, "expiring"),
    (0, "expiring"),
])
def test_expiring_window(days_left, expected):
    assert days_left in (31, 30, 0)
    assert status_of(EXPIRES - timedelta(days=days_left), EFFECTIVE, EXPIRES, None) == expected


@pytest.mark.parametrize("as_of, expected", [
    (REPEALED - DAY, "current"),
    (REPEALED, "repealed"),  # the first day no longer in force
    (REPEALED + DAY, "repealed"),
    (EXPIRES + DAY, "repealed"),  # repeal wins over expiry
])
def test_around_repealed(as_of, expected):
    assert status_of(as_of, EFFECTIVE, EXPIRES, REPEALED) == expected


def test_repealed_before_taking_effect():
    assert status_of(EFFECTIVE - DAY, EFFECTIVE, EXPIRES, EFFECTIVE - 2 * DAY) == "repealed"


@pytest.mark.parametrize("as_of", [date(2020, 1, 1), EXPIRES - DAY, date(2030, 6, 1)])
def test_no_effective_date_is_unverified(as_of):
    assert status_of(as_of, None, None, None) == "unverified"
    if as_of <= EXPIRES:  # a known end date does not make an unknown start date known
        assert status_of(as_of, None, EXPIRES, None) == "unverified"
