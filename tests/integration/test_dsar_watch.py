"""The DSAR part of the deadline watch: alerts once per threshold, and unverified requests closed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.dsar.watch import watch_requests
from shared.letters import outbox
from tests.integration.test_dsar_platform import PIET, seed

STAFF = {"role": "Privacy.Staff"}


@pytest.fixture
def platform(deps):
    with deps.platform.begin() as conn:
        seed(conn)
    return deps


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.WARNING, logger="privacy.events")

    def names() -> list[tuple[str, str]]:
        out = [(r.getMessage(), getattr(r, "threshold", "")) for r in caplog.records if r.name == "privacy.events"]
        caplog.clear()
        return out

    return names


def run(deps, at: datetime, **kw) -> dict:
    kw.setdefault("close_after_days", deps.settings.dsar_unverified_close_days)  # as the trigger passes it
    with deps.store.begin() as conn:
        return watch_requests(conn, at, **kw)


def test_alerts_at_7_and_2_days_and_when_overdue_each_once(client, platform, deps, clock, events):
    clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    rid = client.post("dsar", {"type": "access", "subject": {"email": PIET},
                               "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF).json()["id"]
    client.post(f"dsar/{rid}/verify", {"method": "email_on_record"}, **STAFF)  # due 2 March 2026
    assert run(deps, datetime(2026, 2, 20, 9, tzinfo=UTC))["near"] == 0
    assert run(deps, datetime(2026, 2, 23, 9, tzinfo=UTC))["near"] == 1
    assert events() == [("Privacy.DsarDeadlineNear", "7d")]
    assert run(deps, datetime(2026, 2, 23, 9, 15, tzinfo=UTC))["near"] == 0  # the next run: nothing new
    assert run(deps, datetime(2026, 2, 28, 9, tzinfo=UTC))["near"] == 1
    assert events() == [("Privacy.DsarDeadlineNear", "2d")]
    assert run(deps, datetime(2026, 3, 3, 9, tzinfo=UTC))["overdue"] == 1
    assert run(deps, datetime(2026, 3, 4, 9, tzinfo=UTC))["overdue"] == 0
    assert events() == [("Privacy.DsarOverdue", "overdue")]


def test_an_extension_moves_the_alerts_to_the_extended_date(client, platform, deps, clock, events):
    clock.set(datetime(2026, 2, 24, 9, tzinfo=UTC))
    rid = client.post("dsar", {"type": "access", "subject": {"email": PIET},
                               "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF).json()["id"]
    client.post(f"dsar/{rid}/verify", {"method": "email_on_record"}, **STAFF)
    run(deps, clock.at)
    assert events() == [("Privacy.DsarDeadlineNear", "7d")]
    client.post(f"dsar/{rid}/extend", {"reason": "complex"}, **STAFF)  # to 28 April
    assert run(deps, datetime(2026, 3, 3, 9, tzinfo=UTC)) == {"near": 0, "overdue": 0, "closed_unverified": 0}
    assert run(deps, datetime(2026, 4, 21, 9, tzinfo=UTC))["near"] == 1


def test_a_request_jumping_past_two_thresholds_alerts_once_for_the_urgent_one(client, platform, deps, clock,
                                                                             events):
    clock.set(datetime(2026, 2, 27, 9, tzinfo=UTC))
    client.post("dsar", {"type": "access", "subject": {"email": PIET}, "received_at": "2026-01-31T10:00:00+01:00"},
                **STAFF)
    run(deps, datetime(2026, 2, 28, 9, tzinfo=UTC), close_after_days=60)
    assert events() == [("Privacy.DsarDeadlineNear", "2d")]
    run(deps, datetime(2026, 2, 28, 10, tzinfo=UTC), close_after_days=60)
    assert events() == []


def test_unverified_requests_are_closed_after_the_term_with_a_letter(client, platform, deps, clock):
    rid = client.post("dsar", {"type": "access", "subject": {"email": PIET}}, **STAFF).json()["id"]
    assert run(deps, clock.at + timedelta(days=29))["closed_unverified"] == 0
    assert run(deps, clock.at + timedelta(days=30))["closed_unverified"] == 1
    assert run(deps, clock.at + timedelta(days=31))["closed_unverified"] == 0
    body = client.get(f"dsar/{rid}", **STAFF).json()
    assert body["status"] == "closed_unverified" and body["status_group"] == "closed"
    with deps.store.connect() as conn:
        letter = conn.execute(select(outbox).where(outbox.c.topic == "dsar.closed_unverified")).one()
    assert letter.recipient == PIET and "identiteitsbewijs" in letter.body and "30 dagen" in letter.body


def test_the_close_term_comes_from_the_settings(client, platform, deps, clock, monkeypatch):
    """The deadline_watch trigger passes the setting to the watch."""
    from dataclasses import replace

    from functions.deadlines import deadline_watch
    from shared.config import get_settings, reset_settings
    from shared.jobs import run_job

    monkeypatch.setenv("PRIVACY_DSAR_UNVERIFIED_CLOSE_DAYS", "10")
    reset_settings()
    client.post("dsar", {"type": "access", "subject": {"email": PIET}}, **STAFF)
    clock.advance(timedelta(days=10))
    record = run_job(replace(deps, settings=get_settings()), "deadline_watch", deadline_watch)
    assert record["evidence"]["requests"]["closed_unverified"] == 1
