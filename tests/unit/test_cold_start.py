"""Indexing the app (the import of function_app) loads no database layer and no Azure SDK:
they load at first use. Timings live in bench/bench_cold_start.py; this guards the cause."""

import json
import subprocess
import sys

from tests.support.azurite import ROOT

HEAVY = ["sqlalchemy", "azure.identity", "azure.storage.blob", "azure.keyvault.secrets",
         "azure.monitor.opentelemetry", "msal", "pyodbc", "jwt", "cryptography", "zstandard", "yaml"]


def test_indexing_the_app_loads_no_heavy_module():
    code = ("import sys, json, function_app; fns = function_app.app.get_functions(); "
            f"print(json.dumps([len(fns), [m for m in {HEAVY!r} if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"})
    count, loaded = json.loads(out.stdout)
    assert count > 2
    assert loaded == []
