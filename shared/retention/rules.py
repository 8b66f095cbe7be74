"""Retention due dates: pure functions of values (no I/O, `today` passed in).

Dates are Europe/Amsterdam calendar dates. A period is counted in months: a year is 12 months.
Where a date plus a period falls on a day the month lacks (31 Jan + 1 month, 29 Feb + 1 year),
the record is kept until the first day of the next month: rounding up never shortens a duty.

Each `*_due` rule gives the first day on which a record may go. The sweep needs the inverse, to
query set-based: `months_cutoff(today, n)` is the last trigger date whose record is due today,
so that `add_months(d, n) <= today` exactly when `d <= months_cutoff(today, n)`.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam_date(now: datetime) -> date:
    """The legal calendar date of an instant."""
    if now.tzinfo is None:
        raise ValueError("naive datetime refused")
    return now.astimezone(AMSTERDAM).date()


def day_start_utc(day: date) -> datetime:
    """00:00 Amsterdam time of `day`, as a UTC instant (for timestamp columns)."""
    return datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC)


def add_months(d: date, months: int) -> date:
    """`d` plus whole months; a day the target month lacks rolls to the 1st of the next month."""
    if months < 0:
        raise ValueError("months must not be negative")
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if d.day <= last:
        return date(year, month, d.day)
    return date(year, month, last) + timedelta(days=1)


def months_cutoff(today: date, months: int) -> date:
    """The latest trigger date `d` with `add_months(d, months) <= today`."""
    if months < 0:
        raise ValueError("months must not be negative")
    total = today.year * 12 + (today.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def is_due(trigger: date | None, months: int, today: date) -> bool:
    """A record whose trigger event happened on `trigger` is due once `months` have passed.
    No trigger (the event has not happened) means it is not due."""
    return trigger is not None and add_months(trigger, months) <= today


# --- The rules of the policies -------------------------------------------------------------


def fiscal_due(record_date: date, years: int = 7) -> date:
    """AWR art. 52(4): kept until the end of the 7th calendar year after the record's year."""
    return date(record_date.year + years + 1, 1, 1)


def fiscal_cutoff(today: date, years: int = 7) -> date:
    """Records dated before this day are due (`fiscal_due(d) <= today` <=> `d < fiscal_cutoff`)."""
    return date(today.year - years, 1, 1)


def closed_file_due(closed_on: date, months: int) -> date:
    """A closed collection file (paid, closed, written off): `months` after closing."""
    return add_months(closed_on, months)


def open_claim_due(opened_on: date, last_reminder_on: date | None, months: int) -> date:
    """An open claim: the limitation period restarts at each written reminder (BW 3:317, 3:319).
    The new period runs from the day after the reminder, so the claim can still be pursued on the
    anniversary itself: the file is due the day after, once more than `months` have passed."""
    start = max(opened_on, last_reminder_on) if last_reminder_on else opened_on
    return add_months(start, months) + timedelta(days=1)


def open_claim_cutoff(today: date, months: int) -> date:
    """Open files whose opening and last reminder are on or before this day are due."""
    return months_cutoff(today - timedelta(days=1), months)


def ex_client_due(relationship_ended_on: date, months: int) -> date:
    """An ex-client: the liability period after the relationship ended."""
    return add_months(relationship_ended_on, months)


def staff_due(employed_until: date, months: int) -> date:
    return add_months(employed_until, months)


def log_due(occurred_at: datetime, months: int) -> date:
    return add_months(amsterdam_date(occurred_at), months)


def consent_end(valid_until: date, withdrawn_at: datetime | None) -> date:
    """The first day a consent no longer holds: after `valid_until`, or on withdrawal."""
    ends = valid_until + timedelta(days=1)
    return min(ends, amsterdam_date(withdrawn_at)) if withdrawn_at else ends


def prospect_due(consents: list[tuple[date, datetime | None]], months: int = 0) -> date | None:
    """A prospect is kept only while some consent holds; due `months` after the last one ended.
    With no consent at all the prospect is due at once (None: no date to wait for)."""
    if not consents:
        return None
    return add_months(max(consent_end(v, w) for v, w in consents), months)


def prospect_is_due(consents: list[tuple[date, datetime | None]], today: date, months: int = 0) -> bool:
    due = prospect_due(consents, months)
    return due is None or due <= today


# --- Kept rows: the duty that binds longest ---------------------------------------------------


def binding_duty(ends: dict[str, date | None]) -> tuple[str | None, date | None]:
    """Of a kept row's duties (duty -> its end, None while open-ended: a running claim, a hold),
    the one that keeps it longest, and its end. No duty left: (None, None), the row may go."""
    if not ends:
        return None, None
    open_ended = sorted(d for d, end in ends.items() if end is None)
    if open_ended:
        return open_ended[0], None
    duty = max(sorted(ends), key=lambda d: ends[d])  # type: ignore[arg-type, return-value]
    return duty, ends[duty]


def kept_row_ended(duty: str | None, keep_until: date | None, today: date) -> bool:
    return duty is None or (keep_until is not None and keep_until <= today)
