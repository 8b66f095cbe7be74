"""Processor mode over HTTP: for a client's debtor the client decides. Staff record a decision
only with the client's instruction, which lands in that client's log; another client sees nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.dsar.tables import dsar_requests
from shared.instructions.log import controller_instructions
from shared.letters import outbox
from tests.support.dsar import ADMIN_A, ADMIN_B, OFFICER, STAFF
from tests.support.dsar_platform import JAN, seed

INSTRUCTION = {"reference": "mail 2026-118", "received_at": "2026-11-24T08:30:00+01:00", "channel": "email",
               "given_by": "M. de Vries (eigenaar)"}
DECISIONS = {
    "decision": {"admissible": True, "reason": "Terecht verzoek"},
    "extend": {"reason": "Veel dossiers, complex"},
    "reject": {"ground": "manifestly_unfounded", "reason": "Herhaald verzoek zonder nieuwe feiten"},
}


@pytest.fixture
def request_at_a(client, deps) -> str:
    """A debtor's erasure request at client A (1), taken in by staff and verified."""
    with deps.platform.begin() as conn:
        seed(conn)
    body = client.post("dsar", {"type": "erasure", "subject": {"email": JAN, "name": "Jan"}, "client_id": 1},
                       **STAFF).json()
    rid = body["id"]
    v = client.post(f"dsar/{rid}/verify", {"method": "dossier_number_postcode", "dossier_reference": "A-0001",
                                           "postcode": "1234 AB"}, **STAFF)
    assert v.json()["status"] == "awaiting_controller", v.body
    return rid


def snapshot(deps, rid: str) -> tuple:
    with deps.store.connect() as conn:
        row = conn.execute(select(dsar_requests).where(dsar_requests.c.id == rid)).one()
        letters = conn.execute(select(outbox.c.topic).where(outbox.c.related_id == rid)).all()
        log = conn.execute(select(controller_instructions)).all()
    return tuple(row), sorted(t for (t,) in letters), log


@pytest.mark.parametrize("action", sorted(DECISIONS))
@pytest.mark.parametrize("who", [STAFF, OFFICER])
def test_staff_without_an_instruction_cannot_decide_and_nothing_changes(client, deps, request_at_a, action, who):
    before = snapshot(deps, request_at_a)
    resp = client.post(f"dsar/{request_at_a}/{action}", DECISIONS[action], **who)
    assert resp.status == 403
    assert resp.header("Content-Type").startswith("application/problem+json")
    assert "instruction" in resp.json()["detail"] and "controller" in resp.json()["detail"]
    assert snapshot(deps, request_at_a) == before


@pytest.mark.parametrize("action", sorted(DECISIONS))
def test_staff_with_the_clients_instruction_decide_and_it_is_in_the_clients_log(client, deps, request_at_a,
                                                                                action):
    resp = client.post(f"dsar/{request_at_a}/{action}", {**DECISIONS[action], "instruction": INSTRUCTION},
                       **STAFF)
    assert resp.status == 200, resp.body
    log = client.get("clients/1/instructions", **ADMIN_A)
    assert log.status == 200
    (entry,) = log.json()["items"]
    assert entry["object_id"] == request_at_a and entry["object_type"] == "dsar"
    assert entry["reference"] == "mail 2026-118" and entry["given_by"] == "M. de Vries (eigenaar)"
    assert entry["decision"] == {"decision": "admissibility", "extend": "extension", "reject": "refusal"}[action]
    assert client.get("clients/1/instructions", **OFFICER).json()["items"] == [entry]
    assert client.get("clients/2/instructions", **OFFICER).json()["items"] == []
    history = client.get(f"dsar/{request_at_a}", **STAFF).json()["history"]
    decided = [h for h in history if h["action"].startswith("dsar.") and h["details"]
               and h["details"].get("basis")]
    assert decided[-1]["details"]["basis"] == "instruction"
    assert decided[-1]["details"]["instruction_id"] == entry["id"]


def test_the_clients_admin_decides_itself(client, deps, request_at_a):
    resp = client.post(f"dsar/{request_at_a}/decision", DECISIONS["decision"], **ADMIN_A)
    assert resp.status == 200 and resp.json()["status"] == "in_progress"
    assert client.get("clients/1/instructions", **ADMIN_A).json()["items"] == []  # no instruction needed


def test_another_clients_admin_cannot_even_see_the_request(client, deps, request_at_a):
    assert client.get(f"dsar/{request_at_a}", **ADMIN_B).status == 404
    for action, body in DECISIONS.items():
        assert client.post(f"dsar/{request_at_a}/{action}", body, **ADMIN_B).status == 404
    assert request_at_a not in client.get("dsar", **ADMIN_B).body.decode()
    assert client.get("clients/1/instructions", **ADMIN_B).status == 404


def test_a_refusal_on_instruction_goes_out_namens_the_client(client, deps, request_at_a):
    client.post(f"dsar/{request_at_a}/reject", {**DECISIONS["reject"], "instruction": INSTRUCTION}, **STAFF)
    with deps.store.connect() as conn:
        letter = conn.execute(select(outbox).where(outbox.c.related_id == request_at_a,
                                                   outbox.c.topic == "dsar.rejected")).one()
    assert "namens Bakkerij De Vries" in letter.body
    assert "genomen door Bakkerij De Vries" in letter.body


def test_an_instruction_is_refused_where_it_does_not_belong(client, deps, request_at_a):
    resp = client.post(f"dsar/{request_at_a}/decision", {**DECISIONS["decision"], "instruction": INSTRUCTION},
                       **ADMIN_A)
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "instruction"
    assert client.get(f"dsar/{request_at_a}", **STAFF).json()["decision"] is None


@pytest.mark.parametrize("bad", [{"reference": ""}, {"channel": "pigeon"}, {"received_at": "2026-11-24T08:30:00"},
                                 {"received_at": "2027-01-01T00:00:00+01:00"}, {"given_by": None}])
def test_a_bad_instruction_is_a_422_and_changes_nothing(client, deps, request_at_a, bad):
    before = snapshot(deps, request_at_a)
    instruction = {k: v for k, v in {**INSTRUCTION, **bad}.items() if v is not None}
    resp = client.post(f"dsar/{request_at_a}/decision", {**DECISIONS["decision"], "instruction": instruction},
                       **STAFF)
    assert resp.status == 422, resp.body
    assert snapshot(deps, request_at_a) == before


def test_the_processor_record_lists_the_instructions_and_the_sub_processors(client, deps, request_at_a):
    client.post(f"dsar/{request_at_a}/extend", {**DECISIONS["extend"], "instruction": INSTRUCTION}, **STAFF)
    record = client.get("clients/1/processor-record", **ADMIN_A)
    assert record.status == 200, record.body
    body = record.json()
    assert body["client_id"] == 1 and body["controller"]["name"] == "Bakkerij De Vries"
    assert [i["reference"] for i in body["instructions"]] == ["mail 2026-118"]
    names = " ".join(s["name"] for s in body["sub_processors"])
    assert "Microsoft" in names and "Interpulse" in names
    assert body["categories_of_processing"]
    assert client.get("clients/1/processor-record", **ADMIN_B).status == 404
    assert client.get("clients/2/processor-record", **STAFF).json()["instructions"] == []
    html = client.get("register/export", params={"format": "html"}, **OFFICER).body.decode()
    assert "mail 2026-118" in html
