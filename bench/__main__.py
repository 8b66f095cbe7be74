"""`make bench`: run every benchmark module in bench/ (bench_*.py), each in its own process.

`make bench BENCH_ARGS="--scale 10M"` (or `python -m bench --scale 10M`) passes the scale to the
benchmarks on the demo-data platform (SQLite, and PostgreSQL when PRIVACY_TEST_POSTGRES_URL is set)."""

import subprocess
import sys
from pathlib import Path

SCALED = {"bench_sweep", "bench_snapshot"}  # they take --scale

failed = 0
for path in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"\n=== {path.stem} ===", flush=True)
    args = sys.argv[1:] if path.stem in SCALED else []
    failed += subprocess.run([sys.executable, "-m", f"bench.{path.stem}", *args], check=False).returncode != 0
sys.exit(1 if failed else 0)
