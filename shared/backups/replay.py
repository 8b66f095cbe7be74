"""Re-applying the erasure ledger to a restored database, so that nothing erased comes back.

Replay is idempotent: `delete` deletes the row if it is there; `null` sets the listed columns to
NULL; `pseudonymise` writes the same keyed pseudonym the erasure wrote; `anonymise` (the erasure
service's mixed action) follows the data map per column. The ledger holds no values, so what is
written is a pseudonym or a marker, never the old personal value. Entries are read in ledger
order in batches, and within a batch children go before parents (foreign keys)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, delete, select, update

from shared.ledger import erasure_ledger
from shared.pseudonym import Pseudonymiser

BATCH = 1000  # also below SQL Server's 2100 parameters per statement
ERASED_TEXT = "[verwijderd]"


@dataclass
class ReplayReport:
    entries: int = 0
    deleted_rows: int = 0
    updated_entries: int = 0
    unknown_tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "deleted_rows": self.deleted_rows,
                "updated_entries": self.updated_entries, "unknown_tables": dict(self.unknown_tables)}


def ledger_page_query(after_id: int, limit: int = BATCH) -> Select[Any]:
    t = erasure_ledger
    return (select(t.c.id, t.c.table_name, t.c.row_id, t.c.action, t.c.columns)
            .where(t.c.id > after_id).order_by(t.c.id).limit(limit))


def ledger_pages(conn: Connection, limit: int = BATCH) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = conn.execute(ledger_page_query(last, limit)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _fit(column: Any, value: str) -> str:
    length = getattr(column.type, "length", None)
    return value[:length] if length else value


def _marker(column: Any) -> Any:
    """What an erased column holds: NULL, or for a NOT NULL column the Dutch marker."""
    return None if column.nullable else _fit(column, ERASED_TEXT)


def _pseudonym(t: Table, column: str, row_id: int, pseudonymise: Pseudonymiser) -> str:
    # The same formula as the erasure service, so a replay writes the same value again.
    return _fit(t.c[column], f"pseudo-{pseudonymise(f'{t.name}:{column}:{row_id}')}")


def _anonymised(t: Table, column: str, row_id: int, pseudonymise: Pseudonymiser) -> Any:
    try:
        from shared.datamap.model import Erasure
        from shared.datamap.platform_map import DATA_MAP

        strategy = DATA_MAP[t.name].columns[column].erasure
    except (ImportError, KeyError):
        return _marker(t.c[column])
    if strategy is Erasure.PSEUDONYMISE:
        return _pseudonym(t, column, row_id, pseudonymise)
    return _marker(t.c[column])


def erased_values(t: Table, action: str, columns: Sequence[str], row_id: int,
                  pseudonymise: Pseudonymiser) -> dict[str, Any]:
    cols = [c for c in columns if c in t.c]
    if action == "null":
        return {c: _marker(t.c[c]) for c in cols}
    if action == "pseudonymise":
        return {c: _pseudonym(t, c, row_id, pseudonymise) for c in cols}
    if action == "anonymise":
        return {c: _anonymised(t, c, row_id, pseudonymise) for c in cols}
    raise ValueError(f"unknown ledger action {action!r}")


def delete_rows_stmt(t: Table, ids: Sequence[int]) -> Any:
    return delete(t).where(t.c.id.in_(list(ids)))


def update_row_stmt(t: Table, columns: Sequence[str]) -> Any:
    return update(t).where(t.c.id == bindparam("_row_id")).values({c: bindparam(f"_v_{c}") for c in columns})


def apply_batch(conn: Connection, tables: dict[str, Table], order: dict[str, int], entries: Sequence[Any],
                pseudonymise: Pseudonymiser, report: ReplayReport) -> None:
    known = [e for e in entries if e.table_name in tables]
    for e in entries:
        if e.table_name not in tables:
            report.unknown_tables[e.table_name] = report.unknown_tables.get(e.table_name, 0) + 1
    report.entries += len(entries)
    for name in sorted({e.table_name for e in known}, key=lambda n: order[n]):
        t = tables[name]
        mine = [e for e in known if e.table_name == name]
        deletes = sorted({int(e.row_id) for e in mine if e.action == "delete"})
        if deletes:
            report.deleted_rows += conn.execute(delete_rows_stmt(t, deletes)).rowcount or 0
        by_columns: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        for e in mine:
            if e.action != "delete":
                cols = tuple(c for c in (e.columns or []) if c in t.c)
                if cols:
                    by_columns.setdefault((e.action, cols), []).append(int(e.row_id))
        for (action, cols), ids in by_columns.items():
            params = [{"_row_id": rid, **{f"_v_{c}": v for c, v in
                                          erased_values(t, action, cols, rid, pseudonymise).items()}}
                      for rid in ids]
            conn.execute(update_row_stmt(t, cols), params)
            report.updated_entries += len(ids)


def replay(conn: Connection, platform_tables: Sequence[Table], pseudonymise: Pseudonymiser,
           batch: int = BATCH, ledger_conn: Connection | None = None) -> ReplayReport:
    """Replay every entry of the ledger in `ledger_conn` (default: `conn`) onto the platform
    tables in `conn`."""
    tables = {t.name: t for t in platform_tables}
    order = {t.name: -i for i, t in enumerate(platform_tables)}  # sorted_tables reversed: children first
    report = ReplayReport()
    for page in ledger_pages(ledger_conn or conn, batch):
        apply_batch(conn, tables, order, page, pseudonymise, report)
    return report
