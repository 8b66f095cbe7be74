"""End to end: `privacy migrate`, `privacy demo-data` and `privacy serve` as real processes, called
over a real socket with tokens signed by the test issuer (JWKS on loopback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_AUDIT_KEY, TEST_BACKUP_KEY, TEST_PSEUDONYM_KEY
from tests.support.azurite import ROOT, Azurite, free_port
from tests.support.identity import AUDIENCE, ISSUER, Issuer


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "devtools", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="session")
def e2e_env(issuer: Issuer, azurite: Azurite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("e2e")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_")}
    env.update({
        "PRIVACY_ENV": "test",
        "PRIVACY_DATABASE_URL": f"sqlite:///{folder / 'privacy.db'}",
        "PRIVACY_APP_DATABASE_URL": f"sqlite:///{folder / 'privacy.db'}",  # else local.settings would name one
        "PRIVACY_STORAGE_CONNECTION": azurite.connection_string,
        "PRIVACY_AUTH_ISSUER": ISSUER,
        "PRIVACY_AUTH_AUDIENCE": AUDIENCE,
        "PRIVACY_AUTH_JWKS_URL": issuer.jwks_url,
        "PRIVACY_SECRET_BACKUP_KEY": TEST_BACKUP_KEY,
        "PRIVACY_SECRET_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY,
        "PRIVACY_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
        "PYTHONUNBUFFERED": "1",
    })
    return env


@pytest.fixture(scope="session")
def demo(e2e_env: dict[str, str]) -> dict:
    migrated = cli(["migrate"], e2e_env)
    assert migrated.returncode == 0, migrated.stderr
    seeded = cli(["demo-data", "--subjects", "60", "--seed", "7"], e2e_env)
    assert seeded.returncode == 0, seeded.stderr
    return json.loads(seeded.stdout[seeded.stdout.index("{"):])


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`privacy serve` as a process on a free port; yields its root URL once /api/health answers."""
    port = free_port()
    log = Path(env["PRIVACY_DATABASE_URL"].removeprefix("sqlite:///")).with_name("serve.log")
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "devtools", "serve", "--port", str(port), "--no-timers"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{root}/api/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise RuntimeError("privacy serve did not come up:\n" + log.read_text())
    try:
        yield root
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def server(e2e_env: dict[str, str], demo: dict) -> Iterator[str]:
    with serving(e2e_env) as root:
        yield f"{root}/api"


@pytest.fixture
def api(server: str, issuer: Issuer):
    class Api:
        base = server

        def __call__(self, method: str, path: str, role: str | None = None, **kw) -> httpx.Response:
            claims = {k: kw.pop(k) for k in ("mfa", "client_id", "email") if k in kw}
            headers = kw.pop("headers", {})
            if role:
                headers.update(issuer.headers(role, **claims))
            return httpx.request(method, f"{server}/{path.lstrip('/')}", headers=headers, timeout=60, **kw)

    return Api()
