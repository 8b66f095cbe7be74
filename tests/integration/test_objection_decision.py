"""An objection (Art. 21) is decided: compelling grounds override (a refusal letter with the grounds
and the remedies) or not (the processing stops and the data are erased). An objection to direct
marketing is absolute."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.dsar.tables import objection_decisions
from shared.restrictions import restrictions
from tests.support.dsar import OFFICER, STAFF, letters_for, ready, rows_of
from tests.support.dsar_platform import JAN, PIET, PROSPECT

OWNER = "eigenaar@bakkerij.nl"  # the contact of client 1: Incassotool's own relation

UPHELD = {"overriding": False, "reasons": "Geen zwaarwegend belang bij voortzetting"}
OVERRIDES = {"overriding": True, "reasons": "De vordering wordt nog geïnd; de verwerking is daarvoor nodig"}


def completed_objection(client, email: str, client_id: int | None = None) -> str:
    rid = ready(client, "objection", email, client_id=client_id)
    done = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert done.status == 200, done.body
    return rid


def decisions(deps) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(objection_decisions)).scalar_one()


def active(deps, rid: str) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(restrictions).where(
            restrictions.c.request_id == rid, restrictions.c.lifted_at.is_(None))).scalar_one()


def consents_withdrawn(deps) -> list:
    from shared.datamap.discovery import table

    with deps.platform.connect() as conn:
        return [w for (w,) in conn.execute(select(table("prospect_consents").c.withdrawn_at))]


def test_an_objection_to_direct_marketing_is_absolute(client, platform, deps):
    rid = completed_objection(client, PROSPECT)
    shown = client.get(f"dsar/{rid}", **STAFF).json()
    assert shown["result"]["direct_marketing_stopped"] == 1  # the processing stopped at once
    assert all(w is not None for w in consents_withdrawn(deps))

    refused = client.post(f"dsar/{rid}/objection/decision", OVERRIDES, **STAFF)
    assert refused.status == 422 and "21(3)" in refused.json()["detail"]
    assert refused.header("Content-Type").startswith("application/problem+json")
    assert decisions(deps) == 0 and active(deps, rid) > 0 and rows_of(deps, "prospects") == [1]

    resp = client.post(f"dsar/{rid}/objection/decision", UPHELD, **STAFF)
    assert resp.status == 200, resp.body
    assert resp.json()["direct_marketing"] is True and resp.json()["erased"]["prospects"] == 1
    assert rows_of(deps, "prospects") == [] and rows_of(deps, "prospect_consents") == []
    letter = [x for x in letters_for(deps, rid) if x.topic == "dsar.objection_decided"][-1]
    assert letter.recipient == PROSPECT and "art. 21 lid 3 AVG" in letter.body
    assert client.post(f"dsar/{rid}/objection/decision", UPHELD, **STAFF).status == 409


def test_compelling_grounds_refuse_with_the_grounds_and_the_remedies(client, platform, deps):
    rid = completed_objection(client, JAN, client_id=1)
    assert active(deps, rid) > 0
    no_instruction = client.post(f"dsar/{rid}/objection/decision", OVERRIDES, **STAFF)
    assert no_instruction.status == 403 and no_instruction.json()["needs"] == "instruction"
    assert client.post(f"dsar/{rid}/objection/decision", OVERRIDES, role="Client.Admin", client_id=2).status == 404
    assert decisions(deps) == 0

    resp = client.post(f"dsar/{rid}/objection/decision", OVERRIDES, role="Client.Admin", client_id=1)
    assert resp.status == 200, resp.body
    assert resp.json()["overriding"] is True and resp.json()["basis"] == "controller"
    assert resp.json()["erased"] is None
    letter = letters_for(deps, rid)[-1]
    assert letter.topic == "dsar.objection_decided" and letter.recipient == JAN
    assert OVERRIDES["reasons"] in letter.body and "zes weken" in letter.body
    assert "Autoriteit Persoonsgegevens" in letter.body and "namens Bakkerij De Vries" in letter.body
    assert active(deps, rid) == 0  # the Art. 18(1)(d) restriction ends with the letter (its 18(3) notice)
    assert 1 in rows_of(deps, "debtors")  # the processing goes on
    shown = client.get(f"dsar/{rid}", role="Client.Admin", client_id=1).json()
    assert shown["result"]["objection"]["overriding"] is True


def test_no_overriding_grounds_stop_the_processing_and_erase_with_the_kept_row_rules(client, platform, deps):
    rid = completed_objection(client, JAN, client_id=1)
    resp = client.post(f"dsar/{rid}/objection/decision", UPHELD, role="Client.Admin", client_id=1)
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["overriding"] is False and body["direct_marketing"] is False
    assert "legal_claim" in body["kept"]  # the open file 102 stays for the creditor's claim, restricted
    certificate = client.get(f"dsar/{rid}", **STAFF).json()["result"]["objection"]["certificate"]
    assert certificate["art17_ground"] == "objection"
    assert certificate["decision"]["basis"] == "controller" and certificate["decision"]["controller"] == \
        "Bakkerij De Vries"
    assert 3 in rows_of(deps, "debtors")  # Jan at the other client is not this controller's to erase


def test_an_own_relations_objection_is_decided_by_incassotool(client, platform, deps):
    rid = completed_objection(client, OWNER)
    # A client does not even see Incassotool's own relation's request.
    assert client.post(f"dsar/{rid}/objection/decision", UPHELD, role="Client.Admin", client_id=1).status == 404
    resp = client.post(f"dsar/{rid}/objection/decision", UPHELD, **OFFICER)
    assert resp.status == 200 and resp.json()["basis"] == "incassotool", resp.body
    # The running contract's contact data are not processed on a ground one can object to: kept, with reasons.
    certificate = client.get(f"dsar/{rid}", **STAFF).json()["result"]["objection"]["certificate"]
    assert certificate["refused"]["ground"] == "no_art17_ground" and 1 in rows_of(deps, "clients")


def test_a_client_employees_objection_is_the_clients_to_decide(client, platform, deps):
    taken = client.post("dsar", {"type": "objection", "subject": {"email": PIET}}, role="Client.Admin", client_id=1)
    assert taken.status == 201 and taken.json()["status"] == "in_progress", taken.body  # the client forwarded it
    rid = taken.json()["id"]
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    assert client.post(f"dsar/{rid}/objection/decision", UPHELD, **OFFICER).status == 403
    resp = client.post(f"dsar/{rid}/objection/decision", UPHELD, role="Client.Admin", client_id=1)
    assert resp.status == 200 and resp.json()["basis"] == "controller", resp.body
    assert rows_of(deps, "client_user_logins") == []


def test_bad_objection_decisions_change_nothing(client, platform, deps):
    open_rid = ready(client, "objection", OWNER)
    assert client.post(f"dsar/{open_rid}/objection/decision", UPHELD, **STAFF).status == 409  # not restricted yet
    access = ready(client, "access", OWNER)
    assert client.post(f"dsar/{access}/objection/decision", UPHELD, **STAFF).status == 409
    rid = completed_objection(client, JAN, client_id=1)
    for bad in ({"overriding": "nee", "reasons": "geen gronden"}, {"overriding": False}, {"reasons": "x" * 10},
                {"overriding": False, "reasons": "ok"}, {**UPHELD, "ground": "x"}):
        resp = client.post(f"dsar/{rid}/objection/decision", bad, role="Client.Admin", client_id=1)
        assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json"), bad
    assert client.post("dsar/not-a-request/objection/decision", UPHELD, **STAFF).status == 404
    assert decisions(deps) == 0 and active(deps, rid) > 0 and 1 in rows_of(deps, "debtors")


def test_an_objection_upheld_on_the_clients_instruction_names_it_in_the_certificate(client, platform, deps):
    rid = completed_objection(client, JAN, client_id=1)
    instruction = {"reference": "tel 2026-88", "received_at": "2026-11-23T10:00:00+01:00", "channel": "phone",
                   "given_by": "M. de Vries"}
    resp = client.post(f"dsar/{rid}/objection/decision", {**UPHELD, "instruction": instruction}, **STAFF)
    assert resp.status == 200, resp.body
    (entry,) = client.get("clients/1/instructions", role="Client.Admin", client_id=1).json()["items"]
    decided = client.get(f"dsar/{rid}", **STAFF).json()["result"]["objection"]["certificate"]["decision"]
    assert decided["basis"] == "instruction"
    # the same shape as any erasure certificate: the instruction's reference, not only its id; never who gave it
    assert decided["instruction"] == {"id": entry["id"], "reference": "tel 2026-88", "channel": "phone",
                                      "received_at": decided["instruction"]["received_at"]}
