"""Settings: read at first use, errors name the variable, PRIVACY_NOW refused in Azure."""

import pytest

from devtools.app_index import index
from shared.config import Settings, get_settings, reset_settings
from shared.errors import ConfigError


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    import os

    for key in [k for k in os.environ if k.startswith("PRIVACY_")]:
        monkeypatch.delenv(key)
    reset_settings()
    yield
    reset_settings()


def test_defaults_are_safe_local_values():
    s = get_settings()
    assert s.env == "local"
    assert s.database_url == "sqlite:///.data/privacy.db"
    assert s.platform_url == s.database_url
    assert s.storage == "UseDevelopmentStorage=true"
    assert s.auth_audience == "api://privacy-suite"
    assert s.auth_mfa_context == "c1"


def test_a_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("PRIVACY_ENV", "production")
    with pytest.raises(ConfigError, match="PRIVACY_ENV"):
        get_settings()


def test_privacy_now_without_offset_is_refused(monkeypatch):
    monkeypatch.setenv("PRIVACY_NOW", "2026-11-24T09:00:00")
    with pytest.raises(ConfigError, match="PRIVACY_NOW"):
        get_settings()


def test_privacy_now_is_refused_in_azure(monkeypatch):
    monkeypatch.setenv("PRIVACY_ENV", "azure")
    monkeypatch.setenv("PRIVACY_AUTH_ISSUER", "https://login.microsoftonline.com/t/v2.0")
    monkeypatch.setenv("PRIVACY_AUTH_JWKS_URL", "https://login.microsoftonline.com/t/discovery/v2.0/keys")
    monkeypatch.setenv("PRIVACY_NOW", "2026-11-24T09:00:00+01:00")
    with pytest.raises(ConfigError, match="PRIVACY_NOW is refused"):
        get_settings()


def test_azure_needs_a_real_issuer(monkeypatch):
    monkeypatch.setenv("PRIVACY_ENV", "azure")
    with pytest.raises(ConfigError, match="PRIVACY_AUTH_ISSUER"):
        get_settings()


def test_privacy_now_fixes_the_clock(monkeypatch):
    from shared.deps import build_deps

    monkeypatch.setenv("PRIVACY_NOW", "2030-01-02T03:04:05+01:00")
    deps = build_deps(Settings())
    assert deps.clock.now().isoformat() == "2030-01-02T02:04:05+00:00"


def test_importing_the_app_reads_no_configuration(monkeypatch):
    """In Azure an import error hides every function: a bad setting must not break indexing."""
    import importlib

    monkeypatch.setenv("PRIVACY_ENV", "not-an-env")
    import function_app

    importlib.reload(function_app)
    assert len(index(function_app.app)) > 2


def test_empty_settings_count_as_unset(monkeypatch):
    """The sample settings leave PRIVACY_NOW and PRIVACY_KEYVAULT_URL empty, as a blank app setting in Azure."""
    monkeypatch.setenv("PRIVACY_NOW", "")
    monkeypatch.setenv("PRIVACY_KEYVAULT_URL", "")
    monkeypatch.setenv("PRIVACY_AUTH_AUDIENCE", "")
    s = get_settings()
    assert s.now is None and s.keyvault_url is None
    assert s.auth_audience == "api://privacy-suite"


def test_make_run_keeps_azurite_data_under_dot_data(monkeypatch, tmp_path):
    import subprocess

    from devtools import run_local

    monkeypatch.chdir(tmp_path)
    (tmp_path / "node_modules/.bin").mkdir(parents=True)
    (tmp_path / "node_modules/.bin/azurite-blob").touch()
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda args: started.append(args) or type("P", (), {"terminate": 1})())
    monkeypatch.setattr(run_local.atexit, "register", lambda fn: None)
    run_local.start_azurite()
    args = started[0]
    assert args[args.index("--location") + 1] == ".data/azurite"
    assert args[args.index("--blobHost") + 1] == "127.0.0.1"
