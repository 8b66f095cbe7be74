"""The erasure ledger: every erasure (DSAR, retention, exit), replayed after any restore.

An entry names the table, the row key and what was done, never the personal data itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Column, Connection, Integer, String, Table, insert

from shared.db.metadata import store_metadata as md
from shared.db.types import JsonDoc, UtcDateTime

erasure_ledger = Table(
    "erasure_ledger",
    md,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("source", String(16), nullable=False),  # dsar | retention | exit
    Column("source_id", String(64), nullable=False),  # request, run or exit id
    Column("rule", String(64), nullable=False),  # policy id or legal ground
    Column("table_name", String(64), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("action", String(16), nullable=False),  # delete | null | pseudonymise
    Column("columns", JsonDoc),  # for null/pseudonymise: the column names touched
)


def append(conn: Connection, *, at: datetime, source: str, source_id: str, rule: str, table: str,
           row_ids: Sequence[int], action: str, columns: Sequence[str] | None = None) -> int:
    """Append one entry per row. Callers write the ledger before they erase: if the erasure then
    fails, the resumed job (or a replay) finishes it; the other order could lose an erasure."""
    if not row_ids:
        return 0
    cols = list(columns) if columns else None
    conn.execute(insert(erasure_ledger), [
        {"at": at, "source": source, "source_id": source_id, "rule": rule, "table_name": table,
         "row_id": rid, "action": action, "columns": cols}
        for rid in row_ids
    ])
    return len(row_ids)
