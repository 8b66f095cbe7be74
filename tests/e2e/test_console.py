"""The console end to end: Playwright (playwright-core, Debian's chromium) against a real
`privacy serve` with demo data, signing in through the console's own dev sign-in.

The browser tests live in web/e2e/ (node:test); this test arranges the server and runs them, so
`make test` runs them too. Screenshots land in web/test-results/screenshots/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_BACKUP_KEY, TEST_PSEUDONYM_KEY
from tests.e2e.conftest import cli, serving
from tests.support.azurite import ROOT, Azurite

pytestmark = pytest.mark.e2e
WEB = ROOT / "web"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def console_server(azurite: Azurite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    if not (WEB / "dist" / "console" / "index.html").exists() or not (WEB / "node_modules").exists():
        pytest.skip("the console is not built: make test builds it (cd web && npm ci && npm run build)")
    folder = tmp_path_factory.mktemp("console")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_")}
    env.update({
        # The dev issuer, as under `make run`: no real issuer configured.
        "PRIVACY_ENV": "test",
        "PRIVACY_DATABASE_URL": f"sqlite:///{folder / 'privacy.db'}",
        "PRIVACY_APP_DATABASE_URL": f"sqlite:///{folder / 'privacy.db'}",
        "PRIVACY_STORAGE_CONNECTION": azurite.connection_string,
        "PRIVACY_AUTH_ISSUER": "", "PRIVACY_AUTH_JWKS_URL": "",
        "PRIVACY_SECRET_BACKUP_KEY": TEST_BACKUP_KEY,
        "PRIVACY_SECRET_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY,
        "PYTHONUNBUFFERED": "1",
    })
    for step in (["migrate"], ["demo-data", "--subjects", "60", "--seed", "7"]):
        done = cli(step, env)
        assert done.returncode == 0, done.stderr
        if step[0] == "demo-data":
            demo = json.loads(done.stdout[done.stdout.index("{"):])
    seeded = subprocess.run([sys.executable, "-m", "devtools.demo_store"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert seeded.returncode == 0, seeded.stderr
    with serving(env) as root:
        yield f"{root}/console/", demo


def test_console_in_chromium(console_server: tuple[str, dict]) -> None:
    url, demo = console_server
    samples = demo["samples"]
    own = next(s["email"] for s in samples if s["category"] == "prospect")
    debtor = next(s["email"] for s in samples if s["category"] == "debtor")
    env = {**os.environ, "CONSOLE_URL": url, "CHROMIUM": CHROMIUM, "DEMO_OWN_SUBJECT": own, "DEMO_SUBJECT": debtor}
    node = shutil.which("node") or "node"
    run = subprocess.run([node, "--test", "--test-concurrency=1", "--test-reporter=spec", "e2e/"], cwd=WEB, env=env,
                         capture_output=True, text=True, timeout=600, check=False)
    print(run.stdout[-4000:])
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert "0 serious or critical violations" in run.stdout
