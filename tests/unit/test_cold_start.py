"""Indexing the app (the import of function_app) loads no database layer, no Azure SDK, no pydantic
and no area's models: they load at first use. Timings live in bench/bench_cold_start.py; this
guards the cause."""

import json
import subprocess
import sys

from tests.support.azurite import ROOT

HEAVY = ["sqlalchemy", "azure.identity", "azure.storage.blob", "azure.keyvault.secrets",
         "azure.monitor.opentelemetry", "msal", "pyodbc", "jwt", "cryptography", "zstandard", "yaml"]


def _indexed(report: str) -> tuple[int, list[str]]:
    """The number of functions indexed in a fresh interpreter, and what `report` (an expression
    over `sys.modules`) lists afterwards."""
    code = ("import sys, json, function_app; fns = function_app.app.get_functions(); "
            f"print(json.dumps([len(fns), {report}]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"})
    count, loaded = json.loads(out.stdout)
    return count, loaded


def test_indexing_the_app_loads_no_heavy_module():
    count, loaded = _indexed(f"[m for m in {HEAVY!r} if m in sys.modules]")
    assert count > 2
    assert loaded == []


def test_indexing_the_app_loads_no_model():
    """The triggers name their models as `lambda: models.X`: @api resolves them at the first request
    or when the OpenAPI document is built, so pydantic and the models are not imported to index."""
    count, loaded = _indexed("sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' "
                             "or (m.startswith('shared.') and m.split('.')[-1] in ('models', 'model', 'paging')))")
    assert count > 2
    assert loaded == []
