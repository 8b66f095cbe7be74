"""The 72-hour clock over HTTP, exact to the second, across the 25 October 2026 clock change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.breaches import intake_body

AMS = ZoneInfo("Europe/Amsterdam")
OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"


def test_aware_just_before_the_october_change_is_due_72_real_hours_later(client, clock):
    # 02:59:59 CEST on 25 October 2026; one second later the clocks go back to 02:00 CET.
    aware = datetime(2026, 10, 25, 2, 59, 59, tzinfo=AMS).replace(fold=0)
    assert aware.utcoffset() == timedelta(hours=2)
    clock.set(datetime(2026, 10, 25, 6, 0, tzinfo=UTC))
    created = client.post("breaches", {"summary": "Laptop gestolen", "became_aware_at": aware.isoformat()},
                          role=STAFF)
    assert created.status == 201, created.body
    due = datetime.fromisoformat(created.json()["authority_notification_due_at"])
    assert due == datetime(2026, 10, 28, 0, 59, 59, tzinfo=UTC)
    assert due - aware == timedelta(hours=72)
    # The Amsterdam wall clock shows 01:59:59, not the naive "02:59:59 three days later".
    assert due.astimezone(AMS).strftime("%d-%m %H:%M:%S %Z") == "28-10 01:59:59 CET"

    bid = created.json()["id"]
    report = client.get(f"breaches/{bid}/authority-report", role=OFFICER).json()
    timeline = next(s for s in report["sections"] if s["key"] == "timeline")
    answers = {qa["question"]: qa["answer"] for qa in timeline["answers"]}
    assert answers["Wanneer ontdekt"] == "25 oktober 2026 om 02:59 (CEST)"
    assert answers["Uiterste meldtermijn (72 uur)"] == "28 oktober 2026 om 01:59"


def test_in_time_at_the_second_and_late_one_second_after(client, clock):
    aware = datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC)  # 02:59:59 CEST
    clock.set(aware + timedelta(hours=80))
    on_time = client.post("breaches", intake_body(aware, started_at=None), role=STAFF).json()["id"]
    late = client.post("breaches", intake_body(aware, started_at=None), role=STAFF).json()["id"]
    due = aware + timedelta(hours=72)

    ok = client.post(f"breaches/{on_time}/notifications", {
        "target": "authority", "authority_reference": "AP-1", "sent_at": due.isoformat()}, role=OFFICER)
    assert ok.status == 201 and ok.json()["late"] is False

    body = {"target": "authority", "authority_reference": "AP-2", "sent_at": (due + timedelta(seconds=1)).isoformat()}
    refused = client.post(f"breaches/{late}/notifications", body, role=OFFICER)
    assert refused.status == 422 and refused.json()["errors"][0]["field"] == "delay_reasons"
    accepted = client.post(f"breaches/{late}/notifications", dict(body, delay_reasons="Weekenddienst onbereikbaar"),
                           role=OFFICER)
    assert accepted.status == 201 and accepted.json()["late"] is True
