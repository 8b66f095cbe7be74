"""The local host reads routes and schedules from the functions' own decorators."""

import json
from datetime import UTC, datetime
from pathlib import Path

from croniter import croniter

from devtools.host import FunctionHost, _compile, resolve_schedule
from function_app import app
from shared.app_index import functions_of
from shared.timers import DEFAULT_SCHEDULES, schedule_setting

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_TIMERS = {"retention_sweep", "backup_snapshot", "backup_restore_drill", "exit_processing",
                   "deadline_watch", "audit_chain_verify"}


def test_literal_segments_win_over_parameters():
    host = FunctionHost(app)
    order = [r.name for r in host.http]
    if "breach_register" in order and "breach_get" in order:
        assert order.index("breach_register") < order.index("breach_get")
    pattern, literals = _compile("dsar/{id}/export")
    assert pattern.match("dsar/abc/export").groupdict() == {"id": "abc"} and literals == 2


def test_every_contract_timer_is_registered_with_a_setting_schedule():
    host = FunctionHost(app)
    assert set(host.timers) == CONTRACT_TIMERS
    for f in functions_of(app):
        if f.get_trigger().type == "timerTrigger":
            assert f.get_trigger().schedule == f"%{schedule_setting(f.get_function_name())}%"


def test_schedules_come_from_settings_with_nightly_defaults(monkeypatch):
    monkeypatch.delenv("PRIVACY_SCHEDULE_RETENTION_SWEEP", raising=False)
    assert resolve_schedule("%PRIVACY_SCHEDULE_RETENTION_SWEEP%", "retention_sweep") == "0 30 1 * * *"
    monkeypatch.setenv("PRIVACY_SCHEDULE_RETENTION_SWEEP", "0 0 5 * * *")
    assert resolve_schedule("%PRIVACY_SCHEDULE_RETENTION_SWEEP%", "retention_sweep") == "0 0 5 * * *"


def test_default_schedules_are_valid_ncrontab_and_in_the_sample_settings():
    sample = json.loads((ROOT / "local.settings.sample.json").read_text())["Values"]
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
