"""The calendar under every deadline: the Amsterdam receipt day, month arithmetic, rolling past
weekends and Dutch public holidays, the end of a day across DST, and days left (the watch)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.deadlines import (
    AMSTERDAM,
    DsarDeadlines,
    add_months,
    breach_authority_due_at,
    days_until,
    dsar_deadlines,
    end_of_day,
    exit_effective_date,
    extended_due_date,
    extension_allowed,
    is_overdue,
    receipt_day,
    roll_forward,
)
from tests.support.instants import ams, utc

# --- receipt_day: the Amsterdam calendar day -------------------------------------------------


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        (utc(2026, 1, 31, 23, 30), date(2026, 2, 1)),  # winter: UTC+1, so already the next day
        (utc(2026, 1, 31, 22, 59, 59), date(2026, 1, 31)),
        (utc(2026, 1, 31, 23, 0), date(2026, 2, 1)),  # exactly Amsterdam midnight
        (utc(2026, 6, 30, 21, 59, 59), date(2026, 6, 30)),  # summer UTC+2
        (utc(2026, 6, 30, 22, 0), date(2026, 7, 1)),
        (utc(2026, 6, 30, 22, 30), date(2026, 7, 1)),
        (utc(2026, 12, 31, 23, 30), date(2027, 1, 1)),  # year boundary
        (ams(2026, 3, 29, 3, 0), date(2026, 3, 29)),  # DST start
        (datetime(2026, 2, 1, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")), date(2026, 2, 1)),  # 00:00 Amsterdam
        (datetime(2026, 2, 1, 7, 59, tzinfo=ZoneInfo("Asia/Tokyo")), date(2026, 1, 31)),
        (datetime(2026, 1, 31, 18, 0, tzinfo=ZoneInfo("America/New_York")), date(2026, 2, 1)),
    ],
)
def test_receipt_day(ts, expected):
    assert receipt_day(ts) == expected


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 1, 31, 12, 0)
    with pytest.raises(ValueError, match="received_at"):
        receipt_day(naive)
    with pytest.raises(ValueError):
        dsar_deadlines(naive)
    with pytest.raises(ValueError):
        extended_due_date(naive)
    with pytest.raises(ValueError, match="now"):
        extension_allowed(utc(2026, 1, 1), naive)
    with pytest.raises(ValueError, match="became_aware_at"):
        breach_authority_due_at(naive)
    with pytest.raises(ValueError, match="notice_at"):
        exit_effective_date(naive)
    with pytest.raises(ValueError, match="now"):
        days_until(date(2026, 1, 1), naive)
    with pytest.raises(ValueError, match="now"):
        is_overdue(date(2026, 1, 1), naive)


# --- add_months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2026, 5, 5), 1, date(2026, 6, 5)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # not a leap year (century)
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # leap year (400)
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 2, 28), 2, date(2026, 4, 28)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 5, 5), 12, date(2027, 5, 5)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_add_months(d, n, expected):
    assert add_months(d, n) == expected


# --- roll_forward ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 24), date(2026, 11, 24)),  # Tuesday: unchanged
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday → Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday → Sat, Sun, Easter Monday → Tuesday
        (date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday
        (date(2026, 4, 27), date(2026, 4, 28)),  # King's Day (Monday)
        (date(2025, 4, 26), date(2025, 4, 28)),  # King's Day 2025 on Saturday
        (date(2026, 5, 5), date(2026, 5, 6)),
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension
        (date(2026, 5, 25), date(2026, 5, 26)),  # Whit Monday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Friday → Monday
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year Friday → Monday
        (date(2027, 12, 25), date(2027, 12, 27)),  # Saturday, 26th Sunday → Monday
        (date(2026, 12, 24), date(2026, 12, 24)),  # Christmas Eve is a working day
        (date(2026, 12, 31), date(2026, 12, 31)),  # so is New Year's Eve
    ],
)
def test_roll_forward(d, expected):
    assert roll_forward(d) == expected


def test_longest_roll_forward():
    # Easter on 25 April 2038: Good Friday 23, weekend, Easter Monday 26, King's Day 27 → 28.
    assert roll_forward(date(2038, 4, 23)) == date(2038, 4, 28)
    assert dsar_deadlines(ams(2038, 3, 23, 9)) == DsarDeadlines(date(2038, 4, 23), date(2038, 4, 28))


def test_roll_forward_with_decreed_extra_day():
    bridge = date(2026, 5, 15)  # Friday after Ascension, if decreed
    assert roll_forward(date(2026, 5, 14), extra=[bridge]) == date(2026, 5, 18)
    # A generator works as well: it is consumed once, not per checked day.
    assert roll_forward(date(2026, 5, 14), extra=(d for d in [bridge])) == date(2026, 5, 18)


# --- end of day -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected_utc"),
    [
        (date(2026, 1, 15), utc(2026, 1, 15, 23, 0)),  # winter
        (date(2026, 7, 15), utc(2026, 7, 15, 22, 0)),  # summer
        (date(2026, 3, 28), utc(2026, 3, 28, 23, 0)),  # day before DST start
        (date(2026, 3, 29), utc(2026, 3, 29, 22, 0)),  # DST start day (23 h long)
        (date(2026, 10, 25), utc(2026, 10, 25, 23, 0)),  # DST end day (25 h long)
    ],
)
def test_end_of_day(d, expected_utc):
    eod = end_of_day(d)
    assert eod.tzinfo is not None
    assert eod == expected_utc
    assert eod.astimezone(AMSTERDAM).date() == d + timedelta(days=1)
    assert (eod.astimezone(AMSTERDAM).hour, eod.astimezone(AMSTERDAM).minute) == (0, 0)


def day_length(d: date) -> timedelta:
    return end_of_day(d).astimezone(UTC) - end_of_day(d - timedelta(days=1)).astimezone(UTC)


def test_dst_day_lengths_via_end_of_day():
    assert day_length(date(2026, 3, 29)) == timedelta(hours=23)
    assert day_length(date(2026, 10, 25)) == timedelta(hours=25)
    assert day_length(date(2026, 11, 24)) == timedelta(hours=24)


def test_is_overdue():
    due = date(2026, 6, 5)
    assert not is_overdue(due, utc(2026, 6, 5, 21, 59, 59))
    assert is_overdue(due, utc(2026, 6, 5, 22, 0))
    assert is_overdue(due, ams(2026, 6, 6, 0, 0))


# --- days_until (deadline watch: 7 and 2 days, overdue) ---------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 5, 29, 10, 0), 7),
        (utc(2026, 6, 3, 21, 59), 2),  # 23:59 CEST on 3 June
        (utc(2026, 6, 3, 22, 0), 1),  # 00:00 CEST on 4 June
        (utc(2026, 6, 5, 21, 59), 0),
        (utc(2026, 6, 5, 22, 0), -1),  # overdue
        (utc(2026, 6, 15, 12, 0), -10),
    ],
)
def test_days_until(now, expected):
    assert days_until(date(2026, 6, 5), now) == expected


def test_days_until_winter_boundary():
    assert days_until(date(2026, 2, 2), utc(2026, 1, 31, 22, 59)) == 2
    assert days_until(date(2026, 2, 2), utc(2026, 1, 31, 23, 0)) == 1
