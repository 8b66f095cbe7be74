"""Restriction (Art. 18) and objection (Art. 21) marks on platform rows.

Restricted rows are stored only: the retention sweep, exports and other jobs skip them.
Rows kept under a legal duty after an erasure request are restricted the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Column, Connection, Index, Integer, String, Table, Text, insert, select

from shared.db.metadata import store_metadata as md
from shared.db.params import chunks
from shared.db.types import Id, UtcDateTime

restrictions = Table(
    "restrictions",
    md,
    Column("id", Integer, primary_key=True),
    Column("table_name", String(64), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # restriction | objection | legal_duty
    Column("reason", Text, nullable=False),
    Column("request_id", Id),
    Column("since", UtcDateTime, nullable=False),
    Column("lifted_at", UtcDateTime),
    Index("ix_restrictions_table_row", "table_name", "row_id"),  # the sweep's and exports' lookups
)


def mark(conn: Connection, *, table: str, row_ids: Sequence[int], kind: str, reason: str,
         since: datetime, request_id: str | None = None) -> int:
    already = restricted_ids(conn, table, row_ids)
    fresh = [r for r in row_ids if r not in already]
    if fresh:
        conn.execute(insert(restrictions), [
            {"table_name": table, "row_id": r, "kind": kind, "reason": reason, "since": since,
             "request_id": request_id} for r in fresh
        ])
    return len(fresh)


def restricted_ids(conn: Connection, table: str, row_ids: Sequence[int] | None = None) -> set[int]:
    q = select(restrictions.c.row_id).where(
        restrictions.c.table_name == table, restrictions.c.lifted_at.is_(None)
    )
    if row_ids is not None:
        return {r for part in chunks(row_ids) for (r,) in conn.execute(q.where(restrictions.c.row_id.in_(part)))}
    return {r for (r,) in conn.execute(q)}
