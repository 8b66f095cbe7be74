"""Properties of the deadline rules over any instant in any zone (hypothesis)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from shared.deadlines import (
    AMSTERDAM,
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
