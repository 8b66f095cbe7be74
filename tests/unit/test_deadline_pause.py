"""The clock's pause while a recorded doubt waits for the subject (Art. 12(6)): the month and the
extension move by the days waited, counted in Amsterdam days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.deadlines import (
    dsar_deadlines,
    extended_due_date,
    extension_allowed,
    pause_days,
    paused_so_far,
)

RECEIVED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_pause_moves_the_month_and_rolls_past_the_weekend():
    plain = dsar_deadlines(RECEIVED)
    assert (plain.target_date, plain.due_date) == (date(2026, 12, 24), date(2026, 12, 24))
    paused = dsar_deadlines(RECEIVED, paused_days=10)
    assert paused.target_date == date(2027, 1, 3) and paused.due_date == date(2027, 1, 4)  # a Sunday → Monday
    assert paused_so_far(paused.target_date, RECEIVED) == 10


def test_pause_days_count_amsterdam_days_and_never_go_negative():
    asked = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 23:30 on 1 December in Amsterdam
    assert pause_days(asked, datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == 1  # 00:30 on 2 December
    assert pause_days(asked, asked) == 0
    assert pause_days(asked, asked - timedelta(days=3)) == 0


def test_the_extension_and_its_window_move_with_the_pause():
    assert extended_due_date(RECEIVED) == date(2027, 2, 24)
    assert extended_due_date(RECEIVED, paused_days=10) == date(2027, 3, 8)  # 6 March is a Saturday
    late = datetime(2026, 12, 30, 12, 0, tzinfo=UTC)
    assert not extension_allowed(RECEIVED, late) and extension_allowed(RECEIVED, late, paused_days=10)


@given(st.integers(min_value=0, max_value=400))
def test_more_pause_never_brings_a_deadline_earlier(days):
    assert dsar_deadlines(RECEIVED, paused_days=days).due_date >= dsar_deadlines(RECEIVED).due_date
    assert dsar_deadlines(RECEIVED, paused_days=days + 1).target_date \
        == dsar_deadlines(RECEIVED, paused_days=days).target_date + timedelta(days=1)
    assert paused_so_far(dsar_deadlines(RECEIVED, paused_days=days).target_date, RECEIVED) == days
