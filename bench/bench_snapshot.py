"""Snapshot and restore on the demo-data platform (about 1M rows; `--scale` for more), on SQLite
and on PostgreSQL when PRIVACY_TEST_POSTGRES_URL is set.

- fetch: the floor of any logical dump, a bare DBAPI cursor (server-side on PostgreSQL) fetching
  every row of every table in large batches, nothing else;
- snapshot: `take_snapshot` (encode, zstd, AES-GCM frames) into a local-folder stand-in for Blob storage;
- restore: that snapshot into a fresh empty database of the same kind (COPY on PostgreSQL).

Each side runs in a fresh process on its own copy of the database (peak memory is its own), fetch
and snapshot in turn, `--repeat` times (default 2); the best time of each side is printed.
`python -m bench.bench_snapshot [--scale 1M] [--repeat 2]`
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import worlds
from bench.bench_backup import deps_for_url
from bench.bench_sweep import dbapi, prepare

ARRAYSIZE = 10_000


def timed_cpu(fn: Any) -> tuple[Any, float, float]:
    """(result, wall seconds, this process's CPU seconds): on a busy machine the CPU time moves
    less than the wall time (PostgreSQL's own work is not in it)."""
    cpu = time.process_time()
    out, seconds = worlds.timed(fn)
    return out, seconds, time.process_time() - cpu


def side_fetch(url: str) -> dict[str, Any]:
    import shared.tables  # noqa: F401 - every table
    from shared.db.metadata import platform_metadata, store_metadata

    conn = dbapi(url)
    rows = 0

    def fetch() -> None:
        nonlocal rows
        for md in (store_metadata, platform_metadata):
            for t in md.sorted_tables:
                cur = conn.cursor(name=f"f_{t.name}") if not url.startswith("sqlite") else conn.cursor()
                cur.execute(f'SELECT * FROM "{t.name}" ORDER BY 1')
                while batch := cur.fetchmany(ARRAYSIZE):
                    rows += len(batch)
                cur.close()

    _, seconds, cpu = timed_cpu(fetch)
    conn.close()
    return {"rows": rows, "seconds": seconds, "cpu": cpu}


def side_snapshot(url: str, out: str) -> dict[str, Any]:
    import shared.tables  # noqa: F401 - imported before the clock starts, as in the fetch side
    from shared.backups.snapshot import take_snapshot

    deps = deps_for_url(url, Path(out))
    manifest, seconds, cpu = timed_cpu(lambda: take_snapshot(deps))
    return {"rows": manifest["totals"]["rows"], "seconds": seconds, "cpu": cpu, "bytes": manifest["totals"]["bytes"]}


def side_restore(url: str, out: str, target: str) -> dict[str, Any]:
    import shared.tables  # noqa: F401 - imported before the clock starts, as in the fetch side
    from shared.backups.catalog import latest
    from shared.backups.restore import restore

    deps = deps_for_url(url, Path(out))
    sid = latest(deps)["id"]
    report, seconds, cpu = timed_cpu(lambda: restore(deps, sid, target))
    return {"rows": report.rows, "seconds": seconds, "cpu": cpu}


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run, with the highest peak memory of them all."""
    return {**min(runs, key=lambda r: r["seconds"]), "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


def measure(w: worlds.World, url: str, repeat: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Fetch and snapshot taken in turn, `repeat` times each, then as many restores of the first
    snapshot into fresh empty databases: the best of each (the machine is shared)."""
    fetches, snaps, restores = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        outs = [str(Path(tmp) / f"blobs{i}") for i in range(repeat)]  # one snapshot id per folder
        for out in outs:
            fetches.append(worlds.child("bench.bench_snapshot", "--child", "fetch", url))
            snaps.append(worlds.child("bench.bench_snapshot", "--child", "snapshot", url, out))
        for _ in outs:
            with w.empty("restored") as target:
                restores.append(worlds.child("bench.bench_snapshot", "--child", "restore", url, outs[0], target))
    return best(fetches), best(snaps), best(restores)


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        side = {"fetch": side_fetch, "snapshot": side_snapshot, "restore": side_restore}[argv[1]]
        worlds.report(side(*argv[2:]))
        return
    rows = worlds.scale_arg(argv)
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 2
    for backend in worlds.backends():
        w = worlds.world(backend, rows, prepare, tag="sweep")  # the sweep benchmark's database
        print(f"[{backend}] platform: {w.summary['platform_rows']:,} rows (built in {w.summary['build_seconds']} s)")
        with w.copy("snap") as url:
            fetch, snap, rest = measure(w, url, repeat)
        for name, r in (("bare fetch (baseline)", fetch), ("snapshot", snap), ("restore", rest)):
            print(f"[{backend}] {name}: {r['rows']:,} rows in {r['seconds']:.2f} s = "
                  f"{r['rows'] / r['seconds']:,.0f} rows/s (CPU {r['cpu']:.2f} s), peak RSS {r['peak_rss_mb']:.0f} MB "
                  f"(best of {repeat})")
        print(f"[{backend}] RESULT snapshot/fetch {fetch['seconds'] / snap['seconds']:.2f} (goal >= 0.85), "
              f"restore/snapshot {snap['seconds'] / rest['seconds']:.2f} (goal >= 0.5), "
              f"peak {snap['peak_rss_mb']:.0f} / {rest['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
