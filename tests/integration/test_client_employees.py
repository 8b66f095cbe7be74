"""A client's own staff in the platform (client_users) are the client's data: the client is the
controller of their accounts and Incassotool its processor. Their requests go to that client, its
Client.Admin decides (or staff on its instruction), and the letters go out in its name. The client's
contact person stays Incassotool's own customer relation."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from shared.datamap.discovery import table
from shared.dsar.tables import dsar_requests
from shared.letters import outbox
from tests.support.dsar import ADMIN_A, ADMIN_B, STAFF, letters_for, read_zip
from tests.support.dsar_platform import AT, OWNER, PIET

INSTRUCTION = {"reference": "mail 2026-204", "received_at": "2026-11-24T08:30:00+01:00", "channel": "email",
               "given_by": "M. de Vries (eigenaar)"}
DECISIONS = {
    "decision": {"admissible": True, "reason": "Terecht verzoek"},
    "extend": {"reason": "Veel gegevens"},
    "reject": {"ground": "manifestly_unfounded", "reason": "Herhaald verzoek"},
}


@pytest.fixture
def piets_request(client, platform) -> str:
    """Piet, a user of client A's (1) account, asks staff for access; it came from his address on record."""
    resp = client.post("dsar", {"type": "access", "subject": {"email": PIET, "name": "Piet"}, "channel": "email"},
                       **STAFF)
    assert resp.status == 201, resp.body
    return resp.json()["id"]


def snapshot(deps, rid: str) -> tuple:
    with deps.store.connect() as conn:
        row = conn.execute(select(dsar_requests).where(dsar_requests.c.id == rid)).one()
        topics = conn.execute(select(outbox.c.topic).where(outbox.c.related_id == rid)).all()
    return tuple(row), sorted(t for (t,) in topics)


def test_a_client_employees_request_goes_to_that_client_and_the_client_is_told(client, deps, piets_request):
    body = client.get(f"dsar/{piets_request}", **STAFF).json()
    assert body["client_id"] == 1 and body["related_ids"] == []  # no request to Incassotool as controller
    assert body["deadline_owner"] == "controller" and body["status"] == "awaiting_controller"
    (told,) = [x for x in letters_for(deps, piets_request) if x.recipient_kind == "client"]
    assert told.recipient == "1" and told.topic == "dsar.forwarded_to_controller"
    assert "Een van uw medewerkers (een gebruiker van het incassoplatform)" in told.body
    assert "debiteur" not in told.body


@pytest.mark.parametrize("action", sorted(DECISIONS))
def test_staff_without_the_clients_instruction_cannot_decide(client, deps, piets_request, action):
    before = snapshot(deps, piets_request)
    resp = client.post(f"dsar/{piets_request}/{action}", DECISIONS[action], **STAFF)
    assert resp.status == 403 and resp.header("Content-Type").startswith("application/problem+json")
    assert "instruction" in resp.json()["detail"]
    assert snapshot(deps, piets_request) == before


def test_another_clients_admin_cannot_see_it(client, piets_request):
    assert client.get(f"dsar/{piets_request}", **ADMIN_B).status == 404
    for action, body in DECISIONS.items():
        assert client.post(f"dsar/{piets_request}/{action}", body, **ADMIN_B).status == 404
    assert piets_request not in client.get("dsar", **ADMIN_B).body.decode()


def test_the_clients_admin_decides_and_the_answer_is_in_its_name(client, blob_deps, piets_request):
    assert piets_request in [r["id"] for r in client.get("dsar", **ADMIN_A).json()["items"]]  # A's work list
    decided = client.post(f"dsar/{piets_request}/decision", DECISIONS["decision"], **ADMIN_A)
    assert decided.status == 200 and decided.json()["status"] == "in_progress", decided.body
    done = client.post(f"dsar/{piets_request}/complete", {}, **STAFF)
    assert done.status == 200, done.body
    assert done.json()["result"]["tables"] == {"client_user_logins": 1, "client_users": 1}  # not the clients row
    letter = read_zip(blob_deps, client, piets_request, **ADMIN_A).read("informatie-art15.html").decode()
    assert "Verwerkingsverantwoordelijke: Bakkerij De Vries, de organisatie voor wie u het incassoplatform" in letter
    assert "uw schuldeiser" not in letter and "als debiteur" not in letter


def test_staff_with_the_instruction_refuse_it_namens_the_client(client, deps, piets_request):
    resp = client.post(f"dsar/{piets_request}/reject", {**DECISIONS["reject"], "instruction": INSTRUCTION},
                       **STAFF)
    assert resp.status == 200, resp.body
    (entry,) = client.get("clients/1/instructions", **ADMIN_A).json()["items"]
    assert entry["object_id"] == piets_request and entry["decision"] == "refusal"
    letter = letters_for(deps, piets_request)[-1]
    assert letter.topic == "dsar.rejected" and letter.recipient == PIET
    assert "namens Bakkerij De Vries" in letter.body and "genomen door Bakkerij De Vries" in letter.body


def test_the_contact_person_is_incassotools_customer_even_with_an_account(client, deps, platform):
    """The client's contact person who also uses the platform: its customer record is Incassotool's,
    its account the client's. One request each, to each controller."""
    with deps.platform.begin() as conn:
        conn.execute(insert(table("client_users")).values(id=2, client_id=1, name="Eigenaar", email=OWNER,
                                                          can_write=True, created_at=AT))
    body = client.post("dsar", {"type": "access", "subject": {"email": OWNER}}, **STAFF).json()
    (other,) = body["related_ids"]
    rows = {r["client_id"]: r for r in (body, client.get(f"dsar/{other}", **STAFF).json())}
    assert set(rows) == {1, None} and rows[1]["deadline_owner"] == "controller"
    mine = rows[None]["id"]
    assert client.get(f"dsar/{mine}", **ADMIN_A).status == 404  # Incassotool's own: not the client's to see
    ready = client.post(f"dsar/{mine}/verify", {"method": "phone_callback"}, **STAFF).json()
    assert ready["status"] == "in_progress" and ready["deadline_owner"] == "incassotool"


def test_the_clients_processor_record_lists_its_staffs_accounts(client, platform):
    record = client.get("clients/1/processor-record", **ADMIN_A).json()
    accounts = next(c for c in record["categories_of_processing"] if c["activity_id"] == "platform_accounts")
    assert set(accounts["tables"]) == {"client_users", "client_user_logins"}  # not Incassotool's own staff
