"""The pure breach rules: status groups, the 72-hour warnings, lateness, across DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.breaches.risk import Outcome
from shared.breaches.rules import authority_required, deadline_alert, is_late, subjects_required
from shared.breaches.status import BREACH_GROUPS, BreachStatus
from shared.deadlines import breach_authority_due_at

AMS = ZoneInfo("Europe/Amsterdam")
DUE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_every_status_is_in_exactly_one_group():
    assert set(BreachStatus) == BREACH_GROUPS.open | BREACH_GROUPS.closed
    assert not BREACH_GROUPS.open & BREACH_GROUPS.closed
    assert BREACH_GROUPS["open"] == BREACH_GROUPS.open and BREACH_GROUPS.closed == {BreachStatus.CLOSED}
    assert BREACH_GROUPS.is_open(BreachStatus.DECIDED) and not BREACH_GROUPS.is_open(BreachStatus.CLOSED)


@pytest.mark.parametrize("hours_left,expected", [
    (49, None), (48, "48h"), (47.5, "48h"), (24, "24h"), (23, "24h"), (4, "4h"), (0.5, "4h"),
    (0, "overdue"), (-5, "overdue"),
])
def test_the_warning_for_a_fresh_breach(hours_left, expected):
    alert = deadline_alert(DUE, DUE - timedelta(hours=hours_left), set())
    assert (alert.key if alert else None) == expected


def test_each_warning_goes_out_once_as_the_clock_runs():
    """A watch every 15 minutes over the full 72 hours and a bit: four warnings, in order."""
    sent: set[str] = set()
    keys = []
    now = DUE - timedelta(hours=72)
    while now <= DUE + timedelta(hours=6):
        alert = deadline_alert(DUE, now, sent)
        if alert:
            keys.append(alert.key)
            sent |= alert.marks
        now += timedelta(minutes=15)
    assert keys == ["48h", "24h", "4h", "overdue"]


def test_a_late_watch_sends_only_the_most_urgent_and_marks_the_rest():
    alert = deadline_alert(DUE, DUE - timedelta(hours=3), set())
    assert alert.key == "4h" and alert.marks == {"48h", "24h", "4h"}
    assert deadline_alert(DUE, DUE - timedelta(hours=2), alert.marks) is None


def test_hours_left_is_reported():
    assert deadline_alert(DUE, DUE - timedelta(hours=23, minutes=30), {"48h"}).hours_left == 23.5


@given(st.integers(min_value=-200 * 60, max_value=200 * 60), st.sets(st.sampled_from(["48h", "24h", "4h", "overdue"])))
def test_a_warning_is_never_one_already_sent(minutes_left, sent):
    alert = deadline_alert(DUE, DUE - timedelta(minutes=minutes_left), sent)
    if alert is not None:
        assert alert.key not in sent
        assert alert.key in alert.marks


def test_exactly_72_hours_is_in_time_one_second_more_is_late():
    aware = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    due = breach_authority_due_at(aware)
    assert not is_late(due, due)
    assert is_late(due + timedelta(seconds=1), due)


def test_deadline_across_the_october_2026_clock_change_is_72_real_hours():
    # 25 October 2026: clocks go back at 03:00 CEST to 02:00 CET. Aware at 01:59:59 CEST.
    aware = datetime(2026, 10, 25, 1, 59, 59, tzinfo=AMS)
    due = breach_authority_due_at(aware)
    assert due - aware == timedelta(hours=72)
    assert due == datetime(2026, 10, 27, 23, 59, 59, tzinfo=UTC)
    # On the Amsterdam wall clock that is one hour earlier than "same time + 3 days".
    assert due.astimezone(AMS) == datetime(2026, 10, 28, 0, 59, 59, tzinfo=AMS)
    alert = deadline_alert(due, due - timedelta(hours=4), set())
    assert alert.key == "4h"


def test_outcomes_say_whom_to_tell():
    assert not authority_required(Outcome.REGISTER_ONLY)
    assert authority_required(Outcome.NOTIFY_AUTHORITY) and not subjects_required(Outcome.NOTIFY_AUTHORITY)
    assert subjects_required(Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS)
