"""Re-applying the erasure ledger to a restored database, so that nothing erased comes back.

The ledger is read in pages in ledger order; each page is applied by the erasure service's own
replay (shared/datamap/erasure.py), so a replay writes exactly what the erasure wrote."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, Table, select

from shared.datamap import erasure
from shared.ledger import erasure_ledger
from shared.pseudonym import Pseudonymiser

BATCH = 1000  # ledger entries per page


@dataclass
class ReplayReport:
    entries: int = 0
    deleted_rows: int = 0
    updated_entries: int = 0  # rows anonymised again
    unknown_tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "deleted_rows": self.deleted_rows,
                "updated_entries": self.updated_entries, "unknown_tables": dict(self.unknown_tables)}


def ledger_page_query(after_id: int, limit: int = BATCH) -> Select[Any]:
    t = erasure_ledger
    return (select(t.c.id, t.c.table_name, t.c.action, t.c.columns, t.c.row_ids)
            .where(t.c.id > after_id).order_by(t.c.id).limit(limit))


def ledger_pages(conn: Connection, limit: int = BATCH) -> Iterator[Sequence[Any]]:
    last = 0
    while True:
        rows = conn.execute(ledger_page_query(last, limit)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def replay(conn: Connection, platform_tables: Sequence[Table], pseudonymise: Pseudonymiser,
           batch: int = BATCH, ledger_conn: Connection | None = None) -> ReplayReport:
    """Replay every entry of the ledger in `ledger_conn` (default: `conn`) onto the platform
    tables in `conn` (those of the data map; others are counted as unknown)."""
    known = {t.name for t in platform_tables}
    report = ReplayReport()
    for page in ledger_pages(ledger_conn or conn, batch):
        report.entries += len(page)
        counts = erasure.replay(conn, [e for e in page if e.table_name in known], pseudonymise)
        report.deleted_rows += counts["deleted_rows"]
        report.updated_entries += counts["anonymised_rows"]
        for e in page:
            if e.table_name not in known or e.table_name in counts["unknown_tables"]:
                report.unknown_tables[e.table_name] = report.unknown_tables.get(e.table_name, 0) + 1
    return report
