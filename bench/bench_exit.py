"""Exit of one large client: the export (zip of CSV and JSON) and the destruction through the
data map, against raw set-based DELETEs of the same client's rows on an identical copy, in the
same run; with the export's peak Python heap at two sizes (bounded memory)."""

from __future__ import annotations

import base64
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, insert, select

T0 = datetime(2026, 1, 10, 9, tzinfo=UTC)


class MemoryBlobs:
    """The Blob seam, counting bytes only, so the figures cover the database and zip work."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}

    def upload(self, container, name, data, **kw):
        self.sizes[name] = sum(len(x) for x in ([data] if isinstance(data, bytes) else data))

    def delete(self, container, name):
        return self.sizes.pop(name, None) is not None

    def exists(self, container, name):
        return name in self.sizes


def seed(conn, debtors: int) -> int:
    from shared.exits.tables import exits
    from shared.platform import schema as s

    conn.execute(insert(s.clients).values(id=1, name="Groot B.V.", email="a@groot.example", status="active",
                                          relationship_started_on=date(2020, 1, 1), read_only=False, created_at=T0))
    conn.execute(insert(s.debtors), [dict(id=i, client_id=1, kind="consumer", name=f"D{i}", email=f"d{i}@x.example",
                                          created_at=T0) for i in range(1, debtors + 1)])
    dossiers = [dict(id=i * 2 + k, client_id=1, debtor_id=i, reference=f"R{i}-{k}", status="open",
                     principal_amount=Decimal("10.00"), invoice_due_date=date(2025, 1, 1), opened_on=date(2025, 1, 1),
                     notes="x" * 100) for i in range(1, debtors + 1) for k in range(2)]
    conn.execute(insert(s.dossiers), dossiers)
    ids = [d["id"] for d in dossiers]
    conn.execute(insert(s.letters), [dict(id=i, dossier_id=i, kind="reminder", sent_on=date(2025, 2, 1),
                                          channel="post", addressee="D", body="y" * 300) for i in ids])
    conn.execute(insert(s.contact_registrations), [dict(id=i, dossier_id=i, kind="call", direction="in",
                                                        occurred_at=T0, summary="z" * 200) for i in ids])
    conn.execute(insert(exits).values(id="x", client_id=1, open_client_id=1, choice="delete", status="notice_given",
                                      requested_at=T0, effective_date=date(2026, 3, 11), created_at=T0,
                                      created_by="bench", updated_at=T0))
    return 1 + debtors + len(ids) * 3


def raw_delete(url: str) -> float:
    """The baseline: set-based DELETEs of the client's rows, children first, one transaction."""
    from shared.db.engines import build_engine
    from shared.platform import schema as s

    engine = build_engine(url)
    started = time.perf_counter()
    with engine.begin() as c:
        of_client = select(s.dossiers.c.id).where(s.dossiers.c.client_id == 1)
        for child in (s.letters, s.contact_registrations, s.payments, s.documents):
            c.execute(delete(child).where(child.c.dossier_id.in_(of_client)))
        c.execute(delete(s.dossiers).where(s.dossiers.c.client_id == 1))
        c.execute(delete(s.debtors).where(s.debtors.c.client_id == 1))
    return time.perf_counter() - started


def run(debtors: int, tmp: Path) -> None:
    from shared.clock import fixed_clock
    from shared.config import Settings
    from shared.db.engines import build_engine
    from shared.deps import Deps
    from shared.exits import destruction, export
    from shared.exits.tables import exits
    from tests.support.databases import engine_with_schema

    path = tmp / f"exit-{debtors}.sqlite"
    url = f"sqlite:///{path}"
    seeded = engine_with_schema(url)
    with seeded.begin() as c:
        rows = seed(c, debtors)
    seeded.dispose()  # the last connection's close checkpoints SQLite's WAL into the file copied next
    shutil.copy(path, tmp / f"raw-{debtors}.sqlite")
    engine = build_engine(url)
    deps = Deps(Settings(database_url=url), fixed_clock(T0), engine, engine)
    deps.__dict__["blobs"] = MemoryBlobs()

    tracemalloc.start()
    started = time.perf_counter()
    export.build_export(deps, "x")
    export_s = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    zip_mb = next(iter(deps.blobs.sizes.values())) / 1e6

    with engine.begin() as c:  # the effective date has come
        c.execute(exits.update().values(status="destroying"))
    started = time.perf_counter()
    destruction.destroy(deps, "x", T0)
    destroy_s = time.perf_counter() - started
    raw_s = raw_delete(f"sqlite:///{tmp / f'raw-{debtors}.sqlite'}")
    print(f"{rows:>8,} rows | export {export_s:6.2f} s, zip {zip_mb:6.1f} MB, peak Python heap {peak / 1e6:5.1f} MB"
          f" | destruction {destroy_s:5.2f} s ({rows / destroy_s:,.0f} rows/s) vs raw DELETE {raw_s:5.2f} s"
          f" ({rows / raw_s:,.0f} rows/s): ratio {raw_s / destroy_s:.2f}")
    print(f"[sqlite] RESULT {rows:,} rows: exit destruction/raw DELETE {raw_s / destroy_s:.2f} (goal >= 0.5), "
          f"export {rows / export_s:,.0f} rows/s, peak heap {peak / 1e6:.0f} MB")


def main(argv: list[str]) -> None:
    os.environ.setdefault("PRIVACY_SECRET_PSEUDONYM_KEY", base64.b64encode(b"p" * 32).decode())
    os.environ.setdefault("PRIVACY_SECRET_AUDIT_KEY", base64.b64encode(b"a" * 32).decode())
    sizes = [int(a) for a in argv] or [2000, 20000]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            run(n, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
