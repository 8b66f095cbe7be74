"""Legal time limits: DSAR month (Art. 12(3) GDPR), breach 72 h (Art. 33), exit notice (60 days).

Months are counted under Regulation 1182/71 art. 3: the day of receipt does not count, the period
ends on the same date number in the next month (or that month's last day), and a last day on a
Saturday, Sunday or Dutch holiday moves to the next working day. Days are Europe/Amsterdam days.

Pure functions: the current time is always a parameter, never read from a clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.holidays import is_working_day

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

BREACH_NOTIFICATION_WINDOW = timedelta(hours=72)
EXIT_NOTICE_DAYS = 60


def _require_aware(ts: datetime, name: str) -> None:
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {ts.isoformat()}")


def receipt_day(received_at: datetime) -> date:
    """The calendar day in Europe/Amsterdam of an aware timestamp (23:30 UTC 31 Jan → 1 Feb)."""
    _require_aware(received_at, "received_at")
    return received_at.astimezone(AMSTERDAM).date()


def add_months(d: date, n: int) -> date:
    """The same day number `n` months later (n may be negative), or that month's last day."""
    years, month0 = divmod(d.month - 1 + n, 12)
    year, month = d.year + years, month0 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def roll_forward(d: date, extra: Iterable[date] = ()) -> date:
    """`d` itself if a working day, else the next working day (Reg. 1182/71 art. 3(4))."""
    extra = frozenset(extra)  # an iterator would be used up after the first check
    while not is_working_day(d, extra):
        d += timedelta(days=1)
    return d


@dataclass(frozen=True)
class DsarDeadlines:
    target_date: date  # nominal one-month end, before roll-forward: the internal working target
    due_date: date  # the legal last day, rolled forward past weekends and holidays


def dsar_deadlines(received_at: datetime, extra: Iterable[date] = (), paused_days: int = 0) -> DsarDeadlines:
    """The month of Art. 12(3), moved by the days the clock stood still (a recorded doubt, below)."""
    target = add_months(receipt_day(received_at), 1) + timedelta(days=paused_days)
    return DsarDeadlines(target_date=target, due_date=roll_forward(target, extra))


def pause_days(asked_at: datetime, answered_at: datetime) -> int:
    """The days a request waited for the information asked with a reasonable doubt (Art. 12(6)).

    Counted in Amsterdam calendar days from the day of the letter that asked to the day the
    answer arrived: the day of asking is lost to the subject, the day of arrival counts again
    (an answer on the same day pauses nothing). Never negative.
    """
    return max(0, (receipt_day(answered_at) - receipt_day(asked_at)).days)


def paused_so_far(target_date: date, received_at: datetime) -> int:
    """The pause already in a stored target date: its distance from the plain one-month end."""
    return max(0, (target_date - add_months(receipt_day(received_at), 1)).days)


def extended_due_date(received_at: datetime, extra: Iterable[date] = (), paused_days: int = 0) -> date:
    """The deadline after a two-month extension (Art. 12(3)).

    Design choice (docs/domain.md): the earlier of (receipt day + 3 months) and (nominal one-month
    end + 2 months), each rolled forward. The two differ only around month ends, e.g. received
    31 January 2026 → 28 April 2026, not 30 April; taking the earlier one is the safe reading.
    """
    extra = frozenset(extra)
    day = receipt_day(received_at)
    pause = timedelta(days=paused_days)
    by_receipt = roll_forward(add_months(day, 3) + pause, extra)
    by_target = roll_forward(add_months(add_months(day, 1), 2) + pause, extra)
    return min(by_receipt, by_target)


def end_of_day(d: date) -> datetime:
    """The end of day `d` in Europe/Amsterdam, as the start of the next day (exclusive bound).

    A deadline on `d` is met by anything strictly before this instant and missed at or after
    it. Midnight always exists in Amsterdam (DST changes happen at 02:00/03:00).
    """
    return datetime.combine(d + timedelta(days=1), time(0), tzinfo=AMSTERDAM)


def is_overdue(due: date, now: datetime) -> bool:
    _require_aware(now, "now")
    # Compare as UTC instants: same-tzinfo comparisons in Python use the wall clock.
    return now.astimezone(UTC) >= end_of_day(due).astimezone(UTC)


def extension_allowed(received_at: datetime, now: datetime, extra: Iterable[date] = (),
                      paused_days: int = 0) -> bool:
    """An extension must be told within the first month, so only until the original due date ends
    (moved by a pause, as the month itself is)."""
    return not is_overdue(dsar_deadlines(received_at, extra, paused_days).due_date, now)


def breach_authority_due_at(became_aware_at: datetime) -> datetime:
    """Exactly 72 elapsed hours after awareness (Art. 33), as an aware UTC datetime.

    Computed in UTC: wall-clock arithmetic in Amsterdam would gain or lose an hour across DST.
    """
    _require_aware(became_aware_at, "became_aware_at")
    return became_aware_at.astimezone(UTC) + BREACH_NOTIFICATION_WINDOW


def exit_effective_date(notice_at: datetime) -> date:
    """The notice day (Europe/Amsterdam) + 60 days. Contractual term: no roll-forward."""
    _require_aware(notice_at, "notice_at")
    return receipt_day(notice_at) + timedelta(days=EXIT_NOTICE_DAYS)


def days_until(due: date, now: datetime) -> int:
    """Calendar days from `now`'s Amsterdam day to `due`: 0 on the due day, negative when overdue."""
    _require_aware(now, "now")
    return (due - receipt_day(now)).days
