"""The realistic retention sweep: a night of closed collection files with their whole trees.

The demo-data platform (about 1M rows, `--scale` for more), 35 years on, with legal holds on 2% of
the debtors and on one client and restrictions on 3% of the closed files. Two policies sweep:
fiscal_7y (payments, client invoices) and collection_file_closed (the closed dossiers with their
letters, contact registrations and documents); the others are switched off.

Baseline: raw set-based statements that make exactly the same change (the same rows deleted,
children first, the same kept rows; both copies are compared after), over one DBAPI connection.
Each side runs in a fresh process on its own copy of the database (planner statistics taken
first, not timed); the sweep deletes the
documents' files on Azurite in batch calls of 256 (the files are not uploaded first: a batch
sub-request for a file already gone costs the same call).

`python -m bench.bench_sweep [--scale 1M] [--batch 10000] [--databases-alone]` (the batch: the sweep's
default, 10,000 rows; --databases-alone leaves out the run with file deletes on Azurite)
"""

from __future__ import annotations

import base64
import os
import sys
from datetime import UTC, date, datetime
from typing import Any

from bench import worlds

NOW = datetime(2061, 11, 24, 2, 30, tzinfo=UTC)  # 35 years on: every closed file and fiscal record is due
SWEPT = ("fiscal_7y", "collection_file_closed")
CHECKED = ("payments", "client_invoices", "dossiers", "letters", "contact_registrations", "documents")
HELD_CLIENT = 2


def prepare(url: str) -> None:
    """Holds, restrictions, and every policy but the two swept switched off."""
    from sqlalchemy import insert, select

    import shared.tables  # noqa: F401 - every table
    from shared.db.engines import build_engine
    from shared.holds import legal_holds
    from shared.platform.schema import debtors, dossiers
    from shared.restrictions import restrictions
    from shared.retention.policies import DEFAULT_POLICIES
    from shared.retention.tables import retention_policy_settings

    engine = build_engine(url)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as conn:
        emails = conn.execute(select(debtors.c.email).where(debtors.c.id % 50 == 0)).scalars().all()
        closed = conn.execute(select(dossiers.c.id).where(dossiers.c.closed_on.is_not(None),
                                                          dossiers.c.id % 33 == 0)).scalars().all()
        conn.execute(insert(legal_holds), [{"id": f"h{i}", "reason": "bench", "subject_email": e, "created_at": at,
                                            "created_by": "bench"} for i, e in enumerate(emails)])
        conn.execute(insert(legal_holds).values(id="hc", reason="bench", client_id=HELD_CLIENT, created_at=at,
                                                created_by="bench"))
        conn.execute(insert(restrictions), [{"table_name": "dossiers", "row_id": r, "kind": "restriction",
                                             "reason": "bench", "since": at} for r in closed])
        conn.execute(insert(retention_policy_settings), [
            {"policy_id": p.id, "period_months": p.period_months, "action": str(p.action),
             "enabled": p.id in SWEPT, "version": p.version, "updated_at": at, "updated_by": "bench"}
            for p in DEFAULT_POLICIES.values()])
    engine.dispose()


def remaining(url: str) -> dict[str, list[int]]:
    """Per checked table: rows left and the sum of their keys (the two copies must agree)."""
    from sqlalchemy import func, select

    from shared.datamap.discovery import table
    from shared.db.engines import build_engine

    engine = build_engine(url)
    with engine.connect() as conn:
        out = {n: list(conn.execute(select(func.count(), func.coalesce(func.sum(table(n).c.id), 0))).one())
               for n in CHECKED}
    engine.dispose()
    return {n: [int(a), int(b)] for n, (a, b) in out.items()}


