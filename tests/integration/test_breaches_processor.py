"""Breaches as processor (Art. 33(2)) over HTTP: each affected client gets its own notice on its
own clock; a processor-only breach closes without an AP filing by Incassotool; Incassotool files for
a client only with its mandate; a breach of its own relations still needs its own filing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.breaches.watch import watch_breaches
from shared.config import get_settings, reset_settings
from shared.letters import outbox
from tests.support.breaches import add_clients, intake_body, strong_assessment

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
EVALUATION = {"lessons_learned": "SFTP alleen met sleutels.", "measures": []}
MANDATE = {"reference": "mail 2026-301", "received_at": "2026-11-24T08:00:00+01:00", "channel": "email",
           "given_by": "M. de Vries (directeur)"}


def decided_breach(client, clock, **intake) -> str:
    bid = client.post("breaches", intake_body(clock.at - timedelta(hours=2), **intake), role=STAFF).json()["id"]
    assert client.post(f"breaches/{bid}/assessment", strong_assessment(), role=STAFF).status == 201
    assert client.post(f"breaches/{bid}/decision", {}, role=OFFICER).status == 201
    return bid


def letters(deps, bid: str, topic: str) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.related_id == bid, outbox.c.topic == topic)
                            .order_by(outbox.c.recipient)).all()


@pytest.fixture
def clients_ab(deps):
    add_clients(deps, 1, 2)


def test_a_breach_of_a_clients_debtor_data_closes_after_its_notice_and_the_evaluation(client, deps, clock,
                                                                                     clients_ab):
    bid = decided_breach(client, clock, client_facts=[{"client_id": 1, "subjects_count": 120, "records_count": 300}])
    one = client.get(f"breaches/{bid}", role=STAFF).json()
    assert one["incassotool_role"] == "processor" and one["authority_required"] is False
    (notice,) = one["client_notices"]
    assert notice["client_id"] == 1 and notice["notified_at"] is None

    early = client.post(f"breaches/{bid}/evaluation", EVALUATION, role=STAFF)
    assert early.status == 422 and "client(s) 1" in early.json()["detail"]
    ap = client.post(f"breaches/{bid}/notifications", {"target": "authority", "authority_reference": "AP-1"},
                     role=OFFICER)
    assert ap.status == 403 and "processor" in ap.json()["detail"]

    sent = client.post(f"breaches/{bid}/notifications", {"target": "clients"}, role=OFFICER)
    assert sent.status == 201, sent.body
    (letter,) = letters(deps, bid, "breach.client_notice")
    assert letter.recipient == "1" and "Bakkerij 1 B.V." in letter.body
    for part in ("artikel 33 lid 2 AVG", "Tijdlijn", "Aantal betrokkenen bij u: 120", "Aantal registraties bij u: 300",
                 "Waarschijnlijke gevolgen", "Genomen maatregelen", "010-8428628", "Categorieën betrokkenen"):
        assert part in letter.body, part

    closed = client.post(f"breaches/{bid}/evaluation", EVALUATION, role=STAFF)
    assert closed.status == 201, closed.body
    after = client.get(f"breaches/{bid}", role=STAFF).json()
    assert after["status"] == "closed" and after["authority_notified_at"] is None
    assert [n["target"] for n in after["notifications"]] == ["clients"]
    assert after["client_notices"][0]["late"] is False


def test_a_breach_that_also_touches_own_relations_still_needs_incassotools_filing(client, deps, clock, clients_ab):
    bid = decided_breach(client, clock, client_ids=[1], subject_categories=["debtor", "client"])
    assert client.get(f"breaches/{bid}", role=STAFF).json()["incassotool_role"] == "both"
    client.post(f"breaches/{bid}/notifications", {"target": "clients"}, role=OFFICER)
    refused = client.post(f"breaches/{bid}/evaluation", EVALUATION, role=STAFF)
    assert refused.status == 422 and "AP" in refused.json()["detail"]
    ap = client.post(f"breaches/{bid}/notifications", {"target": "authority", "authority_reference": "AP-2"},
                     role=OFFICER)
    assert ap.status == 201, ap.body
    client.post(f"breaches/{bid}/notifications", {"target": "subjects"}, role=OFFICER)
    assert client.post(f"breaches/{bid}/evaluation", EVALUATION, role=STAFF).status == 201


def test_incassotool_files_for_a_client_only_with_its_recorded_mandate(client, deps, clock, clients_ab):
    bid = decided_breach(client, clock, client_ids=[1, 2])
    body = {"target": "authority", "authority_reference": "AP-3", "client_ids": [1]}
    assert client.post(f"breaches/{bid}/notifications", body, role=OFFICER).status == 403
    recorded = client.post(f"breaches/{bid}/clients/1", {"mandate": MANDATE}, role=STAFF)
    assert recorded.status == 200 and recorded.json()["mandate"] is True
    assert client.get("clients/1/instructions", role=OFFICER).json()["items"][0]["decision"] == "breach_filing"
    assert client.post(f"breaches/{bid}/notifications", body, role=OFFICER).status == 201
    both = {**body, "client_ids": [1, 2]}  # client 2 gave no mandate
    assert client.post(f"breaches/{bid}/notifications", {**both, "phase": "follow_up"}, role=OFFICER).status == 403
    report = client.get(f"breaches/{bid}/authority-report", role=OFFICER).json()
    contact = {qa["question"]: qa["answer"] for s in report["sections"] if s["key"] == "contact"
               for qa in s["answers"]}
    assert contact["Naam organisatie"].startswith("cliënt nr. 1 (verwerkingsverantwoordelijke); deze melding doet "
                                                  "Incassotool namens hen")
    assert contact["Is er een verwerker betrokken bij het datalek?"].startswith("Ja: Incassotool (verwerker)")


def test_the_controllers_own_ap_reference_can_be_recorded(client, deps, clock, clients_ab):
    bid = decided_breach(client, clock, client_ids=[2])
    resp = client.post(f"breaches/{bid}/clients/2", {"authority_reference": "AP-CLIENT-9"}, role=STAFF)
    assert resp.status == 200 and resp.json()["authority_reference"] == "AP-CLIENT-9"
    assert client.post(f"breaches/{bid}/clients/1", {"authority_reference": "x"}, role=STAFF).status == 404
    assert client.post(f"breaches/{bid}/clients/2", {}, role=STAFF).status == 422
    assert client.post(f"breaches/{bid}/clients/2", {"authority_reference": "x"}, role="Ops.Engineer").status == 403


def test_subject_notices_about_a_clients_data_are_prepared_in_its_name(client, deps, clock, clients_ab):
    bid = decided_breach(client, clock, client_ids=[1])
    resp = client.post(f"breaches/{bid}/notifications", {"target": "subjects", "recipients": ["a@example.nl"]},
                       role=OFFICER)
    assert resp.status == 201, resp.body
    (prepared,) = letters(deps, bid, "breach.subject_notice_prepared")
    assert prepared.recipient_kind == "client" and prepared.recipient == "1"
    assert "namens Bakkerij 1 B.V." in prepared.body and "in opdracht van Bakkerij 1 B.V." in prepared.body
    assert letters(deps, bid, "breach.subject_notice") == []  # nothing in Incassotool's own name


def test_each_client_notice_has_its_own_clock_and_alert(client, deps, clock, clients_ab, caplog, monkeypatch):
    monkeypatch.setenv("PRIVACY_BREACH_CLIENT_NOTICE_HOURS", "12")
    reset_settings()
    deps.__dict__["settings"] = get_settings()  # Deps is frozen: swapped as conftest swaps the blobs
    aware = clock.at - timedelta(hours=1)
    bid = client.post("breaches", intake_body(aware, client_ids=[1, 2]), role=STAFF).json()["id"]
    notices = client.get(f"breaches/{bid}", role=STAFF).json()["client_notices"]
    assert {n["notice_due_at"] for n in notices} == {(aware + timedelta(hours=12)).isoformat()}
    client.post(f"breaches/{bid}/notifications", {"target": "clients", "client_ids": [2]}, role=OFFICER)
    caplog.set_level("WARNING", logger="privacy.events")

    def run(hours: int) -> list[tuple[str, int, bool]]:
        caplog.clear()
        with deps.store.begin() as conn:
            watch_breaches(conn, aware + timedelta(hours=hours))
        return [(r.getMessage(), r.__dict__["client_id"], r.__dict__["overdue"]) for r in caplog.records
                if r.getMessage() == "Privacy.BreachClientNoticeDue"]

    assert run(7) == []
    assert run(9) == [("Privacy.BreachClientNoticeDue", 1, False)]  # 3 hours left, client 1 only
    assert run(10) == []
    assert run(13) == [("Privacy.BreachClientNoticeDue", 1, True)]
    assert run(14) == []
