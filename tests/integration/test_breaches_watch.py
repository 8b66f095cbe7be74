"""The breach part of the deadline watch, as on-call sees it: each warning once, only for breaches
that still need the AP, and overdue follow-up measures once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.breaches.watch import watch_breaches
from shared.watch_marks import watch_marks
from tests.support.breaches import intake_body, strong_assessment

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
LOW = {"dpc": 1, "ei": 0.25, "cb_confidentiality": 0, "cb_integrity": 0, "cb_availability": 0, "malicious": False}


@pytest.fixture
def events(caplog):
    caplog.set_level("WARNING", logger="privacy.events")

    def collected():
        out = [(r.getMessage(), r.__dict__) for r in caplog.records if r.name == "privacy.events"]
        caplog.clear()
        return out

    return collected


def run(deps, now):
    with deps.store.begin() as conn:
        return watch_breaches(conn, now)


def new_breach(client, aware):
    return client.post("breaches", intake_body(aware, started_at=None), role=STAFF).json()["id"]


def test_warnings_at_48_24_4_hours_and_overdue_each_once(client, deps, clock, events):
    aware = clock.at
    bid = new_breach(client, aware)
    due = aware + timedelta(hours=72)
    events()
    seen = []
    now = aware
    while now <= due + timedelta(hours=2):
        run(deps, now)
        seen += [(name, attrs.get("threshold"), attrs["breach_id"]) for name, attrs in events()
                 if attrs.get("breach_id") == bid]
        now += timedelta(minutes=15)
    assert seen == [
        ("Privacy.BreachDeadlineNear", "48h", bid),
        ("Privacy.BreachDeadlineNear", "24h", bid),
        ("Privacy.BreachDeadlineNear", "4h", bid),
        ("Privacy.BreachDeadlineOverdue", None, bid),
    ]
    with deps.store.connect() as conn:
        marks = {r.mark for r in conn.execute(select(watch_marks.c.mark).where(watch_marks.c.kind == "breach"))}
    assert marks == {"48h", "24h", "4h", "overdue"}


def test_a_watch_that_ran_late_sends_only_the_most_urgent(client, deps, clock, events):
    bid = new_breach(client, clock.at - timedelta(hours=70))
    events()
    counts = run(deps, clock.at)
    got = events()
    assert [(n, a["threshold"]) for n, a in got] == [("Privacy.BreachDeadlineNear", "4h")]
    assert got[0][1]["breach_id"] == bid and got[0][1]["hours_left"] == 2.0
    assert counts["deadline_near"] == 1
    assert run(deps, clock.at + timedelta(minutes=15))["deadline_near"] == 0
    assert events() == []


def test_no_warning_for_notified_or_register_only_breaches(client, deps, clock, events):
    aware = clock.at - timedelta(hours=71)
    notified = new_breach(client, aware)
    client.post(f"breaches/{notified}/notifications", {"target": "authority", "authority_reference": "AP-1"},
                role=OFFICER)
    register_only = new_breach(client, aware)
    client.post(f"breaches/{register_only}/assessment", LOW, role=STAFF)
    decided_low = new_breach(client, aware)
    client.post(f"breaches/{decided_low}/assessment", strong_assessment(), role=STAFF)
    client.post(f"breaches/{decided_low}/decision", {"outcome": "register_only", "reason": "Sleutel veilig"},
                role=OFFICER)
    unassessed = new_breach(client, aware)
    must = new_breach(client, aware)
    client.post(f"breaches/{must}/assessment", strong_assessment(), role=STAFF)
    events()

    run(deps, clock.at + timedelta(hours=2))
    warned = {a["breach_id"] for n, a in events() if n == "Privacy.BreachDeadlineOverdue"}
    assert warned == {unassessed, must}


def test_overdue_measures_are_reported_once_and_done_ones_never(client, deps, clock, events):
    bid = new_breach(client, clock.at - timedelta(hours=1))
    client.post(f"breaches/{bid}/assessment", LOW, role=STAFF)
    client.post(f"breaches/{bid}/decision", {}, role=OFFICER)
    client.post(f"breaches/{bid}/evaluation", {"lessons_learned": "x", "measures": [
        {"description": "open", "owner": "ops", "due_date": "2026-11-30"},
        {"description": "klaar", "owner": "ops", "due_date": "2026-11-30", "done_on": "2026-11-24"},
    ]}, role=STAFF)
    events()
    # On the due day itself the measure is not yet overdue (Amsterdam calendar).
    assert run(deps, datetime(2026, 11, 30, 22, 59, tzinfo=UTC))["measures_overdue"] == 0
    assert run(deps, datetime(2026, 11, 30, 23, 0, tzinfo=UTC))["measures_overdue"] == 1
    got = [a for n, a in events() if n == "Privacy.BreachMeasureOverdue"]
    assert len(got) == 1 and got[0]["breach_id"] == bid and got[0]["due_date"] == "2026-11-30"
    assert run(deps, datetime(2026, 12, 5, tzinfo=UTC))["measures_overdue"] == 0


def test_a_revised_evaluation_that_marks_the_measure_done_silences_it(client, deps, clock, events):
    bid = new_breach(client, clock.at - timedelta(hours=1))
    client.post(f"breaches/{bid}/assessment", LOW, role=STAFF)
    client.post(f"breaches/{bid}/decision", {}, role=OFFICER)
    measure = {"description": "open", "owner": "ops", "due_date": "2026-11-23"}
    client.post(f"breaches/{bid}/evaluation", {"lessons_learned": "x", "measures": [measure]}, role=STAFF)
    revised = client.post(f"breaches/{bid}/evaluation", {"lessons_learned": "x", "measures": [
        dict(measure, done_on="2026-11-24")]}, role=STAFF)
    assert revised.status == 201
    assert run(deps, clock.at)["measures_overdue"] == 0
    one = client.get(f"breaches/{bid}", role=STAFF).json()
    assert one["evaluations_count"] == 2 and one["evaluation"]["measures"][0]["done_on"] == "2026-11-24"


def test_telemetry_of_the_watch_holds_no_personal_data(client, deps, clock, events):
    new_breach(client, clock.at - timedelta(hours=71))
    events()
    run(deps, clock.at)
    for _name, attrs in events():
        assert "summary" not in attrs and "SFTP" not in str(attrs)


def test_the_deadline_watch_timer_runs_it_and_a_second_run_repeats_nothing(client, deps, clock, events):
    from functions.deadlines import deadline_watch
    from shared.jobs import run_job

    bid = new_breach(client, clock.at - timedelta(hours=50))
    events()
    first = run_job(deps, "deadline_watch", deadline_watch)
    assert first["status"] == "succeeded"
    assert first["evidence"]["breaches"]["deadline_near"] == 1
    assert [a["breach_id"] for n, a in events() if n == "Privacy.BreachDeadlineNear"] == [bid]
    clock.advance(timedelta(minutes=15))
    second = run_job(deps, "deadline_watch", deadline_watch)
    assert second["evidence"]["breaches"]["deadline_near"] == 0
    assert [n for n, _a in events() if n.startswith("Privacy.Breach")] == []
