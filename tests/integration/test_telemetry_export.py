"""What reaches Application Insights: the Azure Monitor distro exports for real to a fake
ingestion endpoint on loopback, while requests, timers, careless log lines and errors carry demo
personal data. No personal value may arrive; the expected events and spans must."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.identity import AUDIENCE, ISSUER

ROOT = Path(__file__).resolve().parents[2]


class Ingestion:
    """Accepts what the exporter posts to /v2.1/track and keeps the decoded envelopes."""

    def __init__(self) -> None:
        self.envelopes: list[dict] = []
        self.paths: set[str] = set()
        ingestion = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
                items = json.loads(raw)
                items = items if isinstance(items, list) else [items]
                ingestion.paths.add(self.path)
                ingestion.envelopes.extend(items)
                body = json.dumps({"itemsReceived": len(items), "itemsAccepted": len(items), "errors": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/"


@pytest.fixture
def ingestion():
    fake = Ingestion()
    yield fake
    fake.server.shutdown()


def test_no_personal_value_reaches_application_insights(ingestion, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRIVACY_", "APPLICATIONINSIGHTS", "OTEL_"))}
    env.update({
        "APPLICATIONINSIGHTS_CONNECTION_STRING":
            f"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={ingestion.url}",
        "APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true",
        "PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "PRIVACY_AUTH_ISSUER": ISSUER, "PRIVACY_AUTH_AUDIENCE": AUDIENCE,
        "PRIVACY_AUTH_JWKS_URL": "http://127.0.0.1:1/unset",  # the driver starts its issuer and sets it
        "PRIVACY_SECRET_BACKUP_KEY": "x" * 44, "PRIVACY_SECRET_PSEUDONYM_KEY": "y" * 44,
        "PRIVACY_SECRET_AUDIT_KEY": "z" * 44,
    })
    run = subprocess.run([sys.executable, "-m", "tests.support.telemetry_driver", env["PRIVACY_DATABASE_URL"]],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    subjects = json.loads(run.stdout.strip().splitlines()[-1])
    values = {v for s in subjects for v in s.values() if v}
    assert len(values) >= 20

    exported = json.dumps(ingestion.envelopes, ensure_ascii=False)
    leaked = sorted(v for v in values if v in exported)
    assert leaked == [], f"personal values exported: {leaked}"
    assert "/v2.1/track" in ingestion.paths

    kinds = {e["data"]["baseType"] for e in ingestion.envelopes}
    data = [e["data"]["baseData"] for e in ingestion.envelopes]
    events = {d.get("name") for d, e in zip(data, ingestion.envelopes, strict=True)
              if e["data"]["baseType"] == "EventData"}
    assert {"MessageData", "ExceptionData", "EventData"} <= kinds, kinds
    assert any(n and n.startswith("Privacy.") for n in events), events
    spans = {d.get("name") for d in data if "name" in d}
    assert "POST /api/dsar" in spans and "timer audit_chain_verify" in spans
    assert "***" in exported  # the careless lines arrived, masked
    print(f"\n{len(values)} personal values checked against {len(ingestion.envelopes)} exported items: "
          f"{len(leaked)} found")
