"""Aware instants for the deadline tests, in Amsterdam and in UTC, written as dates."""

from datetime import UTC, datetime

from shared.deadlines import AMSTERDAM


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
