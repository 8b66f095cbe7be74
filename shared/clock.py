"""The clock is injected: rules take `now` as a value, services get it from a Clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# A moment a caller gives as "now" (a received_at, a requested_at) may run this far ahead of our
# clock and still count as now, not as the future.
CALLER_CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Clock:
    source: Callable[[], datetime]

    def now(self) -> datetime:
        return self.source().astimezone(UTC)


def system_clock() -> Clock:
    return Clock(lambda: datetime.now(UTC))


def fixed_clock(at: datetime) -> Clock:
    return Clock(lambda: at)
