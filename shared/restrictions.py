"""Restriction (Art. 18) and objection (Art. 21) marks on platform rows.

Restricted rows are stored only: the retention sweep, exports and other jobs skip them.
Rows kept under a legal duty after an erasure request or a client's exit (kind legal_duty) are
restricted the same way, with their duty and its end: the sweep re-judges them at every run and
erases them once the duty ended (shared/retention/kept.py). An Art. 18 restriction carries its
ground and ends only by a decision, after the subject was told (Art. 18(3)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import Column, Connection, Date, Index, Integer, String, Table, Text, insert, select

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
    # legal_duty: who kept the row (dsar | exit), the duty that binds longest and its end date
    # (NULL while open-ended: a running claim, a legal hold).
    Column("source", String(16)),
    Column("duty", String(32)),
    Column("keep_until", Date),
    # restriction: the Art. 18(1) ground; the notice before lifting (18(3)) and the lifting decision.
    Column("ground", String(32)),
    Column("notified_at", UtcDateTime),
    Column("lifted_by", String(64)),
    Column("lift_reason", Text),
    Index("ix_restrictions_table_row", "table_name", "row_id"),  # the sweep's and exports' lookups
)


def mark(conn: Connection, *, table: str, row_ids: Sequence[int], kind: str, reason: str,
         since: datetime, request_id: str | None = None, source: str | None = None, duty: str | None = None,
         ends: Mapping[int, date | None] | None = None, ground: str | None = None) -> int:
    """Restrict the rows not restricted yet; `ends` gives a kept row's end date (legal_duty)."""
    already = restricted_ids(conn, table, row_ids)
    fresh = [r for r in row_ids if r not in already]
    if fresh:
        conn.execute(insert(restrictions), [
            {"table_name": table, "row_id": r, "kind": kind, "reason": reason, "since": since,
             "request_id": request_id, "source": source, "duty": duty,
             "keep_until": (ends or {}).get(r), "ground": ground} for r in fresh
        ])
    return len(fresh)


def restricted_ids(conn: Connection, table: str, row_ids: Sequence[int] | None = None) -> set[int]:
    q = select(restrictions.c.row_id).where(
        restrictions.c.table_name == table, restrictions.c.lifted_at.is_(None)
    )
    if row_ids is not None:
        return {r for part in chunks(row_ids) for (r,) in conn.execute(q.where(restrictions.c.row_id.in_(part)))}
    return {r for (r,) in conn.execute(q)}
