"""The DSAR part of the deadline watch: alerts once per threshold, the controller's reminders, and
nothing that closes by itself."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.dsar.watch import watch_requests
from shared.letters import outbox
from tests.support.dsar_platform import JAN, MEDEWERKER

STAFF = {"role": "Privacy.Staff"}


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.WARNING, logger="privacy.events")

    def names() -> list[tuple[str, str]]:
        out = [(r.getMessage(), getattr(r, "threshold", "")) for r in caplog.records if r.name == "privacy.events"]
        caplog.clear()
        return out

    return names


def run(deps, at: datetime, **kw) -> dict:
    with deps.store.begin() as conn:
        return watch_requests(conn, at, **kw)


def test_alerts_at_7_and_2_days_and_when_overdue_each_once(client, platform, deps, clock, events):
    clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    rid = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
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
    rid = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
                               "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF).json()["id"]
    client.post(f"dsar/{rid}/verify", {"method": "email_on_record"}, **STAFF)
    run(deps, clock.at)
    assert events() == [("Privacy.DsarDeadlineNear", "7d")]
    client.post(f"dsar/{rid}/extend", {"reason": "complex"}, **STAFF)  # to 28 April
    assert run(deps, datetime(2026, 3, 3, 9, tzinfo=UTC)) == {"near": 0, "overdue": 0, "controller_reminders": 0}
    assert run(deps, datetime(2026, 4, 21, 9, tzinfo=UTC))["near"] == 1


def test_a_request_jumping_past_two_thresholds_alerts_once_for_the_urgent_one(client, platform, deps, clock,
                                                                             events):
    clock.set(datetime(2026, 2, 27, 9, tzinfo=UTC))
    client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
                         "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF)
    run(deps, datetime(2026, 2, 28, 9, tzinfo=UTC))
    assert events() == [("Privacy.DsarDeadlineNear", "2d")]
    run(deps, datetime(2026, 2, 28, 10, tzinfo=UTC))
    assert events() == []


def test_nothing_closes_by_itself(client, platform, deps, clock):
    rid = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER}}, **STAFF).json()["id"]
    for days in (30, 90, 400):
        run(deps, clock.at + timedelta(days=days))
    body = client.get(f"dsar/{rid}", **STAFF).json()
    assert body["status"] == "awaiting_verification" and body["status_group"] == "open"
    with deps.store.connect() as conn:
        topics = {t for (t,) in conn.execute(select(outbox.c.topic).where(outbox.c.related_id == rid))}
    assert topics == {"dsar.acknowledged"}


def test_the_controller_is_reminded_7_and_2_days_before_its_deadline(client, platform, deps, clock, events):
    clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    rid = client.post("dsar", {"type": "erasure", "subject": {"email": JAN}, "client_id": 1,
                               "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF).json()["id"]  # due 2 March
    assert run(deps, datetime(2026, 2, 23, 9, tzinfo=UTC))["controller_reminders"] == 1
    assert run(deps, datetime(2026, 2, 23, 10, tzinfo=UTC))["controller_reminders"] == 0
    assert run(deps, datetime(2026, 2, 28, 9, tzinfo=UTC))["controller_reminders"] == 1
    with deps.store.connect() as conn:
        reminders = conn.execute(select(outbox).where(outbox.c.topic == "dsar.controller_reminder",
                                                      outbox.c.related_id == rid)
                                 .order_by(outbox.c.created_at)).all()
    assert [(r.recipient_kind, r.recipient) for r in reminders] == [("client", "1"), ("client", "1")]
    assert "verloopt over 7 dagen" in reminders[0].subject_line and "verloopt over 2 dagen" in reminders[1].subject_line
    assert "2 maart 2026" in reminders[0].body and "identiteit" in reminders[0].body
    assert JAN not in reminders[0].body
    events()
    run(deps, datetime(2026, 3, 3, 9, tzinfo=UTC))  # overdue: Incassotool is alerted too
    assert events() == [("Privacy.DsarOverdue", "overdue")]
    assert client.get(f"dsar/{rid}", **STAFF).json()["status_group"] == "open"


def test_own_relations_get_no_controller_reminder(client, platform, deps, clock):
    clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
                         "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF)
    assert run(deps, datetime(2026, 2, 23, 9, tzinfo=UTC)) == {"near": 1, "overdue": 0, "controller_reminders": 0}
