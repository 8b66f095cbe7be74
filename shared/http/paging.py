"""The one list shape: `{"items": [...], "next": <cursor or null>}`.

`next` is an opaque cursor: pass it back as `?cursor=` for the following page; null on the last page.
The cursor holds the position in the list's stable order (each service sorts its lists).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from pydantic import Field

from shared.errors import InvalidInput
from shared.http.model import ApiModel

T = TypeVar("T")
MAX_LIMIT = 500


class Page(ApiModel, Generic[T]):
    items: list[T]
    next: str | None = Field(default=None, description="the cursor of the following page; null on the last page")


class PageQuery(ApiModel):
    cursor: str | None = Field(default=None, max_length=64, description="`next` of the previous page")
    limit: int = Field(default=100, ge=1, le=MAX_LIMIT)


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode() + b"==").decode().partition(":")
        offset = int(value)
    except (ValueError, UnicodeDecodeError):
        offset, kind = -1, ""
    if kind != "o" or not 0 < offset < 2**31:
        raise InvalidInput("The cursor is not one this API gave out: start again without it",
                           errors=[{"in": "query", "field": "cursor", "message": "unknown cursor", "type": "cursor"}])
    return offset


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def page(items: Sequence[Any], query: PageQuery | None) -> dict[str, Any]:
    """A page of an ordered list held in memory."""
    return fetch_page(lambda n: list(items[:n]), query)


def fetch_page(fetch: Callable[[int], Sequence[Any]], query: PageQuery | None) -> dict[str, Any]:
    """A page of a list whose first `n` items `fetch(n)` reads in a stable order."""
    query = query or PageQuery()
    start = _offset(query.cursor)
    rows = list(fetch(start + query.limit + 1))
    more = len(rows) > start + query.limit
    return {"items": rows[start:start + query.limit], "next": _cursor(start + query.limit) if more else None}
