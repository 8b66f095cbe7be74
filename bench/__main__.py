"""`make bench`: run every benchmark module in bench/ (bench_*.py), each in its own process.

`make bench BENCH_ARGS="--scale 10M"` (or `python -m bench --scale 10M`) passes the scale to the
benchmarks on the demo-data platform (SQLite, and PostgreSQL when PRIVACY_TEST_POSTGRES_URL is set)."""

import subprocess
import sys
from pathlib import Path

SCALED = {"bench_sweep", "bench_snapshot", "bench_exit", "bench_dsar"}  # they take --scale

failed = 0
results: list[tuple[str, str]] = []  # (benchmark, its RESULT line): the table at the end
for path in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"\n=== {path.stem} ===", flush=True)
    args = sys.argv[1:] if path.stem in SCALED else []
    proc = subprocess.Popen([sys.executable, "-m", f"bench.{path.stem}", *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        if "RESULT " in line:
            results.append((path.stem, line.strip().replace("RESULT ", "")))
    failed += proc.wait() != 0
print("\n=== every ratio against its baseline in the same run ===")
width = max((len(name) for name, _ in results), default=0)
for name, line in results:
    print(f"{name:<{width}}  {line}")
sys.exit(1 if failed else 0)
