"""Bounds on every parsed body and query, in one place: what the databases can store.

Integers within a signed 32-bit INT (ids are 1..2^31-1 by their own Field), dates and datetimes
within the years 1900..2200 (so that converting to UTC never overflows). Checked on the parsed
input model, not on responses: an out-of-bounds value is a 422 naming its field."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from shared.errors import InvalidInput
from shared.ids import MAX_ID

MIN_YEAR, MAX_YEAR = 1900, 2200


def _problems(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
        return [(path, f"must lie between {-MAX_ID} and {MAX_ID}")]
    if isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        return [(path, f"must lie within the years {MIN_YEAR} to {MAX_YEAR}")]
    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _problems(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list | tuple | set | frozenset):
        return [p for i, v in enumerate(value) for p in _problems(v, f"{path}.{i}")]
    return []


def check_bounds(parsed: BaseModel, where: str) -> BaseModel:
    problems = _problems(parsed, "")
    if problems:
        raise InvalidInput("Some fields are not valid: see errors", errors=[
            {"in": where, "field": field, "message": message, "type": "out_of_bounds"} for field, message in problems])
    return parsed