def child_sweep(url: str, batch: int) -> dict[str, Any]:
    os.environ.update({"PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": url,
                       "PRIVACY_SECRET_PSEUDONYM_KEY": base64.b64encode(b"b" * 32).decode(),
                       "PRIVACY_SECRET_AUDIT_KEY": base64.b64encode(b"a" * 32).decode()})
    from shared.clock import fixed_clock
    from shared.config import get_settings
    from shared.db.engines import build_engine
    from shared.deps import Deps
    from shared.jobs import run_job
    from shared.retention import sweep
    from shared.storage import BlobStore

    engine = build_engine(url)
    deps = Deps(get_settings(), fixed_clock(NOW), engine, engine)
    blobs = os.environ["BENCH_BLOBS"]
    deps.__dict__["blobs"] = BlobStore(blobs) if blobs != INSTANT else _Gone()
    sweep.BATCH_ROWS = batch
    from shared.datamap import runner

    # The files are deleted in a thread while the next batches erase (inline on SQLite). How long
    # the sweep stood waiting for them (at the end of each target), and how long they took in all.
    waited, in_blobs, clean_up, finish = [0.0], [0.0], runner.clean_up, runner._Cleaner.finish

    def timed_clean_up(*args: Any, **kwargs: Any) -> None:
        _, took = worlds.timed(lambda: clean_up(*args, **kwargs))
        in_blobs[0] += took

    def timed_finish(self: Any, **kwargs: Any) -> None:
        _, took = worlds.timed(lambda: finish(self, **kwargs))
        waited[0] += took

    runner.clean_up = timed_clean_up  # type: ignore[assignment]
    runner._Cleaner.finish = timed_finish  # type: ignore[method-assign]
    from shared.datamap.loader import active_map

    active_map()  # the data map is parsed once per process (as the raw side needs none): not timed
    from shared.lazy import settle

    settle()  # as the worker does once its modules loaded (the raw side too)
    record, seconds = worlds.timed(lambda: run_job(deps, "retention_sweep", sweep.run_sweep))
    assert record["status"] == "succeeded", record
    ev = record["evidence"]
    engine.dispose()
    return {"rows": ev["totals"]["deleted"] + ev["totals"]["anonymised"], "seconds": seconds,
            "blobs": ev["blobs_deleted"], "blob_seconds": in_blobs[0],
            "blob_wait": in_blobs[0] if engine.dialect.name == "sqlite" else waited[0],  # SQLite: inline
            "batches": sum(ev["policies"][p]["batches"] for p in SWEPT),
            "left": remaining(url)}


INSTANT = "instant"  # BENCH_BLOBS for the run of the databases alone


class _Gone:
    """Blob storage where every file is already gone, answering at once: the sweep's own work
    (rows, ledger, the files' queue) without storage's."""

    def delete_many(self, container: str, names: Any) -> list[str]:
        return []


def raw_statements(today: date, held_emails: list[str]) -> list[str]:
    """The same change as plain SQL: due rows not held nor restricted; children before parents."""
    from shared.retention.policies import DEFAULT_POLICIES
    from shared.retention.rules import fiscal_cutoff, months_cutoff

    fiscal = fiscal_cutoff(today, 7).isoformat()
    closed = months_cutoff(today, DEFAULT_POLICIES["collection_file_closed"].period_months or 60).isoformat()
    emails = ", ".join("'" + e.replace("'", "''") + "'" for e in held_emails) or "NULL"
    not_held = f"(b.email IS NULL OR b.email NOT IN ({emails})) AND d.client_id <> {HELD_CLIENT}"
    restricted = ("SELECT row_id FROM restrictions WHERE table_name = 'dossiers' AND lifted_at IS NULL")
    return [
        f"DELETE FROM payments WHERE paid_on < '{fiscal}' AND dossier_id IN (SELECT d.id FROM dossiers d "
        f"JOIN debtors b ON b.id = d.debtor_id WHERE {not_held})",
        f"DELETE FROM client_invoices WHERE issued_on < '{fiscal}' AND client_id <> {HELD_CLIENT}",
        "CREATE TEMPORARY TABLE due AS SELECT d.id FROM dossiers d JOIN debtors b ON b.id = d.debtor_id "
        f"WHERE d.status IN ('closed', 'paid', 'written_off') AND d.closed_on IS NOT NULL "
        f"AND d.closed_on <= '{closed}' AND {not_held} AND d.id NOT IN ({restricted})",
        "DELETE FROM letters WHERE dossier_id IN (SELECT id FROM due)",
        "DELETE FROM contact_registrations WHERE dossier_id IN (SELECT id FROM due)",
        "DELETE FROM documents WHERE dossier_id IN (SELECT id FROM due)",
        "UPDATE dossiers SET notes = NULL WHERE id IN (SELECT id FROM due) "
        "AND EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = dossiers.id)",
        "DELETE FROM dossiers WHERE id IN (SELECT id FROM due) "
        "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = dossiers.id)",
    ]


