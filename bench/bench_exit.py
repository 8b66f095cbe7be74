"""Exit of one large client: the export (zip of CSV and JSON) against a plain CSV dump of the same
rows, and the destruction through the data map against raw set-based DELETEs of the same client's
rows on an identical copy, all in the same run; with each side's peak RSS and peak Python heap at
two sizes (bounded memory). On SQLite, and on PostgreSQL too when PRIVACY_TEST_POSTGRES_URL is set:
a fresh database per run (seeded once from generators in chunks of 10k rows, COPY on PostgreSQL,
then ANALYZEd there; copied for each side: a file copy or CREATE DATABASE TEMPLATE).

What is timed on the export side: the real build, shared.exits.export.build_export (the store reads,
every client table read whole over one streaming query and written as CSV + JSON into the zip
spooled to a temporary file, the README, the spooled zip read back in upload chunks with its
SHA-256, the exit row's update and the audit record). shared.storage offers no local BlobStore, so
the upload goes to a stand-in here that only counts the bytes it is handed (no network); the seed
has no stored files. The baseline: for each table the export writes, one SELECT of the client's
rows over one bare DBAPI cursor (a server-side cursor on PostgreSQL), streamed through csv.writer
into a file. Each side runs in a fresh process (its peak RSS is its own), alternating, best of two;
the heap comes from one more run of each under tracemalloc (which slows Python down), untimed.
Above 2M rows each side runs once, without the heap runs (RSS only).

`python -m bench.bench_exit [debtors ...]` (default 2,000 and 20,000: 14k and 140k rows), or
`--scale N` (platform rows; the two sizes are then N/10 and N rows); a client of 10M rows alone:
`python -m bench.bench_exit 1428572`.
"""

from __future__ import annotations

import base64
import csv
import os
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import chain, islice
from math import isnan, nan
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, text

from bench import worlds

T0 = datetime(2026, 1, 10, 9, tzinfo=UTC)
ROWS_PER_DEBTOR = 7  # the debtor, two dossiers, a letter and a contact registration each
SEED_CHUNK = 10_000  # rows a statement (or a COPY's chunk of rows) while seeding
# Above this size a side runs once and the heap passes (tracemalloc slows Python several times) are
# left out: at 10M rows they would take hours. Their RSS is still measured; the heap is flat to 1M.
LARGE = 2_000_000


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


def debtor_rows(debtors: int) -> Iterator[dict[str, Any]]:
    for i in range(1, debtors + 1):
        yield dict(id=i, client_id=1, kind="consumer", name=f"D{i}", email=f"d{i}@x.example", created_at=T0)


def dossier_ids(debtors: int) -> Iterator[int]:
    """Two dossiers a debtor: 2i and 2i + 1."""
    return (i * 2 + k for i in range(1, debtors + 1) for k in range(2))


def dossier_rows(debtors: int) -> Iterator[dict[str, Any]]:
    for d in dossier_ids(debtors):
        yield dict(id=d, client_id=1, debtor_id=d // 2, reference=f"R{d // 2}-{d % 2}", status="open",
                   principal_amount=Decimal("10.00"), invoice_due_date=date(2025, 1, 1), opened_on=date(2025, 1, 1),
                   notes="x" * 100)


def letter_rows(debtors: int) -> Iterator[dict[str, Any]]:  # one a dossier, keyed as the dossier
    for d in dossier_ids(debtors):
        yield dict(id=d, dossier_id=d, kind="reminder", sent_on=date(2025, 2, 1), channel="post", addressee="D",
                   body="y" * 300)


def contact_rows(debtors: int) -> Iterator[dict[str, Any]]:  # one a dossier, keyed as the dossier
    for d in dossier_ids(debtors):
        yield dict(id=d, dossier_id=d, kind="call", direction="in", occurred_at=T0, summary="z" * 200)


