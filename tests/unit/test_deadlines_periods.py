"""The legal periods: a DSAR's month (Art. 12(3) GDPR) and its extension, a breach's 72 hours
(Art. 33), and a client exit's 60 days."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.deadlines import (
    AMSTERDAM,
    DsarDeadlines,
    breach_authority_due_at,
    dsar_deadlines,
    exit_effective_date,
    extended_due_date,
    extension_allowed,
)
from tests.support.instants import ams, utc

# --- DSAR one month ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "target", "due"),
    [
        # Worked example: received 5 May → last day 5 June (Friday 2026: no roll).
        (ams(2026, 5, 5, 10, 0), date(2026, 6, 5), date(2026, 6, 5)),
        # Worked example: 31 January → 28 February (a Saturday in 2026 → Monday 2 March).
        (ams(2026, 1, 31, 12, 0), date(2026, 2, 28), date(2026, 3, 2)),
        # Leap year: 29 February 2028 is a Tuesday.
        (ams(2028, 1, 31, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        (ams(2028, 1, 29, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        (ams(2028, 1, 30, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        # Worked example: 23:30 UTC on 31 January is 1 February → 1 March (Sunday) → Monday 2 March.
        (utc(2026, 1, 31, 23, 30), date(2026, 3, 1), date(2026, 3, 2)),
        # Summer boundary: 22:30 UTC on 30 June is 1 July in Amsterdam.
        (utc(2026, 6, 30, 22, 30), date(2026, 8, 1), date(2026, 8, 3)),
        (utc(2026, 6, 30, 21, 30), date(2026, 7, 30), date(2026, 7, 30)),
        # 31 March → 30 April.
        (ams(2026, 3, 31, 9, 0), date(2026, 4, 30), date(2026, 4, 30)),
        # Holidays on the nominal last day.
        (ams(2026, 3, 27, 9, 0), date(2026, 4, 27), date(2026, 4, 28)),  # King's Day
        (ams(2026, 3, 6, 9, 0), date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday
        (ams(2026, 3, 3, 9, 0), date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday
        (ams(2026, 4, 5, 9, 0), date(2026, 5, 5), date(2026, 5, 6)),  # Liberation Day
        (ams(2026, 4, 14, 9, 0), date(2026, 5, 14), date(2026, 5, 15)),  # Ascension
        (ams(2026, 4, 25, 9, 0), date(2026, 5, 25), date(2026, 5, 26)),  # Whit Monday
        (ams(2026, 11, 25, 9, 0), date(2026, 12, 25), date(2026, 12, 28)),  # Christmas
        (ams(2026, 11, 26, 9, 0), date(2026, 12, 26), date(2026, 12, 28)),  # Boxing Day (Sat)
        (ams(2026, 12, 1, 9, 0), date(2027, 1, 1), date(2027, 1, 4)),  # New Year
        (ams(2025, 3, 26, 9, 0), date(2025, 4, 26), date(2025, 4, 28)),  # King's Day 2025 (Sat)
    ],
)
def test_dsar_deadlines(received_at, target, due):
    assert dsar_deadlines(received_at) == DsarDeadlines(target_date=target, due_date=due)


def test_dsar_deadlines_with_decreed_day():
    result = dsar_deadlines(ams(2026, 4, 14, 9, 0), extra=[date(2026, 5, 15)])
    assert result == DsarDeadlines(date(2026, 5, 14), date(2026, 5, 18))


def test_dsar_deadlines_is_frozen():
    result = dsar_deadlines(ams(2026, 5, 5, 10, 0))
    with pytest.raises(AttributeError):
        result.due_date = date(2030, 1, 1)  # type: ignore[misc]


# --- extension --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        # Worked example: nominal end 28 Feb + 2 months = 28 April (Tue), earlier than 30 April.
        (ams(2026, 1, 31, 12, 0), date(2026, 4, 28)),
        (ams(2026, 1, 30, 12, 0), date(2026, 4, 28)),
        (ams(2026, 5, 5, 10, 0), date(2026, 8, 5)),  # both readings agree
        # 31 May: 30 June + 2 = 30 August (Sunday) → 31 August; receipt + 3 = 31 August.
        (ams(2026, 5, 31, 10, 0), date(2026, 8, 31)),
        # 31 December: 31 January + 2 = 31 March; receipt + 3 = 31 March 2027 (Wednesday).
        (ams(2026, 12, 31, 10, 0), date(2027, 3, 31)),
        # Leap year 2028: 29 Feb + 2 = 29 April (Saturday) → 1 May (Monday).
        (ams(2028, 1, 31, 10, 0), date(2028, 5, 1)),
        # Landing on Christmas: received 25 September 2026 → 25 December → 28 December.
        (ams(2026, 9, 25, 10, 0), date(2026, 12, 28)),
        # Landing on King's Day 2026: received 27 January → 27 April (Mon) → 28 April.
        (ams(2026, 1, 27, 10, 0), date(2026, 4, 28)),
    ],
)
def test_extended_due_date(received_at, expected):
    assert extended_due_date(received_at) == expected


def test_extension_allowed_until_end_of_original_due_date():
    received = ams(2026, 5, 5, 10, 0)  # due Friday 5 June 2026, CEST (UTC+2)
    assert extension_allowed(received, ams(2026, 5, 6, 9, 0))
    assert extension_allowed(received, ams(2026, 6, 5, 23, 59, 59))
    assert extension_allowed(received, utc(2026, 6, 5, 21, 59, 59))
    assert not extension_allowed(received, ams(2026, 6, 6, 0, 0))
    assert not extension_allowed(received, utc(2026, 6, 5, 22, 0))
    assert not extension_allowed(received, utc(2026, 7, 1))


def test_extension_allowed_uses_rolled_forward_due_date_in_winter():
    received = ams(2026, 1, 31, 12, 0)  # target Sat 28 Feb, due Mon 2 March, CET (UTC+1)
    assert extension_allowed(received, ams(2026, 3, 1, 12, 0))
    assert extension_allowed(received, utc(2026, 3, 2, 22, 59, 59))
    assert not extension_allowed(received, utc(2026, 3, 2, 23, 0))


# --- breach 72 hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "expected_utc"),
    [
        (utc(2026, 11, 24, 9, 0), utc(2026, 11, 27, 9, 0)),
        # Across the DST start (29 March 2026): 12:00 CET → 13:00 CEST wall clock, 72 h elapsed.
        (ams(2026, 3, 27, 12, 0), utc(2026, 3, 30, 11, 0)),
        # Across the DST end (25 October 2026): 12:00 CEST → 11:00 CET wall clock.
        (ams(2026, 10, 23, 12, 0), utc(2026, 10, 26, 10, 0)),
        # Starting inside the ambiguous hour: fold decides the instant.
        (datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=AMSTERDAM), utc(2026, 10, 28, 0, 30)),
        (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM), utc(2026, 10, 28, 1, 30)),
        # Over a weekend and a holiday: hours are hours.
        (ams(2026, 12, 24, 18, 0), utc(2026, 12, 27, 17, 0)),
    ],
)
def test_breach_authority_due_at(aware, expected_utc):
    due = breach_authority_due_at(aware)
    assert due == expected_utc
    assert due.utcoffset() == timedelta(0)
    assert due.tzinfo is UTC
    assert (due - aware.astimezone(UTC)).total_seconds() == 72 * 3600


def test_breach_wall_clock_shifts_across_dst():
    spring = breach_authority_due_at(ams(2026, 3, 27, 12, 0, 7)).astimezone(AMSTERDAM)
    assert (spring.day, spring.hour, spring.second) == (30, 13, 7)
    autumn = breach_authority_due_at(ams(2026, 10, 23, 12, 0, 7)).astimezone(AMSTERDAM)
    assert (autumn.day, autumn.hour, autumn.second) == (26, 11, 7)


# --- exit, 60 days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice_at", "expected"),
    [
        (utc(2026, 11, 24, 10, 0), date(2027, 1, 23)),  # a Saturday: no roll-forward
        (utc(2026, 12, 31, 23, 30), date(2027, 3, 2)),  # Amsterdam day is 1 January 2027
        (utc(2026, 12, 31, 22, 59), date(2027, 3, 1)),
        (ams(2027, 12, 31, 12, 0), date(2028, 2, 29)),  # leap year
        (ams(2026, 10, 26, 12, 0), date(2026, 12, 25)),  # Christmas: contractual, no roll-forward
    ],
)
def test_exit_effective_date(notice_at, expected):
    assert exit_effective_date(notice_at) == expected
