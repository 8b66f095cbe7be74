"""The erasure ledger: every erasure (DSAR, retention, exit), replayed after any restore.

An entry covers one batch of rows of one table: their keys and what was done ("delete", or
"anonymise": the listed columns got their data-map strategy), never the personal data itself.
One entry per batch rather than per row keeps nightly sweeps of millions of rows fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, insert

from shared.db.metadata import store_metadata as md
from shared.db.types import JsonDoc, UtcDateTime

DELETE = "delete"
ANONYMISE = "anonymise"

erasure_ledger = Table(
    "erasure_ledger",
    md,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("source", String(16), nullable=False),  # dsar | retention | exit
    Column("source_id", String(64), nullable=False, index=True),  # request, run or exit id
    Column("rule", String(64), nullable=False),  # policy id or legal ground
    Column("table_name", String(64), nullable=False),
    Column("action", String(16), nullable=False),  # delete | anonymise
    Column("columns", JsonDoc),  # anonymise: the column names touched
    Column("row_ids", JsonDoc, nullable=False),  # the rows' keys
    Column("row_count", Integer, nullable=False),
)


# Files of erased rows still to delete: queued in the transaction that erases their rows, removed
# once the blob is gone (shared.datamap.runner). A delete that fails stays here and is retried.
blob_deletes = Table(
    "blob_deletes",
    md,
    Column("id", Integer, primary_key=True),
    Column("container", String(64), nullable=False),
    Column("name", String(400), nullable=False),
    Column("source", String(16), nullable=False),  # dsar | retention | exit
    Column("source_id", String(64), nullable=False, index=True),
    Column("queued_at", UtcDateTime, nullable=False),
)


def entry(*, at: datetime, source: str, source_id: str, rule: str, table: str, row_ids: Sequence[int],
          action: str, columns: Sequence[str] | None = None) -> dict[str, Any] | None:
    """One entry for these rows, as the row to insert (None when there are no rows)."""
    if not row_ids:
        return None
    if action not in (DELETE, ANONYMISE):
        raise ValueError(f"unknown ledger action {action!r}")
    ids = list(map(int, row_ids))
    return {"at": at, "source": source, "source_id": source_id, "rule": rule, "table_name": table,
            "action": action, "columns": list(columns) if columns else None, "row_ids": ids, "row_count": len(ids)}


def write(conn: Connection, entries: Sequence[dict[str, Any]]) -> int:
    """Insert a batch's entries in their order, in one statement (one executemany). Callers write
    the ledger in the transaction that erases, committed no later than the erasure: if the erasure
    then fails, the resumed job (or a replay) finishes it; the other order could lose an erasure."""
    if entries:
        conn.execute(insert(erasure_ledger), list(entries))
    return sum(e["row_count"] for e in entries)


def append(conn: Connection, *, at: datetime, source: str, source_id: str, rule: str, table: str,
           row_ids: Sequence[int], action: str, columns: Sequence[str] | None = None) -> int:
    """Append one entry for these rows."""
    one = entry(at=at, source=source, source_id=source_id, rule=rule, table=table, row_ids=row_ids, action=action,
                columns=columns)
    return write(conn, [one] if one else [])


@dataclass(frozen=True)
class Erased:
    """One erased row, as a replay or a reviewer sees it."""

    table_name: str
    row_id: int
    action: str
    columns: tuple[str, ...]


def expand(entries: Iterable[Any]) -> Iterator[Erased]:
    for e in entries:
        cols = tuple(e.columns or ())
        for rid in e.row_ids or ():
            yield Erased(e.table_name, int(rid), e.action, cols)
