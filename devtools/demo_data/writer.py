"""Writing the demo rows: the empty-database check, batched inserts parents first, and the
PostgreSQL sequences moved past the explicit ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine, Table, select, text
from sqlalchemy.exc import DBAPIError

from shared.db.bulk import load_rows

BATCH_ROWS = 10_000

Progress = Callable[[str, int, int], None]


def tables(names: Iterable[str]) -> dict[str, Table]:
    """The named platform tables, parents before children (foreign keys are enforced on SQLite
    too): the order of `platform_metadata.sorted_tables`."""
    import shared.platform.schema  # noqa: F401  (registers the tables)
    from shared.db.metadata import platform_metadata

    wanted = set(names)
    return {t.name: t for t in platform_metadata.sorted_tables if t.name in wanted}


def require_empty(engine: Engine, tables: dict[str, Table]) -> None:
    """Every platform table must exist and be empty. Plain SELECTs (no reflection): they render on
    every dialect."""
    missing, filled = [], []
    for name in ("clients", *(t for t in tables if t != "clients")):
        try:
            with engine.connect() as conn:
                if conn.execute(select(tables[name].c.id).limit(1)).first() is not None:
                    filled.append(name)
        except DBAPIError:
            missing.append(name)
    if missing:
        raise ValueError(
            f"platform tables missing or unreadable: {', '.join(missing)}; create them first (`privacy migrate`)"
        )
    if filled:
        raise ValueError(
            f"platform database is not empty: table {filled[0]!r} already has rows; "
            "demo data is only generated into an empty database"
        )


class Writer:
    """Buffers rows per table; writes all buffers, parents first, in one transaction per batch.
    Progress is reported in the order of `names` (the order of generation)."""

    def __init__(
        self, engine: Engine, tables: dict[str, Table], names: Iterable[str], progress: Progress | None
    ) -> None:
        self.engine = engine
        self.tables = tables
        self.progress = progress
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        self.pending = 0
        self.done: dict[str, int] = dict.fromkeys(names, 0)
        self.totals: dict[str, int | None] = dict.fromkeys(names, None)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.buffers[table].append(row)
        self.pending += 1
        if self.pending >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        written = set()
        with self.engine.begin() as conn:
            for name, table in self.tables.items():
                rows = self.buffers[name]
                if rows:
                    load_rows(conn, table, rows)  # COPY on PostgreSQL
                    self.done[name] += len(rows)
                    written.add(name)
                    self.buffers[name] = []
        self.pending = 0
        if self.progress is not None:
            for name in self.done:
                if name in written:
                    self.report(name)

    def report(self, name: str) -> None:
        if self.progress is None:
            return
        total = self.totals[name]
        done = self.done[name]
        self.progress(name, done, max(done, total if total is not None else done))


def advance_sequences(engine: Engine, tables: dict[str, Table]) -> None:
    """PostgreSQL: explicit ids leave the id sequences at 1; move them past the rows."""
    if engine.dialect.name != "postgresql":
        return
    prep = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for table in tables.values():
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {prep.format_table(table)}), false)"
                ),
                {"t": prep.format_table(table)},
            )
