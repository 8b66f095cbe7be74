"""`make bench`: run every benchmark module in bench/ (bench_*.py), each in its own process."""

import subprocess
import sys
from pathlib import Path

failed = 0
for path in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"\n=== {path.stem} ===", flush=True)
    failed += subprocess.run([sys.executable, "-m", f"bench.{path.stem}"], check=False).returncode != 0
sys.exit(1 if failed else 0)
