"""`make run`: Azurite in the background, demo data when the platform database is empty, then
the local host on http://127.0.0.1:7071 (like `func start`)."""

from __future__ import annotations

import atexit
import json
import subprocess
from pathlib import Path

from sqlalchemy import func, select


def start_azurite() -> None:
    binary = Path("node_modules/.bin/azurite-blob")
    if not binary.exists():
        print("Azurite is not installed (npm ci); Blob storage will be unavailable")
        return
    Path(".data/azurite").mkdir(parents=True, exist_ok=True)
    args = [str(binary), "--blobHost", "127.0.0.1", "--location", ".data/azurite",
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"]
    proc = subprocess.Popen(args)  # noqa: S603 - our own node_modules binary
    atexit.register(proc.terminate)


def main() -> None:
    from devtools.cli import _bootstrap

    _bootstrap()
    from devtools.demo_data import generate
    from devtools.host import serve
    from shared.datamap.discovery import client_table
    from shared.deps import get_deps

    start_azurite()
    deps = get_deps()
    with deps.platform.connect() as conn:
        empty = conn.execute(select(func.count()).select_from(client_table())).scalar_one() == 0
    if empty:
        summary = generate(deps.platform, subjects=200, seed=1)
        print("Demo data loaded:", json.dumps(summary["counts"]))
        print("Try these subjects:", json.dumps(summary["samples"][:5]))
    from devtools.demo_store import seed

    print("Demo work for the console:", json.dumps(seed(deps)))  # only into a store without requests
    print("Dev token: .venv/bin/privacy token --role Privacy.Officer --mfa")
    print("The console: http://127.0.0.1:7071/console/ (sign in as the FG: Functionaris gegevensbescherming)")
    serve("127.0.0.1", 7071)


if __name__ == "__main__":
    main()
