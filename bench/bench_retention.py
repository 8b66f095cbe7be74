"""Retention sweep throughput: the `retention_sweep` body over 1M expired login rows, against one
raw set-based DELETE of the same rows on an identical copy of the database, in the same run.

Each side runs in a fresh process, so the peak memory (max RSS) of each is its own.
`python -m bench.bench_retention [rows] [batch_rows ...]` (defaults: 1,000,000 rows; batches 5000 and 10000).
"""

from __future__ import annotations

import base64
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROWS = 1_000_000
BATCHES = (5000, 10000)
NOW = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)
OLD = "2024-01-01 12:00:00.000000"  # UTC, as UtcDateTime stores it on SQLite: past the 12 months
RECENT = "2026-11-01 12:00:00.000000"


def build(path: Path, rows: int) -> None:
    import shared.tables  # noqa: F401 - every table
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata, store_metadata

    engine = build_engine(f"sqlite:///{path}")
    platform_metadata.create_all(engine)
    store_metadata.create_all(engine)
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO staff (id, name, email, role, employed_from, mfa_enrolled) "
                "VALUES (1, 'Bench', 'bench@incassotool.nl', 'support', '2015-01-01', 1)")
    con.executemany("INSERT INTO staff_logins (staff_id, occurred_at, ip_address, mfa_passed) VALUES (1, ?, ?, 1)",
                    ((OLD, f"10.0.{i // 256 % 256}.{i % 256}") for i in range(rows)))
    con.executemany("INSERT INTO staff_logins (staff_id, occurred_at, ip_address, mfa_passed) VALUES (1, ?, ?, 1)",
                    ((RECENT, "10.1.0.1") for _ in range(1000)))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def child_raw(path: str) -> dict:
    con = sqlite3.connect(path)
    started = time.perf_counter()
    n = con.execute("DELETE FROM staff_logins WHERE occurred_at < ?", ("2025-11-24 23:00:00.000000",)).rowcount
    con.commit()
    return {"rows": n, "seconds": time.perf_counter() - started}


def child_sweep(path: str, batch_rows: int) -> dict:
    os.environ.update({"PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": f"sqlite:///{path}",
                       "PRIVACY_SECRET_PSEUDONYM_KEY": base64.b64encode(b"b" * 32).decode(),
                       "PRIVACY_SECRET_AUDIT_KEY": base64.b64encode(b"a" * 32).decode()})
    from shared import ledger
    from shared.clock import fixed_clock
    from shared.config import get_settings
    from shared.db.engines import build_engine
    from shared.deps import Deps
    from shared.jobs import run_job
    from shared.retention import sweep

    engine = build_engine(f"sqlite:///{path}")
    deps = Deps(get_settings(), fixed_clock(NOW), engine, engine)
    sweep.BATCH_ROWS = batch_rows
    in_ledger = [0.0]
    write = ledger.write

    def timed_write(*args, **kw):  # how much of the sweep is the erasure ledger's write (one per batch)
        t = time.perf_counter()
        try:
            return write(*args, **kw)
        finally:
            in_ledger[0] += time.perf_counter() - t

    ledger.write = timed_write
    from shared.datamap.loader import active_map

    active_map()  # the data map is parsed once per process (as the raw side needs none): not timed
    started = time.perf_counter()
    record = run_job(deps, "retention_sweep", sweep.run_sweep)
    seconds = time.perf_counter() - started
    assert record["status"] == "succeeded", record
    return {"rows": record["evidence"]["totals"]["deleted"], "seconds": seconds, "ledger_seconds": in_ledger[0],
            "batches": record["evidence"]["policies"]["account_logs"]["batches"]}


def in_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_retention", "--child", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        result = child_raw(argv[2]) if argv[1] == "raw" else child_sweep(argv[2], int(argv[3]))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    rows = int(argv[0]) if argv else ROWS
    batches = [int(b) for b in argv[1:]] or list(BATCHES)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite"
        started = time.perf_counter()
        build(base, rows)
        print(f"built {rows:,} expired + 1,000 recent staff_logins in {time.perf_counter() - started:.1f} s")

        def copy(name: str) -> str:
            target = Path(tmp) / name
            for suffix in ("", "-wal"):  # with the WAL file, if one is left: it may still hold committed rows
                if Path(f"{base}{suffix}").exists():
                    shutil.copy(f"{base}{suffix}", f"{target}{suffix}")
            return str(target)

        raw = in_child("raw", copy("raw.sqlite"))
        raw_rate = raw["rows"] / raw["seconds"]
        print(f"raw DELETE (baseline): {raw['rows']:,} rows in {raw['seconds']:.2f} s = {raw_rate:,.0f} rows/s, "
              f"peak RSS {raw['peak_rss_mb']:.0f} MB")
        for batch in batches:
            res = in_child("sweep", copy(f"sweep{batch}.sqlite"), str(batch))
            rate = res["rows"] / res["seconds"]
            print(f"retention_sweep, batches of {batch:,}: {res['rows']:,} rows in {res['seconds']:.2f} s "
                  f"({res['batches']} batches) = {rate:,.0f} rows/s, peak RSS {res['peak_rss_mb']:.0f} MB; "
                  f"ratio to raw {rate / raw_rate:.2f} (goal >= 0.5)")
            rest = res["seconds"] - res["ledger_seconds"]
            print(f"  of which the erasure ledger write: {res['ledger_seconds']:.2f} s "
                  f"({res['ledger_seconds'] / res['seconds']:.0%}); without it {res['rows'] / rest:,.0f} rows/s, "
                  f"ratio {res['rows'] / rest / raw_rate:.2f}")
            assert res["rows"] == raw["rows"], "the sweep and the raw DELETE must remove the same rows"


if __name__ == "__main__":
    main(sys.argv[1:])
