"""`privacy datamap generate` and `check` on a small platform database and on one of over 1M rows,
in the same run: sampling is bounded per column (1,000 values), so time and peak memory follow the
number of columns, not of rows.

Each measurement runs in a fresh process (its own max RSS); each database is built in a process of
its own. `python -m bench.bench_datamap [small_subjects] [large_subjects]` (defaults 7,000 and
70,000 subjects: about 0.1M and 1.1M rows).
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(path: Path, subjects: int) -> None:
    from devtools.demo_data import generate
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata
    from shared.platform import schema  # noqa: F401 - the reference tables

    engine = build_engine(f"sqlite:///{path}")
    platform_metadata.create_all(engine)
    generate(engine, subjects=subjects, seed=7)
    engine.dispose()


def measure(path: Path, what: str) -> dict:
    from datetime import date

    from shared.datamap.loader import REFERENCE, load_map
    from shared.datamap.survey import check, generate
    from shared.db.engines import build_engine

    engine = build_engine(f"sqlite:///{path}")
    reference = load_map(REFERENCE)
    start = time.perf_counter()
    if what == "generate":
        text = generate(engine, date(2026, 12, 1), reference, "bench")
        ok = "review: pending" in text
    else:
        ok = check(reference, engine, date(2026, 12, 1)).ok
    seconds = time.perf_counter() - start
    engine.dispose()
    return {"seconds": seconds, "ok": ok, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_datamap", *args], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(small: int, large: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, subjects in (("small", small), ("large", large)):
            path = Path(tmp) / f"{label}.sqlite"
            t0 = time.perf_counter()
            _child("--build", str(path), str(subjects))
            con = sqlite3.connect(path)
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
            columns = sum(len(con.execute(f'PRAGMA table_info("{t}")').fetchall()) for t in tables)
            con.close()
            results[label] = {"rows": rows, "columns": columns, "build_s": time.perf_counter() - t0,
                              "generate": _child("--measure", str(path), "generate"),
                              "check": _child("--measure", str(path), "check")}
    s, big = results["small"], results["large"]
    print("database    rows       columns  generate s  peak MB   check s  peak MB")
    for label in ("small", "large"):
        r = results[label]
        print(f"{label:<10} {r['rows']:>9,}  {r['columns']:>7}  {r['generate']['seconds']:>10.2f}  "
              f"{r['generate']['max_rss_mb']:>7.0f}  {r['check']['seconds']:>8.2f}  {r['check']['max_rss_mb']:>7.0f}")
    print(f"rows x{big['rows'] / s['rows']:.1f}, columns x{big['columns'] / s['columns']:.1f}: "
          f"generate time x{big['generate']['seconds'] / s['generate']['seconds']:.2f}, "
          f"memory x{big['generate']['max_rss_mb'] / s['generate']['max_rss_mb']:.2f}; "
          f"check time x{big['check']['seconds'] / s['check']['seconds']:.2f}, "
          f"memory x{big['check']['max_rss_mb'] / s['check']['max_rss_mb']:.2f}")
    assert big["generate"]["ok"] and big["check"]["ok"], "the draft or the check failed on the large database"


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--build":
        build(Path(args[1]), int(args[2]))
        print("{}")
    elif args and args[0] == "--measure":
        print(json.dumps(measure(Path(args[1]), args[2])))
    else:
        main(int(args[0]) if args else 7_000, int(args[1]) if len(args) > 1 else 70_000)
