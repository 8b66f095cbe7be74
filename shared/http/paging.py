"""The one list shape: `{"items": [...], "next": <cursor or null>}`.

`next` is an opaque cursor: pass it back as `?cursor=` for the following page; null on the last page.
Two kinds, both opaque to callers and a 422 (never a 500) when not given out by the API:
- keyset (`newest_first`): base64url of the last row's (timestamp, id), for tables that grow;
- position (`page`, `fetch_page`): the offset in a list's stable order, for short lists.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import Field

from shared.errors import InvalidInput
from shared.http.model import ApiModel

if TYPE_CHECKING:  # the triggers import Page at indexing: no database layer then (cold start)
    from sqlalchemy import ColumnElement, Connection, Select

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


def encode(at: datetime, row_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), row_id]).encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        at, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not isinstance(row_id, str):
            raise ValueError
        return parsed, row_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput("The cursor is not one this API gave out", errors=[
            {"in": "query", "field": "cursor", "message": "not a valid cursor"}]) from None


def newest_first(conn: Connection, query: Select[Any], at: ColumnElement[Any], row_id: ColumnElement[Any],
                 limit: int, cursor: str | None) -> tuple[Sequence[Any], str | None]:
    """One page, newest first by (at, id), after the cursor; and the cursor of the next page
    (None on the last). One row more than the page is read to know whether there is a next."""
    from sqlalchemy import and_, or_

    if cursor:
        c_at, c_id = decode(cursor)
        query = query.where(or_(at < c_at, and_(at == c_at, row_id < c_id)))
    rows = conn.execute(query.order_by(at.desc(), row_id.desc()).limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode(last._mapping[at], last._mapping[row_id])
