from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from shared.holidays import is_working_day


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- receipt_day: the Amsterdam calendar day -------------------------------------------------


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        (utc(2026, 1, 31, 23, 30), date(2026, 2, 1)),  # DOMAIN.md example, winter UTC+1
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


# --- DSAR one month ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "target", "due"),
    [
        # DOMAIN.md: received 5 May → last day 5 June (Friday 2026: no roll).
        (ams(2026, 5, 5, 10, 0), date(2026, 6, 5), date(2026, 6, 5)),
        # DOMAIN.md: 31 January → 28 February (a Saturday in 2026 → Monday 2 March).
        (ams(2026, 1, 31, 12, 0), date(2026, 2, 28), date(2026, 3, 2)),
        # Leap year: 29 February 2028 is a Tuesday.
        (ams(2028, 1, 31, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        (ams(2028, 1, 29, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        (ams(2028, 1, 30, 12, 0), date(2028, 2, 29), date(2028, 2, 29)),
        # DOMAIN.md: 23:30 UTC on 31 January is 1 February → 1 March (Sunday) → Monday 2 March.
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
        # DOMAIN.md: nominal end 28 Feb + 2 months = 28 April (Tue), earlier than 30 April.
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


# --- properties -------------------------------------------------------------------------------

zones = st.sampled_from([UTC, AMSTERDAM, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")])
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=zones)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(instants)
def test_dsar_properties(received_at):
    day = receipt_day(received_at)
    result = dsar_deadlines(received_at)
    assert result.target_date == add_months(day, 1)
    assert day < result.target_date <= day + timedelta(days=31)
    assert result.target_date.day == day.day or result.target_date.day < day.day
    assert result.due_date >= result.target_date
    assert is_working_day(result.due_date)
    assert (result.due_date - result.target_date).days <= 5  # see test_longest_roll_forward
    # Every day skipped was a weekend day or a holiday.
    skipped = result.target_date
    while skipped < result.due_date:
        assert not is_working_day(skipped)
        skipped += timedelta(days=1)


@given(instants)
def test_extended_properties(received_at):
    day = receipt_day(received_at)
    due = dsar_deadlines(received_at).due_date
    extended = extended_due_date(received_at)
    assert extended > due
    assert is_working_day(extended)
    assert extended <= roll_forward(add_months(day, 3))
    assert extended >= roll_forward(add_months(day, 3) - timedelta(days=3))  # differs by ≤ 3 days


@given(instants, instants)
def test_extension_allowed_iff_before_end_of_due_day(received_at, now):
    due = dsar_deadlines(received_at).due_date
    assert extension_allowed(received_at, now) == (now.astimezone(UTC) < end_of_day(due).astimezone(UTC))
    assert extension_allowed(received_at, now) == (days_until(due, now) >= 0)


@given(instants)
def test_receipt_day_independent_of_representation(ts):
    assert receipt_day(ts) == receipt_day(ts.astimezone(UTC)) == receipt_day(ts.astimezone(AMSTERDAM))


@given(instants)
def test_breach_is_exactly_72_elapsed_hours(aware):
    due = breach_authority_due_at(aware)
    assert due.utcoffset() == timedelta(0)
    assert due - aware.astimezone(UTC) == timedelta(hours=72)


@given(instants)
def test_exit_is_60_calendar_days(notice_at):
    assert (exit_effective_date(notice_at) - receipt_day(notice_at)).days == 60


@given(days, st.integers(min_value=-24, max_value=24))
def test_add_months_properties(d, n):
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day <= d.day
    if d.day <= 28:
        assert result.day == d.day
        assert add_months(result, -n) == d


@given(days)
def test_roll_forward_properties(d):
    rolled = roll_forward(d)
    assert rolled >= d
    assert is_working_day(rolled)
    assert roll_forward(rolled) == rolled
    assert (rolled - d).days <= 5


@given(days, instants)
def test_days_until_and_overdue_agree(due, now):
    assert (days_until(due, now) < 0) == is_overdue(due, now)
