"""The one list shape: `{"items": [...], "next": <cursor or null>}`.

`next` is an opaque cursor: pass it back as `?cursor=` for the following page; null on the last page.
Two kinds, both opaque to callers and a 422 (never a 500) when not given out by the API:
- keyset (`newest_first`, `earliest_first`): base64url of the last row's (timestamp or date, id), for
  tables that grow: each page is one indexed range read, however deep;
- position (`page`, `fetch_page`): the offset in a list's stable order, for short lists.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
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
    cursor: str | None = Field(default=None, max_length=200, description="`next` of the previous page")
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


def encode(at: date, row_id: str) -> str:
    """The cursor after a row at `at` (a date, or an aware timestamp) with id `row_id`."""
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), row_id]).encode()).decode().rstrip("=")


def decode(cursor: str, kind: type[date] = datetime) -> tuple[Any, str]:
    """The (at, id) of a cursor of `kind` (datetime: aware timestamps; date: days); a 422 otherwise."""
    try:
        at, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        parsed = kind.fromisoformat(at)  # date.fromisoformat refuses a timestamp
        if (isinstance(parsed, datetime) and parsed.tzinfo is None) or not isinstance(row_id, str):
            raise ValueError
        return parsed, row_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput("The cursor is not one this API gave out", errors=[
            {"in": "query", "field": "cursor", "message": "not a valid cursor"}]) from None


def newest_first(conn: Connection, query: Select[Any], at: ColumnElement[Any], row_id: ColumnElement[Any],
                 limit: int, cursor: str | None) -> tuple[Sequence[Any], str | None]:
    """One page, newest first by (at, id), after the cursor; and the cursor of the next page
    (None on the last). One row more than the page is read to know whether there is a next."""
    return _keyset(conn, query, at, row_id, limit, cursor, kind=datetime, descending=True)


def earliest_first(conn: Connection, query: Select[Any], on: ColumnElement[Any], row_id: ColumnElement[Any],
                   limit: int, cursor: str | None, kind: type[date] = date) -> tuple[Sequence[Any], str | None]:
    """One page, earliest first by (on, id): `on` a date column (a work list by due date) or, with
    kind=datetime, a timestamp column (a history)."""
    return _keyset(conn, query, on, row_id, limit, cursor, kind=kind, descending=False)


def _keyset(conn: Connection, query: Select[Any], at: ColumnElement[Any], row_id: ColumnElement[Any],
            limit: int, cursor: str | None, *, kind: type[date], descending: bool) -> tuple[Sequence[Any], str | None]:
    from sqlalchemy import and_, or_

    if cursor:
        c_at, c_id = decode(cursor, kind)
        query = query.where(or_(at < c_at, and_(at == c_at, row_id < c_id)) if descending
                            else or_(at > c_at, and_(at == c_at, row_id > c_id)))
    order = (at.desc(), row_id.desc()) if descending else (at.asc(), row_id.asc())
    rows = conn.execute(query.order_by(*order).limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode(last._mapping[at], last._mapping[row_id])