def write_rows(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    """Rows in chunks of SEED_CHUNK, so memory stays flat at any scale: COPY on PostgreSQL, else
    executemany."""
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, rows)
        return
    while chunk := list(islice(rows, SEED_CHUNK)):
        conn.execute(insert(table), chunk)


def copy_rows(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    """COPY ... FROM STDIN over the connection's own psycopg connection (same transaction)."""
    first = next(rows, None)
    if first is None:
        return
    keys, quote = list(first), conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(table.c[k].name) for k in keys)
    with conn.connection.driver_connection.cursor() as cur, \
            cur.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
        for row in chain([first], rows):
            copy.write_row([row[k] for k in keys])


def seed(conn: Connection, debtors: int) -> int:
    from shared.exits.tables import exits
    from shared.platform import schema as s

    conn.execute(insert(s.clients).values(id=1, name="Groot B.V.", email="a@groot.example", status="active",
                                          relationship_started_on=date(2020, 1, 1), read_only=False, created_at=T0))
    write_rows(conn, s.debtors, debtor_rows(debtors))
    write_rows(conn, s.dossiers, dossier_rows(debtors))
    write_rows(conn, s.letters, letter_rows(debtors))
    write_rows(conn, s.contact_registrations, contact_rows(debtors))
    conn.execute(insert(exits).values(id="x", client_id=1, open_client_id=1, choice="delete", status="notice_given",
                                      requested_at=T0, effective_date=date(2026, 3, 11), created_at=T0,
                                      created_by="bench", updated_at=T0))
    return 1 + debtors * ROWS_PER_DEBTOR


