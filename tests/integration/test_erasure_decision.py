"""The erasure certificate records who decided: in processor mode the client (controller), itself or
on its instruction that staff recorded, with the Art. 17(1) ground it named and the exceptions the
legal floors keep; for Incassotool's own relations Incassotool."""

from __future__ import annotations

import pytest

from tests.support.dsar import ADMIN_A, STAFF, letters_for, new, ready, rows_of
from tests.support.dsar_platform import JAN, MEDEWERKER

INSTRUCTION = {"reference": "mail 2026-131", "received_at": "2026-11-24T08:30:00+01:00", "channel": "phone",
               "given_by": "M. de Vries (eigenaar)"}
ADMISSIBLE = {"admissible": True, "reason": "Terecht verzoek", "art17_ground": "no_longer_necessary"}


@pytest.fixture
def erasure_at_a(client, platform) -> str:
    rid = new(client, "erasure", JAN, client_id=1)["id"]
    v = client.post(f"dsar/{rid}/verify", {"method": "dossier_number_postcode", "dossier_reference": "A-0001",
                                           "postcode": "1234 AB"}, **STAFF)
    assert v.json()["status"] == "awaiting_controller", v.body
    return rid


def certificate(client, rid: str, body: dict | None = None) -> dict:
    done = client.post(f"dsar/{rid}/complete", body or {}, **STAFF)
    assert done.status == 200, done.body
    return done.json()["result"]["certificate"]


def test_the_clients_own_decision_and_its_ground_are_on_the_certificate(client, deps, erasure_at_a):
    assert client.post(f"dsar/{erasure_at_a}/decision", ADMISSIBLE, **ADMIN_A).status == 200
    decided = client.get(f"dsar/{erasure_at_a}", **STAFF).json()["decision"]
    cert = certificate(client, erasure_at_a)
    assert cert["decision"] == {"controller": "Bakkerij De Vries", "basis": "controller", "by": decided["by"],
                                "at": cert["decision"]["at"], "instruction": None,
                                "art17_ground": "no_longer_necessary"}
    assert cert["decision"]["at"].startswith("2026-11-24") and cert["art17_ground"] == "no_longer_necessary"
    assert set(cert["kept"]) == {"legal_claim", "bki_floor", "fiscal"}  # the exceptions of Art. 17(3)
    assert "Besluit: genomen door Bakkerij De Vries, de verwerkingsverantwoordelijke" in cert["text_nl"]
    assert "niet langer nodig voor het doel (art. 17 lid 1 sub a AVG)" in cert["text_nl"]
    letter = letters_for(deps, erasure_at_a)[-1]
    assert letter.topic == "dsar.erased" and "namens Bakkerij De Vries" in letter.body


def test_a_decision_staff_recorded_on_instruction_names_the_instruction(client, erasure_at_a):
    resp = client.post(f"dsar/{erasure_at_a}/decision", {**ADMISSIBLE, "instruction": INSTRUCTION}, **STAFF)
    assert resp.status == 200, resp.body
    (entry,) = client.get("clients/1/instructions", **ADMIN_A).json()["items"]
    cert = certificate(client, erasure_at_a)
    assert cert["decision"]["basis"] == "instruction" and cert["decision"]["controller"] == "Bakkerij De Vries"
    assert cert["decision"]["instruction"] == {"id": entry["id"], "reference": "mail 2026-131", "channel": "phone",
                                               "received_at": cert["decision"]["instruction"]["received_at"]}
    assert "op de instructie van Bakkerij De Vries (kenmerk mail 2026-131, telefonisch ontvangen)" in cert["text_nl"]
    assert "M. de Vries" not in str(cert)  # who gave it stays in the client's log


def test_staff_cannot_set_another_ground_than_the_clients_and_nothing_is_erased(client, deps, erasure_at_a):
    client.post(f"dsar/{erasure_at_a}/decision", ADMISSIBLE, **ADMIN_A)
    before = rows_of(deps, "letters")
    resp = client.post(f"dsar/{erasure_at_a}/complete", {"art17_ground": "unlawful"}, **STAFF)
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "art17_ground"
    assert rows_of(deps, "letters") == before
    assert client.get(f"dsar/{erasure_at_a}", **STAFF).json()["status"] == "in_progress"
    assert certificate(client, erasure_at_a, {"art17_ground": "no_longer_necessary"})["art17_ground"] == \
        "no_longer_necessary"  # repeating the client's ground is fine


@pytest.mark.parametrize("body", [{**ADMISSIBLE, "admissible": False}, {**ADMISSIBLE, "art17_ground": "because"}])
def test_a_ground_that_does_not_belong_is_a_422(client, erasure_at_a, body):
    resp = client.post(f"dsar/{erasure_at_a}/decision", body, **ADMIN_A)
    assert resp.status == 422, resp.body
    assert client.get(f"dsar/{erasure_at_a}", **STAFF).json()["decision"] is None


def test_a_ground_goes_with_an_erasure_decision_only(client, platform):
    rid = new(client, "access", JAN, client_id=1)["id"]
    resp = client.post(f"dsar/{rid}/decision", ADMISSIBLE, **ADMIN_A)
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "art17_ground"


def test_for_its_own_relations_incassotool_decides_and_names_the_ground(client, platform):
    rid = ready(client, "erasure", MEDEWERKER)
    cert = certificate(client, rid, {"art17_ground": "no_longer_necessary"})
    assert cert["decision"]["basis"] == "incassotool" and cert["decision"]["controller"] == "Incassotool"
    assert cert["decision"]["by"] and cert["art17_ground"] == "no_longer_necessary"
    assert "Besluit: genomen door Incassotool" in cert["text_nl"]
