"""Keyset paging for collections: `{"items": [...], "next": cursor|null}`.

The cursor is opaque to callers: base64url of the last row's (timestamp, id). A bad cursor is a
422, never a 500.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, or_

from shared.errors import InvalidInput


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
    if cursor:
        c_at, c_id = decode(cursor)
        query = query.where(or_(at < c_at, and_(at == c_at, row_id < c_id)))
    rows = conn.execute(query.order_by(at.desc(), row_id.desc()).limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode(last._mapping[at], last._mapping[row_id])
