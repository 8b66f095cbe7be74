"""Bulk loading: PostgreSQL's COPY FROM STDIN, much faster than batched INSERTs, elsewhere one
driver-level `executemany` of a positional INSERT; both over the connection's own transaction.

Values go through each column type's bind processing first, so they arrive as an INSERT would
send them, unless the caller says they are `driver_ready` (values as this same driver returned
them, such as a restore into the database kind the snapshot was read from): then nothing runs
per value in Python."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, insert


def _bind(conn: Connection, table: Table, columns: Sequence[str],
          rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    procs = [table.c[c].type.bind_processor(conn.dialect) for c in columns]
    if not any(procs):
        return rows
    return ([p(v) if p else v for v, p in zip(row, procs, strict=True)] for row in rows)


Writer = Callable[[Iterable[Sequence[Any]]], int]  # rows in, how many rows out


@contextmanager
def copy_into(conn: Connection, table: Table, columns: Sequence[str]) -> Iterator[Writer]:
    """One COPY into `table` for as many batches of driver-ready value lists (in `columns` order)
    as the caller writes; each write returns how many rows it took. A COPY per table, not per
    batch: the end of each COPY waits for the server to take in the last row."""
    prep = conn.dialect.identifier_preparer
    sql = f"COPY {prep.format_table(table)} ({', '.join(prep.quote(c) for c in columns)}) FROM STDIN"
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cur, cur.copy(sql) as copy:
        def write(rows: Iterable[Sequence[Any]]) -> int:
            n = 0
            for row in rows:
                copy.write_row(row)
                n += 1
            return n

        yield write


def copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
              driver_ready: bool = False) -> int:
    """COPY these rows (value lists in `columns` order) into `table`; returns how many."""
    with copy_into(conn, table, columns) as write:
        return write(rows if driver_ready else _bind(conn, table, columns, rows))


def insert_values(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  driver_ready: bool = False) -> None:
    """Insert value lists in `columns` order: COPY on PostgreSQL, else one DBAPI executemany (no
    SQLAlchemy work per row). Column defaults on the Python side are not applied: give every
    column that has one."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, columns, rows, driver_ready=driver_ready)
        return
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    order = [list(columns).index(name) for name in compiled.positiontup or []]
    if order != list(range(len(columns))):
        raise ValueError("the dialect's INSERT does not take these columns positionally")
    ready = rows if driver_ready else list(_bind(conn, table, columns, rows))
    conn.exec_driver_sql(str(compiled), [tuple(r) for r in ready])  # driver errors still come wrapped


def load_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert these rows (dicts with the same keys): COPY on PostgreSQL, else one executemany
    through SQLAlchemy (which fills the columns' Python-side defaults)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        columns = list(rows[0])
        copy_rows(conn, table, columns, ([r[c] for c in columns] for r in rows))
    else:
        conn.execute(insert(table), rows)
