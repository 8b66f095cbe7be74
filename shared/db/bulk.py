"""Bulk loading: PostgreSQL's COPY FROM STDIN, much faster than batched INSERTs, over the
connection's own transaction. Values go through each column type's bind processing first, so
they arrive as an INSERT would send them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY these rows (value lists in `columns` order) into `table`; returns how many."""
    procs = [table.c[c].type.bind_processor(conn.dialect) for c in columns]
    prep = conn.dialect.identifier_preparer
    sql = f"COPY {prep.format_table(table)} ({', '.join(prep.quote(c) for c in columns)}) FROM STDIN"
    driver: Any = conn.connection.driver_connection
    n = 0
    with driver.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([p(v) if p else v for v, p in zip(row, procs, strict=True)])
            n += 1
    return n


def load_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert these rows (dicts with the same keys): COPY on PostgreSQL, else one executemany."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        columns = list(rows[0])
        copy_rows(conn, table, columns, ([r[c] for c in columns] for r in rows))
    else:
        conn.execute(insert(table), rows)
