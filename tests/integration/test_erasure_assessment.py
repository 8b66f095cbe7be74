"""Erasure with its legal assessment: the Art. 17(1) ground is recorded, an active client's contact
data are refused while the contract runs, and every (partial) refusal names the AP and the court."""

from __future__ import annotations

from sqlalchemy import select

from shared.datamap.discovery import table
from tests.support.dsar import STAFF, letters_for, ready

OWNER = "eigenaar@bakkerij.nl"  # the contact person of client 1, whose relationship runs


def test_an_active_clients_contact_data_are_refused_with_the_complaint_and_court_notice(client, platform, deps):
    rid = ready(client, "erasure", OWNER)
    resp = client.post(f"dsar/{rid}/complete", {"art17_ground": "no_longer_necessary"}, **STAFF)
    assert resp.status == 200, resp.body
    cert = resp.json()["result"]["certificate"]
    assert cert["refused"]["tables"] == {"clients": 1} and cert["refused"]["ground"] == "no_art17_ground"
    assert cert["art17_ground"] == "no_longer_necessary"
    with deps.platform.connect() as conn:
        c = table("clients").c
        assert conn.execute(select(c.email).where(c.id == 1)).scalar() == OWNER  # not erased
    letter = letters_for(deps, rid)[-1]
    assert letter.topic == "dsar.erased"
    for needle in ("Uw overeenkomst met Incassotool loopt nog", "art. 17 lid 1 sub a AVG",
                   "Autoriteit Persoonsgegevens", "zes weken", "art. 35 lid 2 UAVG"):
        assert needle in letter.body, needle


def test_an_unknown_art17_ground_is_refused_and_changes_nothing(client, platform, deps):
    rid = ready(client, "erasure", OWNER)
    resp = client.post(f"dsar/{rid}/complete", {"art17_ground": "because"}, **STAFF)
    assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json")
    assert client.get(f"dsar/{rid}", **STAFF).json()["status"] == "in_progress"


def test_a_whole_refusal_names_the_six_week_court_term(client, platform, deps):
    rid = ready(client, "erasure", OWNER)
    resp = client.post(f"dsar/{rid}/reject", {"ground": "no_art17_ground", "reason": "De overeenkomst loopt nog."},
                       role="Privacy.Officer")
    assert resp.status == 200, resp.body
    body = letters_for(deps, rid)[-1].body
    assert "geen van de gronden voor verwijdering van art. 17 lid 1 AVG" in body
    assert "Autoriteit Persoonsgegevens" in body and "zes weken" in body


# --- Proportionate verification (Art. 12(6)) ----------------------------------------------------


def test_a_portal_subjects_request_needs_no_extra_verification_step(client, platform, deps):
    resp = client.post("dsar", {"type": "access", "subject": {"email": OWNER}, "channel": "portal"},
                       role="Privacy.Subject", email=OWNER, mfa=False)
    assert resp.status == 201, resp.body
    body = resp.json()
    assert body["verification"]["method"] == "portal_verified_email" and body["status"] == "in_progress"
    assert client.post(f"dsar/{body['id']}/verify", {"method": "email_on_record"}, **STAFF).status == 409


def test_a_request_from_the_email_on_record_is_verified_by_it(client, platform):
    resp = client.post("dsar", {"type": "access", "subject": {"email": OWNER}, "channel": "email"}, **STAFF)
    assert resp.status == 201 and resp.json()["verification"]["method"] == "email_on_record"
    other = client.post("dsar", {"type": "access", "subject": {"email": "onbekend@example.nl"}, "channel": "email"},
                        **STAFF)
    assert other.json()["verification"] is None  # not on record: a check is still needed
