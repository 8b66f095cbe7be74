"""The grandfather-father-son rule that decides which snapshots stay (and so how long erased
data can survive in a backup copy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.backups.rules import is_snapshot_id, new_snapshot_id, snapshots_to_keep

NOW = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # a Tuesday


def nightly(days: int, at: datetime = NOW) -> list[datetime]:
    """One snapshot a night at 02:00 for `days` nights, ending today."""
    today = at.replace(hour=2, minute=0, second=0, microsecond=0)
    return [today - timedelta(days=i) for i in range(days)]


def test_no_snapshots_keeps_nothing():
    assert snapshots_to_keep([], NOW, 7, 4, 3) == set()


def test_daily_window_keeps_the_last_seven_nights():
    times = nightly(7)
    assert snapshots_to_keep(times, NOW, 7, 0, 0) == set(times)


def test_a_night_outside_every_window_goes():
    times = nightly(8)
    kept = snapshots_to_keep(times, NOW, 7, 0, 0)
    assert times[7] not in kept and len(kept) == 7


def test_weekly_keeps_the_newest_of_each_iso_week():
    times = nightly(28)
    kept = snapshots_to_keep(times, NOW, 1, 4, 0)
    # Today (Tue 24th) covers this week; then the Sundays 22nd, 15th and 8th close earlier weeks.
    assert kept == {NOW.replace(day=d, hour=2, minute=0) for d in (24, 22, 15, 8)}


def test_monthly_keeps_the_newest_of_each_month():
    times = nightly(120)
    kept = snapshots_to_keep(times, NOW, 1, 0, 3)
    expected = {NOW.replace(hour=2, minute=0), datetime(2026, 10, 31, 2, tzinfo=UTC),
                datetime(2026, 9, 30, 2, tzinfo=UTC)}
    assert kept == expected


def test_default_schedule_keeps_a_bounded_number():
    times = nightly(365)
    kept = snapshots_to_keep(times, NOW, 7, 4, 3)
    assert len(kept) <= 7 + 4 + 3
    oldest = min(kept)
    assert oldest >= datetime(2026, 9, 1, tzinfo=UTC)  # nothing older than the monthly window


def test_several_snapshots_a_day_keep_the_newest_of_the_day():
    base = NOW.replace(hour=0, minute=0)
    times = [base + timedelta(hours=h) for h in (0, 1, 2)]
    assert snapshots_to_keep(times, NOW, 1, 0, 0) == {times[2]}


def test_a_snapshot_after_now_is_kept():
    future = NOW + timedelta(hours=5)
    assert future in snapshots_to_keep([future, NOW - timedelta(days=30)], NOW, 1, 0, 0)


def test_the_newest_snapshot_is_kept_even_outside_every_window():
    old = [NOW - timedelta(days=400), NOW - timedelta(days=500)]
    assert snapshots_to_keep(old, NOW, 7, 4, 3) == {old[0]}


def test_zero_weekly_and_monthly_is_daily_only():
    times = nightly(30)
    assert snapshots_to_keep(times, NOW, 3, 0, 0) == set(times[:3])


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        snapshots_to_keep(nightly(3), NOW, -1, 0, 0)


def test_days_are_utc_days_whatever_the_offset_of_the_input():
    amsterdam = timezone(timedelta(hours=1))
    late = datetime(2026, 11, 24, 0, 30, tzinfo=amsterdam)  # 23:30 UTC on the 23rd
    early = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)
    kept = snapshots_to_keep([late, early], NOW, 2, 0, 0)
    assert kept == {late}  # same UTC day: only the newest; the result keeps the caller's object
    assert next(iter(kept)).tzinfo is amsterdam


def test_year_boundary_for_weeks_and_months():
    now = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)  # Saturday, ISO week 53 of 2026
    times = nightly(40, now)
    kept = snapshots_to_keep(times, now, 1, 2, 2)
    assert kept == {now.replace(hour=2), datetime(2026, 12, 27, 2, tzinfo=UTC),
                    datetime(2026, 12, 31, 2, tzinfo=UTC)}


times_strategy = st.lists(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1),
                                       timezones=st.just(UTC)), max_size=60, unique=True)
counts = st.integers(min_value=0, max_value=10)


@given(times_strategy, counts, counts, counts)
def test_kept_is_a_subset_and_bounded(times, daily, weekly, monthly):
    kept = snapshots_to_keep(times, NOW, daily, weekly, monthly)
    assert kept <= set(times)
    future = {t for t in times if t > NOW}
    assert len(kept - future) <= daily + weekly + monthly + 1


@given(times_strategy, counts, counts, counts)
def test_the_newest_past_snapshot_always_stays(times, daily, weekly, monthly):
    past = [t for t in times if t <= NOW]
    kept = snapshots_to_keep(times, NOW, daily, weekly, monthly)
    if past:
        assert max(past) in kept


@given(times_strategy, counts, counts, counts)
def test_nothing_older_than_the_longest_window_stays_except_the_newest(times, daily, weekly, monthly):
    kept = snapshots_to_keep(times, NOW, daily, weekly, monthly)
    newest = max((t for t in times if t <= NOW), default=None)
    limit = NOW - timedelta(days=max(daily, 7 * weekly + 7, 31 * monthly + 31))
    assert all(t >= limit for t in kept if t != newest)


@given(times_strategy, counts, counts, counts)
def test_more_retention_never_keeps_less(times, daily, weekly, monthly):
    small = snapshots_to_keep(times, NOW, daily, weekly, monthly)
    assert small <= snapshots_to_keep(times, NOW, daily + 1, weekly + 1, monthly + 1)


@given(times_strategy, counts)
def test_pruning_twice_changes_nothing(times, daily):
    once = snapshots_to_keep(times, NOW, daily, 2, 2)
    assert snapshots_to_keep(sorted(once), NOW, daily, 2, 2) == once


def test_snapshot_ids_sort_by_time_and_are_checked():
    a, b = new_snapshot_id(NOW, "aaaaaa"), new_snapshot_id(NOW + timedelta(seconds=1), "000000")
    assert a == "20261124T023000Z-aaaaaa" and a < b
    assert is_snapshot_id(a) and is_snapshot_id(new_snapshot_id(NOW))
    for bad in ("", "../x", "20261124T023000Z", "20261124T023000Z-AAAAAA", a + "/manifest.json", a + "\n"):
        assert not is_snapshot_id(bad)
