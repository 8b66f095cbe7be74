"""Production parity: the app works when indexed the way the Azure Functions worker indexes it
(one get_functions() in a fresh process), and the local host answers like the Functions host."""

import http.client
import json
import subprocess
import sys
import threading

from devtools.host import make_server
from shared.http.routes import ROUTES
from tests.support.azurite import ROOT


def test_every_http_function_answers_after_worker_style_indexing(blob_deps, issuer, monkeypatch):
    import os

    tokens = {role: issuer.token(role, email="worker@example.nl")
              for role in ("Privacy.Officer", "Ops.Engineer", "Privacy.Subject")}
    env = {k: v for k, v in os.environ.items() if k.startswith(("PRIVACY_", "PATH", "HOME"))}
    out = subprocess.run([sys.executable, "-m", "tests.support.worker_style"], cwd=ROOT, env=env,
                         input=json.dumps({"tokens": tokens}), capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    statuses = json.loads(out.stdout)
    assert set(statuses) == set(ROUTES)  # every HTTP function was indexed and called once
    assert statuses["openapi"]["status"] == 200
    assert statuses["health"]["status"] == 200
    server_errors = {n: s for n, s in statuses.items() if s["status"] >= 500}
    assert server_errors == {}


def test_the_local_server_answers_trace_with_405(host):
    server = make_server(host, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        conn.request("TRACE", "/api/dsar")
        resp = conn.getresponse()
        assert resp.status == 405
        assert set(resp.getheader("Allow").split(", ")) == {"GET", "POST"}
        assert json.loads(resp.read())["title"] == "Method not allowed"
    finally:
        server.shutdown()
        server.server_close()
