"""The console on the local host: static files with their content types, the SPA fallback, no
way out of the build folder, and the dev sign-in that exists only without a real issuer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest

from devtools import console
from shared.config import reset_settings


@pytest.fixture
def dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    built = tmp_path / "dist"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text("<!doctype html><title>console</title>")
    (built / "assets" / "index-abc.js").write_text("console.log(1)")
    (built / "assets" / "index-abc.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("not for the web")
    monkeypatch.setenv("PRIVACY_CONSOLE_DIR", str(built))
    return built


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for key in ("PRIVACY_AUTH_ISSUER", "PRIVACY_AUTH_JWKS_URL", "PRIVACY_NOW"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PRIVACY_ENV", "local")
    monkeypatch.chdir(tmp_path)  # the dev issuer keeps its key under .data/ here
    reset_settings()
    yield
    reset_settings()


def test_files_come_with_their_content_type_and_pages_fall_back_to_the_app(dist):
    status, headers, body = console.dispatch("GET", "console/assets/index-abc.js", b"")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and body == b"console.log(1)"
    assert "immutable" in headers["Cache-Control"] and headers["X-Content-Type-Options"] == "nosniff"
    assert console.dispatch("GET", "console/assets/index-abc.css", b"")[1]["Content-Type"].startswith("text/css")
    for page in ("console/", "console/werkvoorraad", "console/werkvoorraad/1234-abcd"):
        status, headers, body = console.dispatch("GET", page, b"")
        assert status == 200 and headers["Content-Type"].startswith("text/html") and b"<title>console" in body
        assert headers["Cache-Control"] == "no-cache" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert console.dispatch("GET", "console", b"")[:2] == (308, {"Location": "/console/"})


def test_a_missing_file_is_404_not_the_app(dist):
    assert console.dispatch("GET", "console/assets/gone.js", b"")[0] == 404
    assert console.dispatch("GET", "console/favicon.png", b"")[0] == 404


@pytest.mark.parametrize("path", ["console/../secret.txt", "console/%2e%2e/secret.txt",
                                  "console/assets/../../secret.txt", "console/..%2fsecret.txt", "console//etc/passwd"])
def test_no_path_leads_out_of_the_build(dist, path):
    status, _, body = console.dispatch("GET", path, b"")
    assert b"not for the web" not in body and b"root:" not in body
    assert status in (200, 404)  # 200 only as the app's index.html


def test_not_built_is_a_clear_503(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACY_CONSOLE_DIR", str(tmp_path / "nothing"))
    status, headers, body = console.dispatch("GET", "console/", b"")
    assert status == 503 and headers["Content-Type"] == "application/problem+json"
    assert "npm run build" in json.loads(body)["detail"]


def test_other_methods_are_405(dist):
    status, headers, _ = console.dispatch("POST", "console/index.html", b"")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert console.dispatch("GET", "console/dev-token", b"")[0] == 405


def test_the_dev_sign_in_mints_a_token_of_the_dev_issuer_for_any_role(local):
    from shared.config import get_settings
    from shared.identity.auth import principal_from_claims, validator_for

    status, _, body = console.dispatch("POST", "console/dev-token", json.dumps(
        {"role": "Client.Admin", "client_id": 3, "mfa": True}).encode())
    assert status == 200, body
    token = json.loads(body)["access_token"]
    principal = principal_from_claims(validator_for(get_settings()).validate(token), get_settings())
    assert principal.client_id == 3 and principal.mfa and "Client.Admin" in principal.roles
    assert jwt.get_unverified_header(token)["kid"] == "dev-issuer-1"
    config = console.config()
    assert config["mode"] == "dev" and {r["id"] for r in config["roles"]} >= {"Privacy.Officer", "Privacy.Subject"}


@pytest.mark.parametrize("body", [{"role": "Root"}, {"role": "Client.Admin"}, {"role": "Privacy.Subject"},
                                  {"role": "Privacy.Officer", "extra": 1}, "not json"])
def test_a_bad_dev_sign_in_is_422(local, body):
    raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    assert console.dispatch("POST", "console/dev-token", raw)[0] == 422


@pytest.mark.parametrize("setting", [{"PRIVACY_ENV": "azure", "PRIVACY_AUTH_ISSUER": "https://login.microsoftonline.com/t/v2.0",
                                      "PRIVACY_AUTH_JWKS_URL": "https://login.microsoftonline.com/t/discovery/v2.0/keys"},
                                     {"PRIVACY_AUTH_ISSUER": "https://login.microsoftonline.com/t/v2.0",
                                      "PRIVACY_AUTH_JWKS_URL": "https://login.microsoftonline.com/t/discovery/v2.0/keys"}])
def test_the_dev_sign_in_is_impossible_in_azure_or_with_a_real_issuer(local, monkeypatch, setting):
    for key, value in setting.items():
        monkeypatch.setenv(key, value)
    reset_settings()
    status, _, body = console.dispatch("POST", "console/dev-token", json.dumps({"role": "Privacy.Officer",
                                                                               "mfa": True}).encode())
    assert status == 403 and "access_token" not in json.loads(body)
    assert not Path(".data/dev-issuer/key.pem").exists()
    assert console.config()["mode"] == "msal"
