"""Ids of the suite's and the platform's rows: positive 32-bit integers (INT on every database)."""

from __future__ import annotations

MAX_ID = 2**31 - 1


def parse_id(raw: str, what: str) -> int:
    """A route's integer id: ASCII digits within 1..MAX_ID, else 404 (as for an id that does not exist)."""
    from shared.errors import NotFound

    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID):
        raise NotFound(f"No such {what}")
    return int(raw)
