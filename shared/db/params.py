"""SQL Server takes at most 2,100 parameters a statement: long IN lists are sent in chunks.

The one place for that limit; every IN list over a caller's keys goes through `chunks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

MAX_PARAMETERS = 2100  # SQL Server's limit per statement
IN_CHUNK = 1000  # keys per IN list: leaves room for the statement's other parameters


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """The values in lists of at most `size`, in their order (any iterable, read once)."""
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
