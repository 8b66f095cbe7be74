"""Proportionate verification (Art. 12(6)): extra steps only with a recorded reasonable doubt; the
subject is asked for exactly what is missing, and the clock stands still until the answer comes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from shared.dsar.tables import dsar_doubts
from tests.support.dsar import OFFICER, STAFF, letters_for, new, ready
from tests.support.dsar_platform import JAN

OWNER = "eigenaar@bakkerij.nl"  # the contact of client 1: Incassotool's own relation

DOUBT = {"reason": "Verzoek kwam van een ander adres dan bij ons bekend", "missing": ["postcode", "dossier_reference"]}


def doubts(deps) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(dsar_doubts)).scalar_one()


def test_a_portal_request_needs_no_extra_step(client, platform):
    resp = client.post("dsar", {"type": "access", "subject": {"email": OWNER}}, role="Privacy.Subject", email=OWNER,
                       mfa=False)
    assert resp.status == 201, resp.body
    assert resp.json()["status"] == "in_progress"
    assert resp.json()["verification"]["method"] == "portal_verified_email"


def test_a_doubt_asks_for_exactly_what_is_missing_and_pauses_the_clock(client, platform, deps, clock):
    rid = ready(client, "access", OWNER)
    before = client.get(f"dsar/{rid}", **STAFF).json()
    assert before["due_date"] == "2026-12-24" and before["clock"]["paused"] is False

    resp = client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF)
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["status"] == "awaiting_verification" and body["verification"] is None
    assert body["clock"]["paused"] and body["clock"]["doubts"][0]["missing"] == ["postcode", "dossier_reference"]
    letter = letters_for(deps, rid)[-1]
    assert letter.topic == "dsar.verification" and letter.recipient == OWNER
    assert "de postcode van het adres" in letter.body and "het dossiernummer" in letter.body
    assert "factuur" not in letter.body and "terugbellen" not in letter.body  # nothing more is asked
    assert "geen kopie van uw identiteitsbewijs" in letter.body

    # Ten days later the answer has not come: the due date shown moves with the pause.
    clock.advance(timedelta(days=10))
    waiting = client.get(f"dsar/{rid}", **STAFF).json()
    assert waiting["clock"]["paused"] and waiting["due_date"] == "2027-01-04"  # 3 January is a Sunday
    assert waiting["status"] == "awaiting_verification"  # nothing closes by itself

    told = client.post(f"dsar/{rid}/information", {}, **STAFF)
    assert told.status == 200, told.body
    assert told.json()["due_date"] == "2027-01-04" and told.json()["target_date"] == "2027-01-03"
    clock.advance(timedelta(days=20))
    after = client.get(f"dsar/{rid}", **STAFF).json()
    assert after["clock"]["paused"] is False and after["clock"]["paused_days"] == 10
    assert after["due_date"] == "2027-01-04"  # the clock runs again: no more days are added
    verified = client.post(f"dsar/{rid}/verify", {"method": "phone_callback"}, **STAFF)
    assert verified.status == 200 and verified.json()["status"] == "in_progress"
    closed = client.post(f"dsar/{rid}/reject", {"ground": "manifestly_unfounded", "reason": "Herhaald verzoek"},
                         **STAFF)
    assert closed.status == 200, closed.body
    assert client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF).status == 409  # a closed request no longer changes


def test_the_verification_itself_ends_the_pause(client, platform, clock):
    rid = new(client, "access", OWNER)["id"]
    assert client.post(f"dsar/{rid}/doubt", DOUBT, **OFFICER).status == 200
    clock.advance(timedelta(days=5))
    resp = client.post(f"dsar/{rid}/verify", {"method": "phone_callback"}, **STAFF)
    assert resp.status == 200 and resp.json()["status"] == "in_progress"
    shown = client.get(f"dsar/{rid}", **STAFF).json()
    assert shown["clock"]["paused"] is False and shown["clock"]["doubts"][0]["paused_days"] == 5
    assert shown["due_date"] == (date(2026, 12, 24) + timedelta(days=5)).isoformat()  # 29 December, a Tuesday


def test_bad_doubts_and_answers_change_nothing(client, platform, deps, clock):
    rid = ready(client, "access", OWNER)
    for bad in ({"reason": "twijfel", "missing": []}, {"reason": "twijfel", "missing": ["id_copy"]},
                {"reason": "twijfel", "missing": ["postcode", "postcode"]}, {"missing": ["postcode"]},
                {"reason": "twijfel", "missing": ["postcode"], "instruction": None, "extra": 1}):
        resp = client.post(f"dsar/{rid}/doubt", bad, **STAFF)
        assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json"), bad
    assert client.post(f"dsar/{rid}/information", {}, **STAFF).status == 409  # no doubt waits
    assert doubts(deps) == 0 and client.get(f"dsar/{rid}", **STAFF).json()["status"] == "in_progress"

    assert client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF).status == 200
    assert client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF).status == 409  # one open doubt at a time
    early = client.post(f"dsar/{rid}/information", {"received_at": "2026-11-01T10:00:00+01:00"}, **STAFF)
    assert early.status == 422 and early.json()["errors"][0]["field"] == "received_at"
    late = client.post(f"dsar/{rid}/information", {"received_at": "2027-11-01T10:00:00+01:00"}, **STAFF)
    assert late.status == 422
    assert client.get(f"dsar/{rid}", **STAFF).json()["clock"]["paused"] is True and doubts(deps) == 1


def test_for_a_clients_debtor_the_client_doubts(client, platform, deps):
    rid = ready(client, "access", JAN, client_id=1)
    refused = client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF)
    assert refused.status == 403 and refused.json()["needs"] == "instruction"
    assert client.post(f"dsar/{rid}/doubt", DOUBT, role="Client.Admin", client_id=2).status == 404
    assert client.post(f"dsar/{rid}/information", {}, role="Client.Admin", client_id=2).status == 404
    assert doubts(deps) == 0
    resp = client.post(f"dsar/{rid}/doubt", DOUBT, role="Client.Admin", client_id=1)
    assert resp.status == 200, resp.body
    assert resp.json()["clock"]["doubts"][0]["basis"] == "controller"
    assert "namens Bakkerij De Vries" in letters_for(deps, rid)[-1].body


def test_the_deadline_watch_waits_while_the_clock_is_paused(client, platform, deps, clock):
    from shared.dsar.watch import watch_requests

    rid = ready(client, "access", OWNER)  # due 24 December 2026
    assert client.post(f"dsar/{rid}/doubt", DOUBT, **STAFF).status == 200
    with deps.store.begin() as conn:
        assert watch_requests(conn, clock.at + timedelta(days=40)) == {"near": 0, "overdue": 0,
                                                                       "controller_reminders": 0}
    assert client.post(f"dsar/{rid}/information", {}, **STAFF).status == 200
    with deps.store.begin() as conn:  # the clock runs again: the overdue request is watched
        assert watch_requests(conn, clock.at + timedelta(days=40))["overdue"] == 1
