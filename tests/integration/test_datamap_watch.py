"""The nightly `datamap_check`: clean on the reference schema; a column added with SQL raises
Privacy.DataMapDrift naming it, and health and the register show the coverage of the last check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

STAFF = "Privacy.Staff"


@pytest.fixture
def events(caplog):
    caplog.set_level("WARNING", logger="privacy.events")

    def take() -> list[tuple[str, dict]]:
        out = [(r.getMessage(), r.__dict__) for r in caplog.records if r.name == "privacy.events"]
        caplog.clear()
        return out

    return take


def run(deps):
    from functions.datamap import datamap_check
    from shared.jobs import run_job

    return run_job(deps, "datamap_check", datamap_check)


def test_a_personal_column_added_with_sql_is_drift(client, deps, clock, events):
    first = run(deps)
    assert first["status"] == "succeeded" and first["evidence"]["ok"] is True
    assert [n for n, _ in events() if n == "Privacy.DataMapDrift"] == []
    health = client.get("health").json()["data_map"]
    assert health["map"] == "reference.yaml" and health["last_check"]["coverage"]["percent"] == 100.0

    with deps.platform.begin() as conn:
        conn.execute(text("ALTER TABLE debtors ADD COLUMN bsn VARCHAR(9)"))
    clock.advance(timedelta(days=1))  # the next night
    second = run(deps)
    assert second["evidence"]["findings"] == 1
    assert second["evidence"]["shown"] == ["unmapped_column: debtors.bsn (type string(9))"]
    (drift,) = [a for n, a in events() if n == "Privacy.DataMapDrift"]
    assert drift["findings"] == 1 and drift["first"].startswith("unmapped_column: debtors.bsn")
    assert drift["alert_severity"] == 2
    last = client.get("health").json()["data_map"]["last_check"]
    assert last["ok"] is False and last["findings"] == 1 and last["coverage"]["columns_mapped"] < \
        last["coverage"]["columns"]
    register = client.get("register/data-map", role=STAFF).json()
    assert register["coverage"]["findings"] == 1
