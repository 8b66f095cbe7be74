"""Pure rules of the backups area: snapshot ids and the grandfather-father-son retention."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, date, datetime, timedelta

SNAPSHOT_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")


def new_snapshot_id(now: datetime, suffix: str | None = None) -> str:
    """Sortable by time, unique per run: 20261124T020000Z-3fa9c1."""
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{suffix or secrets.token_hex(3)}"


def is_snapshot_id(value: str) -> bool:
    return bool(SNAPSHOT_ID.fullmatch(value))


def _newest_per_bucket(times: Iterable[datetime], bucket: Callable[[datetime], Hashable],
                       wanted: set[Hashable]) -> set[datetime]:
    best: dict[Hashable, datetime] = {}
    for t in times:
        key = bucket(t)
        if key in wanted and (key not in best or t > best[key]):
            best[key] = t
    return set(best.values())


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def snapshots_to_keep(times: list[datetime], now: datetime, daily: int, weekly: int,
                      monthly: int) -> set[datetime]:
    """Grandfather-father-son on calendar windows that end at `now` (UTC):

    - the newest snapshot of each of the last `daily` days (today included),
    - the newest of each of the last `weekly` ISO weeks (this week included),
    - the newest of each of the last `monthly` calendar months (this month included),
    - always the newest snapshot of all, so pruning never leaves no backup at all,
    - and any snapshot dated after `now` (a clock skew is no reason to delete).

    Because the windows are calendar windows, no snapshot outlives the longest window
    (except the newest one), which bounds how long erased data survive in any copy."""
    if daily < 0 or weekly < 0 or monthly < 0:
        raise ValueError("retention counts cannot be negative")
    now = now.astimezone(UTC)
    utc = [t.astimezone(UTC) for t in times]
    past = [t for t in utc if t <= now]
    keep = {t for t in utc if t > now}
    today = now.date()
    days = {today - timedelta(days=i) for i in range(daily)}
    keep |= _newest_per_bucket(past, lambda t: t.date(), set(days))
    this_monday = today - timedelta(days=today.weekday())
    weeks = {this_monday - timedelta(weeks=i) for i in range(weekly)}
    keep |= _newest_per_bucket(past, lambda t: t.date() - timedelta(days=t.weekday()), set(weeks))
    months = {_month_index(today) - i for i in range(monthly)}
    keep |= _newest_per_bucket(past, lambda t: _month_index(t.date()), set(months))
    if past:
        keep.add(max(past))
    # Return the caller's own objects (same instants, their tzinfo).
    return {t for t in times if t.astimezone(UTC) in keep}
