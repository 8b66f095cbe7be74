"""Cold start: importing function_app (what the Functions host does at start-up) against an
eager import of the Azure SDKs, each in a fresh interpreter, in the same run.

The three kinds of start (an empty interpreter, the app, the SDKs) are taken in turn, round after
round, and the best of each counts: a busy machine then slows both sides alike, and the best start
is the one least disturbed by it."""

from __future__ import annotations

import subprocess
import sys
import time

RUNS = 7
APP = "import function_app; function_app.app.get_functions()"
SDKS = ["azure.functions", "azure.identity", "azure.keyvault.secrets", "azure.storage.blob",
        "azure.monitor.opentelemetry", "msal", "pydantic", "sqlalchemy", "jwt", "zstandard", "pyodbc"]


def importable(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, check=False).returncode == 0


def timed(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> None:
    sdks = [m for m in SDKS if importable(m)]
    missing = sorted(set(SDKS) - set(sdks))
    eager = "import " + ", ".join(sdks)
    rounds = [(timed("pass"), timed(APP), timed(eager)) for _ in range(RUNS)]
    empty, app, sdk = (min(kind) for kind in zip(*rounds, strict=True))
    app, sdk = app - empty, sdk - empty
    print(f"interpreter start (subtracted): {empty * 1000:.0f} ms")
    print(f"import function_app (all functions indexed): {app * 1000:.0f} ms")
    print(f"eager import of the Azure SDKs:      {sdk * 1000:.0f} ms"
          + (f" (not importable here: {', '.join(missing)})" if missing else ""))
    print(f"RESULT cold import function_app/eager SDK import {app / sdk:.2f}x (goal <= 0.3x)")


if __name__ == "__main__":
    main()
