"""Shared fixtures: databases (SQLite, and PostgreSQL when PRIVACY_TEST_POSTGRES_URL is set),
Azurite, a token issuer with its JWKS on loopback, a settable clock, and an in-process client."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.clock import Clock
from tests.support.azurite import Azurite
from tests.support.databases import backends, engine_with_schema, fresh_database
from tests.support.identity import AUDIENCE, ISSUER, Issuer

TEST_BACKUP_KEY = base64.b64encode(b"k" * 32).decode()
TEST_PSEUDONYM_KEY = base64.b64encode(b"p" * 32).decode()
TEST_AUDIT_KEY = base64.b64encode(b"a" * 32).decode()


@dataclass
class SettableClock:
    at: datetime = field(default_factory=lambda: datetime(2026, 11, 24, 9, 0, tzinfo=UTC))

    def set(self, at: datetime) -> None:
        self.at = at

    def advance(self, delta: timedelta) -> None:
        self.at += delta

    @property
    def clock(self) -> Clock:
        return Clock(lambda: self.at)


@pytest.fixture(scope="session")
def issuer() -> Iterator[Issuer]:
    issuer = Issuer().start()
    yield issuer
    issuer.stop()


@pytest.fixture(scope="session")
def azurite() -> Iterator[Azurite]:
    if Azurite.binary() is None:
        pytest.skip("Azurite is not installed in node_modules: run `make install`")
    server = Azurite().start()
    yield server
    server.stop()


@pytest.fixture(params=backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str, issuer: Issuer) -> dict[str, str]:
    """The environment of a test deployment (no Azure): every value the app reads."""
    values = {
        "PRIVACY_ENV": "test",
        "PRIVACY_DATABASE_URL": db_url,
        "PRIVACY_AUTH_ISSUER": ISSUER,
        "PRIVACY_AUTH_AUDIENCE": AUDIENCE,
        "PRIVACY_AUTH_JWKS_URL": issuer.jwks_url,
        "PRIVACY_SECRET_BACKUP_KEY": TEST_BACKUP_KEY,
        "PRIVACY_SECRET_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY,
        "PRIVACY_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
    }
    for key in [k for k in os.environ if k.startswith("PRIVACY_") and k not in values]:
        monkeypatch.delenv(key)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def deps(env: dict[str, str], clock: SettableClock) -> Iterator[object]:
    """Dependencies over a fresh database with both schemas, and the settable clock."""
    from shared.config import get_settings, reset_settings
    from shared.deps import Deps, set_deps

    reset_settings()
    settings = get_settings()
    engine = engine_with_schema(settings.database_url)
    built = Deps(settings, clock.clock, engine, engine)
    set_deps(built)
    yield built
    set_deps(None)
    reset_settings()
    engine.dispose()


@pytest.fixture
def blob_deps(deps, azurite: Azurite, monkeypatch: pytest.MonkeyPatch):
    """`deps` with Blob storage on Azurite."""
    from shared.storage import BlobStore

    monkeypatch.setenv("PRIVACY_STORAGE_CONNECTION", azurite.connection_string)
    deps.__dict__["blobs"] = BlobStore(azurite.connection_string)
    return deps


class StorageDown:
    """Blob storage that refuses at once (the real client would retry for a minute first)."""

    def __getattr__(self, name: str):
        def refuse(*args, **kwargs):
            raise ConnectionError("blob storage is unreachable")

        return refuse


@pytest.fixture
def storage_down(deps):
    deps.__dict__["blobs"] = StorageDown()
    return deps


@pytest.fixture(scope="session")
def host():
    from devtools.host import FunctionHost
    from function_app import app
    from tests.support.http import sample_settings

    return FunctionHost(app, environ=sample_settings())


@pytest.fixture
def client(deps, host, issuer: Issuer):
    from tests.support.http import Client

    return Client(host, issuer)


# --- Markers, from where a test lives and what it needs (a conftest's pytestmark marks nothing) --
E2E_DIR = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`-m e2e`, `-m azurite` and `-m postgres` select the tests that run end to end, need the
    storage emulator, or run on PostgreSQL."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)
        if "azurite" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.azurite)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db_url") == "postgres":
            item.add_marker(pytest.mark.postgres)


# --- Every executed statement is also compiled for SQL Server at the end of the run ----------
from tests.support import tsql  # noqa: E402

tsql.install()


_worker_reports: list[dict] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # pytest-xdist: a worker's statements reach the controller
    report = getattr(node, "workeroutput", {}).get("tsql")
    if report is not None:
        _worker_reports.append(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    bad = tsql.failures()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the result to the controller, which judges it
        workeroutput["tsql"] = {"statements": sorted(tsql.captured), "bad": bad}
        return
    statements = set(tsql.captured)
    for report in _worker_reports:
        statements.update(report["statements"])
        bad += [tuple(b) for b in report["bad"] if tuple(b) not in bad]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"T-SQL check: {len(statements)} distinct statements compiled for mssql, "
                            f"{len(bad)} failed")
        for stmt, err in bad:
            reporter.write_line(f"  T-SQL FAIL: {err}\n    {stmt}")
    if bad:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
