"""Blob storage down: 20 concurrent requests to a storage route (GET /api/backups) against
`privacy serve`, with Azurite stopped. Reports the time to the 503 answers, and the latency of
a route that needs no storage (GET /api/breaches) under the same load, against that same route
with storage up (the baseline, in this run). Goal: every 503 within 5 s; other routes unharmed."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.support.azurite import ROOT, Azurite, free_port
from tests.support.identity import AUDIENCE, ISSUER, Issuer

N = 20


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "devtools", "serve", "--port", str(port), "--no-timers"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("privacy serve did not come up")


def burst(url: str, token: str) -> tuple[list[int], list[float]]:
    def one(_: int) -> tuple[int, float]:
        started = time.perf_counter()
        status = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=120).status_code
        return status, time.perf_counter() - started

    with ThreadPoolExecutor(N) as pool:
        results = list(pool.map(one, range(N)))
    return [s for s, _ in results], [t for _, t in results]


def main() -> None:
    from tests.conftest import TEST_BACKUP_KEY, TEST_PSEUDONYM_KEY

    issuer, azurite = Issuer().start(), Azurite().start()
    folder = Path(tempfile.mkdtemp(prefix="bench-outage-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_")}
    env.update({"PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": f"sqlite:///{folder / 'p.db'}",
                "PRIVACY_APP_DATABASE_URL": f"sqlite:///{folder / 'p.db'}",
                "PRIVACY_STORAGE_CONNECTION": azurite.connection_string, "PRIVACY_AUTH_ISSUER": ISSUER,
                "PRIVACY_AUTH_AUDIENCE": AUDIENCE, "PRIVACY_AUTH_JWKS_URL": issuer.jwks_url,
                "PRIVACY_SECRET_BACKUP_KEY": TEST_BACKUP_KEY, "PRIVACY_SECRET_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY})
    subprocess.run([sys.executable, "-m", "devtools", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    proc = serve(env, port)
    token = issuer.token("Privacy.Officer")
    base = f"http://127.0.0.1:{port}/api"
    try:
        _, up = burst(f"{base}/breaches", token)
        azurite.stop()
        with ThreadPoolExecutor(2) as pool:
            storage = pool.submit(burst, f"{base}/backups", token)
            time.sleep(0.2)
            other = pool.submit(burst, f"{base}/breaches", token)
            statuses, to_503 = storage.result()
            other_statuses, down = other.result()
    finally:
        proc.terminate()
        issuer.stop()
    print(f"{N} concurrent GET /api/backups with storage down: statuses {sorted(set(statuses))}")
    print(f"time to the 503: median {statistics.median(to_503):.2f} s, slowest {max(to_503):.2f} s (goal < 5 s)")
    print(f"GET /api/breaches meanwhile: statuses {sorted(set(other_statuses))}, "
          f"median {statistics.median(down) * 1000:.0f} ms")
    print(f"GET /api/breaches with storage up (baseline): median {statistics.median(up) * 1000:.0f} ms")
    print(f"ratio, storage down vs up: {statistics.median(down) / statistics.median(up):.2f}x")


if __name__ == "__main__":
    main()
