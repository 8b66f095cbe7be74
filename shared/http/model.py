"""The base of every API model: its validation schema is built at first use, not at import,
so indexing the function app (the cold start) does not pay for every model of every area.

Every field of every API model is held to the bounds that the databases can store, in one place:
integers within a signed 32-bit INT (ids are 1..2^31-1), datetimes and dates within the years
1900..2200 (so that converting to UTC never overflows). Out of bounds is a 422."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from shared.ids import MAX_ID

MIN_YEAR, MAX_YEAR = 1900, 2200


def check_bounds(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
        raise ValueError(f"must lie between {-MAX_ID} and {MAX_ID}")
    if isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must lie within the years {MIN_YEAR} to {MAX_YEAR}")
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            check_bounds(item)
    elif isinstance(value, dict):
        for item in value.values():
            check_bounds(item)
    return value


class ApiModel(BaseModel):
    model_config = ConfigDict(defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any) -> Any:
        return check_bounds(value)