def csv_dump(url: str, out_dir: Path) -> int:
    """The baseline: per exported table, one SELECT of the client's rows over one cursor, through csv.writer."""
    from sqlalchemy.dialects import postgresql, sqlite

    from shared.datamap import exit_facts
    from shared.datamap.discovery import _client_filter, table

    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    con = dbapi(url)
    if dialect == "postgresql":  # plan a server-side cursor for all its rows, not for the first tenth
        con.execute("SET cursor_tuple_fraction = 1.0")
    n = 0
    for tm in exit_facts.export_order():
        t = table(tm.table)
        query = select(t).where(_client_filter(tm, 1)).order_by(t.c.id)  # the map's own client filter
        sql = str(query.compile(dialect=(sqlite if dialect == "sqlite" else postgresql).dialect(),
                                compile_kwargs={"literal_binds": True}))
        cur = con.cursor() if dialect == "sqlite" else con.cursor(name=f"dump_{tm.table}")
        cur.execute(sql)
        with open(out_dir / f"{tm.table}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(list(t.columns.keys()))
            while batch := cur.fetchmany(10_000):
                writer.writerows(batch)
                n += len(batch)
        cur.close()
    con.close()
    return n


def dbapi(url: str) -> Any:
    if url.startswith("sqlite"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def raw_delete(url: str) -> None:
    """The baseline: set-based DELETEs of the client's rows, children first, one transaction."""
    from shared.db.engines import build_engine
    from shared.platform import schema as s

    engine = build_engine(url)
    with engine.begin() as c:
        of_client = select(s.dossiers.c.id).where(s.dossiers.c.client_id == 1)
        for child in (s.letters, s.contact_registrations, s.payments, s.documents):
            c.execute(delete(child).where(child.c.dossier_id.in_(of_client)))
        c.execute(delete(s.dossiers).where(s.dossiers.c.client_id == 1))
        c.execute(delete(s.debtors).where(s.debtors.c.client_id == 1))
    engine.dispose()


def deps_for(url: str, build: int) -> Any:
    """The suite's Deps on `url`, the clock `build` seconds after T0 (so a rebuild gets a name of
    its own), the Blob seam counting bytes."""
    from shared.clock import fixed_clock
    from shared.config import Settings
    from shared.db.engines import build_engine
    from shared.deps import Deps

    engine = build_engine(url)
    deps = Deps(Settings(database_url=url), fixed_clock(T0 + timedelta(seconds=build)), engine, engine)
    deps.__dict__["blobs"] = MemoryBlobs()
    return deps


def side(name: str, url: str, arg: str) -> tuple[Callable[[], Any], Callable[[Any], dict[str, Any]]]:
    """One measured side, set up in this (fresh) process: what to run, and what to say of its result."""
    from shared.datamap.loader import active_map
    from shared.exits import destruction, export
    from shared.exits.tables import exits

    active_map()  # parsed once per process: not measured
    if name == "dump":
        return (lambda: csv_dump(url, Path(arg)),
                lambda rows: {"rows": rows, "bytes": sum(p.stat().st_size for p in Path(arg).iterdir())})
    deps = deps_for(url, int(arg))
    if name == "export":
        def said(built: Any) -> dict[str, Any]:
            rows = sum(v for k, v in built.export_counts.items() if not k.startswith("document_files"))
            return {"rows": rows, "bytes": deps.blobs.sizes[built.export_blob]}
        return lambda: export.build_export(deps, "x"), said
    if name == "destroy":
        with deps.store.begin() as c:  # the effective date has come
            c.execute(exits.update().values(status="destroying"))
        return lambda: destruction.destroy(deps, "x", T0), lambda _: {}
    assert name == "raw_delete"
    return lambda: raw_delete(url), lambda _: {}


def child_main(argv: list[str]) -> None:
    """`--child NAME URL ARG [--heap]`: one side in a fresh process, timed; or with --heap, its peak
    Python heap under tracemalloc (which slows Python down, so those runs are not timed)."""
    from shared.lazy import settle

    run_side, said = side(*argv[:3])
    settle()  # as the worker does once its modules loaded (every side alike)
    if "--heap" in argv:
        tracemalloc.start()
        out = said(run_side()) | {"heap_mb": tracemalloc.get_traced_memory()[1] / 1e6}
        tracemalloc.stop()
    else:
        result, took = worlds.timed(run_side)
        out = said(result) | {"seconds": took}
    worlds.report(out)


def measured(name: str, url: str, arg: str = "0", heap: bool = False) -> dict[str, Any]:
    return worlds.child("bench.bench_exit", "--child", name, url, arg, *(["--heap"] if heap else []))


def base_world(backend: str, debtors: int, tmp: Path) -> worlds.World:
    """A fresh database seeded with one large client (dropped by the caller)."""
    from tests.support.databases import engine_with_schema

    if backend == "sqlite":
        url = f"sqlite:///{tmp / f'exit-{debtors}.sqlite'}"
    else:
        name = f"bench_exit_{debtors}_{os.getpid()}"
        admin = worlds._pg_admin()
        worlds._pg_drop(admin, name)
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = worlds._pg_url(name)
    seeded = engine_with_schema(url)
    with seeded.begin() as c:
        rows, took = worlds.timed(lambda: seed(c, debtors))
    if backend == "postgres":  # planner statistics, as a live database has them (copied with the template)
        with seeded.begin() as c:
            c.execute(text("ANALYZE"))
    seeded.dispose()  # the last connection's close checkpoints SQLite's WAL; PostgreSQL's TEMPLATE needs none open
    print(f"[{backend}] {rows:>8,} rows | seeded in {took:.1f} s ({rows / took:,.0f} rows/s)", flush=True)
    return worlds.World(backend, rows, url, {"rows": rows, "seed_seconds": took})


def mb(heap: float) -> str:
    return "not measured" if isnan(heap) else f"{heap:.1f} MB"


def drop(w: worlds.World) -> None:
    if w.backend == "postgres":
        from sqlalchemy.engine import make_url

        admin = worlds._pg_admin()
        worlds._pg_drop(admin, str(make_url(w.base_url).database))
        admin.dispose()


def run(backend: str, debtors: int, tmp: Path) -> None:
    w = base_world(backend, debtors, tmp)
    rows = w.rows
    try:
        with w.copy("export") as url, w.copy("raw") as raw_url:
            dump_dir = tmp / f"dump-{backend}-{debtors}"
            dump_dir.mkdir()
            dumps, exports = [], []
            large = rows > LARGE
            for i in range(1 if large else 2):  # best of two, alternating, each run in a fresh process
                dumps.append(measured("dump", url, str(dump_dir)))
                exports.append(measured("export", url, str(i)))
            dump, built = min(dumps, key=lambda r: r["seconds"]), min(exports, key=lambda r: r["seconds"])
            assert built["rows"] == dump["rows"], f"the export and the dump must cover the same rows: {built} {dump}"
            dump_heap = nan if large else measured("dump", url, str(dump_dir), heap=True)["heap_mb"]
            export_heap = nan if large else measured("export", url, "2", heap=True)["heap_mb"]
            destroyed = measured("destroy", url, "3")
            raw = measured("raw_delete", raw_url)
    finally:
        drop(w)
    dump_s, export_s, dumped = dump["seconds"], built["seconds"], dump["rows"]
    dump_rss = max(r["peak_rss_mb"] for r in dumps)
    export_rss = max(r["peak_rss_mb"] for r in exports)
    destroy_s, raw_s = destroyed["seconds"], raw["seconds"]
    ratio = dump_s / export_s
    print(f"[{backend}] {rows:>8,} rows | CSV dump (baseline) {dump_s:6.2f} s ({dumped / dump_s:,.0f} rows/s, "
          f"{dump['bytes'] / 1e6:.1f} MB of CSV, peak heap {mb(dump_heap)}, RSS {dump_rss:.0f} MB) | export "
          f"{export_s:6.2f} s ({dumped / export_s:,.0f} rows/s, zip {built['bytes'] / 1e6:.1f} MB, "
          f"peak heap {mb(export_heap)}, RSS {export_rss:.0f} MB): ratio {ratio:.2f}")
    print(f"[{backend}] {rows:>8,} rows | destruction {destroy_s:6.2f} s ({rows / destroy_s:,.0f} rows/s, "
          f"RSS {destroyed['peak_rss_mb']:.0f} MB) vs raw DELETE {raw_s:6.2f} s ({rows / raw_s:,.0f} rows/s, "
          f"RSS {raw['peak_rss_mb']:.0f} MB): ratio {raw_s / destroy_s:.2f}")
    print(f"[{backend}] RESULT {rows:,} rows: exit export/CSV dump {ratio:.2f} (goal >= 0.5), "
          f"{dumped / export_s:,.0f} rows/s, peak heap {mb(export_heap)}, peak RSS {export_rss:.0f} MB "
          f"(dump heap {mb(dump_heap)}, {dump_rss:.0f} MB)")
    print(f"[{backend}] RESULT {rows:,} rows: exit destruction/raw DELETE {raw_s / destroy_s:.2f} (goal >= 0.5), "
          f"peak RSS {destroyed['peak_rss_mb']:.0f} MB (raw {raw['peak_rss_mb']:.0f} MB)")


def main(argv: list[str]) -> None:
    os.environ.setdefault("PRIVACY_SECRET_PSEUDONYM_KEY", base64.b64encode(b"p" * 32).decode())
    os.environ.setdefault("PRIVACY_SECRET_AUDIT_KEY", base64.b64encode(b"a" * 32).decode())
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    if "--scale" in argv:
        top = max(2, worlds.scale_arg(argv) // ROWS_PER_DEBTOR)
        sizes = [max(2, top // 10), top]
    else:  # debtors given as plain numbers; options meant for other benchmarks (make bench passes them on) ignored
        sizes = [] if any(a.startswith("--") for a in argv) else [int(a) for a in argv]
        sizes = sizes or [2000, 20000]
    with tempfile.TemporaryDirectory() as tmp:
        for backend in worlds.backends():
            for n in sizes:
                run(backend, n, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
