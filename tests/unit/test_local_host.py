"""The local host indexes the app as the worker does and routes from the raw bindings."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from croniter import croniter

from devtools.app_index import index
from devtools.host import FunctionHost, StartupError, _compile, resolve_schedule
from function_app import app
from shared.timers import DEFAULT_SCHEDULES, schedule_setting
from tests.support.http import sample_settings

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_TIMERS = {"retention_sweep", "backup_snapshot", "backup_restore_drill", "exit_processing",
                   "deadline_watch", "audit_chain_verify", "datamap_check"}


def test_literal_segments_win_over_parameters():
    host = FunctionHost(app, environ=sample_settings())
    order = [r.name for r in host.http]
    assert order.index("breach_register") < order.index("breach_get")
    pattern, literals = _compile("dsar/{id}/export")
    assert pattern.match("dsar/abc/export").groupdict() == {"id": "abc"} and literals == 2


def test_every_contract_timer_is_registered_with_a_setting_schedule():
    host = FunctionHost(app, environ=sample_settings())
    assert set(host.timers) == CONTRACT_TIMERS
    for f in index(app):
        if f.trigger["type"] == "timerTrigger":
            assert f.trigger["schedule"] == f"%{schedule_setting(f.name)}%"


def test_schedules_come_from_the_app_settings():
    setting = "%PRIVACY_SCHEDULE_RETENTION_SWEEP%"
    assert resolve_schedule(setting, "retention_sweep", {"PRIVACY_SCHEDULE_RETENTION_SWEEP": "0 0 5 * * *"}) \
        == "0 0 5 * * *"


@pytest.mark.parametrize("environ", [{}, {"PRIVACY_SCHEDULE_RETENTION_SWEEP": ""}])
def test_a_missing_schedule_setting_stops_the_start_up_like_the_functions_host(environ):
    with pytest.raises(StartupError, match="PRIVACY_SCHEDULE_RETENTION_SWEEP"):
        resolve_schedule("%PRIVACY_SCHEDULE_RETENTION_SWEEP%", "retention_sweep", environ)
    settings = {k: v for k, v in sample_settings().items() if k != "PRIVACY_SCHEDULE_DEADLINE_WATCH"}
    with pytest.raises(StartupError, match="PRIVACY_SCHEDULE_DEADLINE_WATCH"):
        FunctionHost(app, environ=settings)


def test_unknown_methods_get_405_with_the_allowed_ones():
    host = FunctionHost(app, environ=sample_settings())
    for method in ("TRACE", "OPTIONS", "PUT"):
        status, headers, body = host.dispatch(method, "http://127.0.0.1/api/health", {}, b"")
        assert status == 405, method
        assert headers["Allow"] == "GET"
        assert json.loads(body)["status"] == 405


def test_default_schedules_are_valid_ncrontab_and_in_the_sample_settings():
    sample = sample_settings()
    start = datetime(2026, 11, 24, tzinfo=UTC)
    for name, schedule in DEFAULT_SCHEDULES.items():
        assert sample[schedule_setting(name)] == schedule
        nxt = croniter(schedule, start, second_at_beginning=True).get_next(datetime)
        assert nxt > start
    nightly = croniter(DEFAULT_SCHEDULES["retention_sweep"], start, second_at_beginning=True)
    assert nightly.get_next(datetime).hour == 1 and nightly.get_next(datetime).day == 25


def test_sample_settings_name_every_contract_variable():
    sample = json.loads((ROOT / "local.settings.sample.json").read_text())["Values"]
    for var in ("PRIVACY_ENV", "PRIVACY_DATABASE_URL", "PRIVACY_APP_DATABASE_URL", "AzureWebJobsStorage",
                "PRIVACY_STORAGE_CONNECTION", "PRIVACY_KEYVAULT_URL", "PRIVACY_AUTH_ISSUER",
                "PRIVACY_AUTH_AUDIENCE", "PRIVACY_AUTH_JWKS_URL", "PRIVACY_AUTH_MFA_CONTEXT",
                "PRIVACY_AUTH_CLIENT_CLAIM", "PRIVACY_NOW"):
        assert var in sample, var


def test_the_api_page_is_swagger_ui_from_node_modules_over_this_document():
    host = FunctionHost(app, environ=sample_settings())
    status, headers, body = host.dispatch("GET", "http://127.0.0.1/docs/", {}, b"")
    if status == 503:
        pytest.skip("swagger-ui-dist is not installed in node_modules: run `make install`")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "/api/openapi.json" in page and "https://" not in page  # no CDN
    status, headers, body = host.dispatch("GET", "http://127.0.0.1/docs/swagger-ui-bundle.js", {}, b"")
    assert status == 200 and b"SwaggerUIBundle" in body
    assert host.dispatch("GET", "http://127.0.0.1/docs/../package.json", {}, b"")[0] == 404


def test_the_request_log_names_the_function_never_the_raw_path(caplog):
    import threading
    import urllib.error
    import urllib.request

    from devtools.host import make_server

    server = make_server(FunctionHost(app, environ=sample_settings()), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with caplog.at_level("INFO", logger="privacy.host"), pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/api/dsar/jan.jansen@example.nl", timeout=10)
    finally:
        server.shutdown()
    assert "dsar_get" in caplog.text and "jan.jansen" not in caplog.text