def child_raw(url: str) -> dict[str, Any]:
    from shared.retention.rules import amsterdam_date

    conn = dbapi(url)
    cur = conn.cursor()
    cur.execute("SELECT subject_email FROM legal_holds WHERE subject_email IS NOT NULL AND lifted_at IS NULL")
    held = [r[0] for r in cur.fetchall()]
    statements = raw_statements(amsterdam_date(NOW), held)
    from shared.lazy import settle

    settle()

    def run() -> int:
        n = 0
        for sql in statements:
            cur.execute(sql)
            n += max(cur.rowcount, 0) if not sql.startswith("CREATE") else 0
        conn.commit()
        return n

    rows, seconds = worlds.timed(run)
    conn.close()
    return {"rows": rows, "seconds": seconds, "left": remaining(url)}


def analyze(url: str) -> None:
    """Planner statistics for a fresh copy (not timed), as a database in use has them: without
    them the plans depend on whether autovacuum reached the base yet (PostgreSQL), and SQLite
    pages the due rows through an index instead of by key."""
    conn = dbapi(url)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def dbapi(url: str) -> Any:
    """A bare DBAPI connection (sqlite3 or psycopg) to the benchmark database."""
    if url.startswith("sqlite"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        kind, url = argv[1], argv[2]
        worlds.report(child_raw(url) if kind == "raw" else child_sweep(url, int(argv[3])))
        return
    rows = worlds.scale_arg(argv)
    from shared.retention.plan import MAX_ROWS

    batch = int(argv[argv.index("--batch") + 1]) if "--batch" in argv else MAX_ROWS  # the sweep's own default
    if "--databases-alone" in argv:  # no Azurite run: at 10M its ~740k file deletes take some 20 minutes a database
        for backend in worlds.backends():
            measure(backend, rows, batch, None)
        return
    from tests.support.azurite import Azurite

    azurite = Azurite().start()
    try:
        for backend in worlds.backends():
            measure(backend, rows, batch, azurite.connection_string)
    finally:
        azurite.stop()


def measure(backend: str, rows: int, batch: int, blobs: str | None) -> None:
    w = worlds.world(backend, rows, prepare, tag="sweep")
    print(f"[{backend}] platform: {w.summary['platform_rows']:,} rows (built in {w.summary['build_seconds']} s)")
    with w.copy("raw") as url:
        analyze(url)
        raw = worlds.child("bench.bench_sweep", "--child", "raw", url)
    runs = {}
    for kind, store in ((("files", blobs),) if blobs else ()) + (("databases", INSTANT),):
        with w.copy("sweep") as url:
            analyze(url)
            runs[kind] = worlds.child("bench.bench_sweep", "--child", "sweep", url, str(batch),
                                      env={"BENCH_BLOBS": store})
        assert runs[kind]["left"] == raw["left"], \
            f"the sweep and the raw statements differ: {runs[kind]['left']} != {raw['left']}"
    alone = runs["databases"]
    raw_rate, db_rate = raw["rows"] / raw["seconds"], alone["rows"] / alone["seconds"]
    print(f"[{backend}] raw statements (baseline): {raw['rows']:,} rows in {raw['seconds']:.2f} s = "
          f"{raw_rate:,.0f} rows/s, peak RSS {raw['peak_rss_mb']:.0f} MB")
    with_files = "not run (--databases-alone)"
    if got := runs.get("files"):
        rate = got["rows"] / got["seconds"]
        print(f"[{backend}] retention_sweep, batches of {batch:,}: {got['rows']:,} rows, {got['blobs']:,} files, "
              f"{got['batches']} batches in {got['seconds']:.2f} s = {rate:,.0f} rows/s, "
              f"peak RSS {got['peak_rss_mb']:.0f} MB")
        print(f"[{backend}]   the file deletes (batch calls to Azurite, their queue; in a thread of their own, "
              f"inline on SQLite) took {got['blob_seconds']:.2f} s; the sweep waited {got['blob_wait']:.2f} s of it")
        with_files = f"{rate / raw_rate:.2f}"
    print(f"[{backend}] the same sweep with storage answering at once (the databases alone): "
          f"{alone['seconds']:.2f} s = {db_rate:,.0f} rows/s = {db_rate / raw_rate:.2f} of raw, "
          f"{alone['batches']} batches, peak RSS {alone['peak_rss_mb']:.0f} MB")
    peak = max(r["peak_rss_mb"] for r in runs.values())
    print(f"[{backend}] RESULT sweep/raw {with_files} with file deletes (goal >= 0.5), "
          f"{db_rate / raw_rate:.2f} databases alone, peak {peak:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
