"""Schemathesis over `privacy serve` with demo data and Azurite, with every check: no server error,
responses that conform to the document (status codes, content types, schemas), and bad input refused.

It runs against its own database (the requests it makes create and change records) and is bounded:
a few examples per operation and a fixed seed, so it stays within a few minutes on two cores. Two
schemathesis workers test two operations at a time: the same cases in half the time (the server is
threaded, and each case waits mostly on its round trip)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import cli, serving
from tests.support.azurite import ROOT

EXAMPLES_PER_OPERATION = 8
CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture(scope="module")
def fuzz_server(e2e_env, tmp_path_factory):
    """Its own database: the run creates and changes records that other end-to-end tests rely on."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'privacy.db'}"
    env = {**e2e_env, "PRIVACY_DATABASE_URL": url, "PRIVACY_APP_DATABASE_URL": url}
    for args in (["migrate"], ["demo-data", "--subjects", "20", "--seed", "7"]):
        done = cli(args, env)
        assert done.returncode == 0, done.stderr
    with serving(env) as root:
        yield f"{root}/api"


def schemathesis(base: str, token: str, *selection: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "run",
         f"{base}/openapi.json", "--checks", "all", "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", "1",
         "--workers", "2", "--phases", "examples,coverage,fuzzing", "--no-shrink", "--request-timeout", "30",
         "--output-truncate", "false", "-H", f"Authorization: Bearer {token}", *selection],
        cwd=ROOT, capture_output=True, text=True, timeout=900)


def summary(out: str) -> str:
    return out[out.rfind("SUMMARY"):] if "SUMMARY" in out else out[-3000:]


@pytest.mark.timeout(1800)  # the two runs' own limit is 900 s each; a loaded machine needs more than 300
def test_schemathesis_finds_nothing_as_staff_and_as_a_subject(fuzz_server, issuer):
    """Every check, every operation: any finding (a server error, a schema-violating request accepted,
    a response off the document, a wrong `Allow`) fails the test with schemathesis's own report."""
    runs = {
        "staff": schemathesis(fuzz_server, issuer.token("Privacy.Officer"), "--exclude-path-regex", "^/api/me/"),
        "subject": schemathesis(fuzz_server, issuer.token("Privacy.Subject", email="fuzz@example.nl"),
                                "--include-path-regex", "^/api/me/"),
    }
    for who, run in runs.items():
        print(summary(run.stdout))
        assert "SUMMARY" in run.stdout, f"schemathesis did not run as {who}: {run.stderr[-3000:]}"
    failed = {who: run.stdout[-30000:] for who, run in runs.items() if run.returncode}
    assert not failed, "\n\n".join(f"schemathesis as {who}:\n{out}" for who, out in failed.items())
