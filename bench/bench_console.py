"""The console: the first page's JavaScript and CSS gzipped (budget 400 kB) against the whole
build, and the time to the first rendered work list in headless Chromium with 10,000 open
requests in the database, against the same list fetched over HTTP without a browser, and against
fetching every open request (what a console that loads every row would have to do first).

Needs the built console (make console), web/node_modules and /usr/bin/chromium.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist" / "console"
BUDGET_KB = 400
OPEN_REQUESTS = 10_000


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def bundle() -> None:
    html = (DIST / "index.html").read_text()
    first = sorted(set(re.findall(r'(?:src|href)="/console/(assets/[^"]+\.(?:js|css))"', html)))
    first_kb = sum(gz(DIST / f) for f in first) / 1024
    every = [p for p in (DIST / "assets").iterdir() if p.suffix in (".js", ".css")]
    all_kb = sum(gz(p) for p in every) / 1024
    print(f"first page, JS+CSS gzipped: {first_kb:.1f} kB in {len(first)} files (budget {BUDGET_KB} kB: "
          f"{'within' if first_kb <= BUDGET_KB else 'OVER'})")
    print(f"whole build, JS+CSS gzipped: {all_kb:.1f} kB in {len(every)} files (baseline)")
    print(f"first page / whole build: {first_kb / all_kb:.2f}x")


def fill(url: str) -> None:
    """10,000 open requests straight into the store (set-based), after the migrations."""
    from sqlalchemy import create_engine, insert

    from shared.dsar.tables import dsar_requests

    now = datetime.now(UTC)
    rows = []
    for i in range(OPEN_REQUESTS):
        received = now - timedelta(days=i % 40, minutes=i)
        rows.append({"id": str(uuid.uuid4()), "type": ("access", "erasure", "rectification")[i % 3],
                     "status": ("received", "in_progress", "awaiting_verification")[i % 3],
                     "subject_email": f"bench{i}@debiteur.example", "client_id": 1 + i % 3 if i % 4 else None,
                     "deadline_owner": "controller" if i % 4 else "incassotool", "channel": "email",
                     "received_at": received, "target_date": (received + timedelta(days=21)).date(),
                     "due_date": (received + timedelta(days=30)).date(), "created_at": received,
                     "created_by": "bench", "created_role": "Privacy.Staff", "updated_at": received})
    engine = create_engine(url)
    with engine.begin() as conn:
        for start in range(0, len(rows), 1000):
            conn.execute(insert(dsar_requests), rows[start:start + 1000])
    engine.dispose()


def first_list() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-console-"))
    url = f"sqlite:///{folder / 'privacy.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_")}
    env.update({"PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": url, "PRIVACY_APP_DATABASE_URL": url,
                "PRIVACY_SECRET_BACKUP_KEY": "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtMzI=",
                "PRIVACY_SECRET_PSEUDONYM_KEY": "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtMzI=",
                "PRIVACY_SECRET_AUDIT_KEY": "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtMzI="})
    subprocess.run([sys.executable, "-m", "devtools", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    fill(url)
    port = 7190 + os.getpid() % 500
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "devtools", "serve", "--port", str(port), "--no-timers"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        token = httpx.post(f"{base}/console/dev-token", json={"role": "Privacy.Officer", "mfa": True}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        done = subprocess.run(["node", "bench/first-list.mjs"], cwd=ROOT / "web", capture_output=True, text=True,
                              env={**os.environ, "CONSOLE_URL": f"{base}/console/"}, timeout=600, check=True)
        runs = json.loads(done.stdout.strip().splitlines()[-1])["runs"]
        one_page = []
        for _ in range(5):
            started = time.perf_counter()
            httpx.get(f"{base}/api/dsar", params={"group": "open", "limit": 50}, headers=headers, timeout=60)
            one_page.append(time.perf_counter() - started)
        started = time.perf_counter()
        got, cursor = 0, None
        while True:
            params = {"group": "open", "limit": 500, **({"cursor": cursor} if cursor else {})}
            body = httpx.get(f"{base}/api/dsar", params=params, headers=headers, timeout=120).json()
            got += len(body["items"])
            cursor = body.get("next")
            if not cursor or got >= OPEN_REQUESTS:
                break
        every = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(10)
    ms = statistics.median(r["ms"] for r in runs)
    api_ms = statistics.median(one_page) * 1000
    print(f"open requests in the store: {OPEN_REQUESTS:,}")
    print(f"time to the first rendered work list (Chromium, median of {len(runs)}): {ms:.0f} ms, "
          f"{runs[0]['rows']} rows shown, {runs[0]['listBytes'] / 1024:.1f} kB of list JSON")
    print(f"the same first page over HTTP, no browser: {api_ms:.0f} ms (baseline); console / API: {ms / api_ms:.1f}x")
    print(f"every open request over HTTP ({got:,} rows{'' if got >= OPEN_REQUESTS else ', API gives no cursor yet'}): "
          f"{every * 1000:.0f} ms; first list / all rows: {ms / (every * 1000):.2f}x")


if __name__ == "__main__":
    bundle()
    first_list()
