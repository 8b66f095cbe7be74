"""Consent with proof (Art. 7(1)): the text version shown with its hash, the channel and the moment,
and its end. A withdrawal keeps the proof, ids only, while the prospect's data go at the next sweep."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, select

from shared.datamap.discovery import table
from shared.dsar.tables import consent_proofs
from tests.support.dsar import STAFF, rows_of
from tests.support.dsar_platform import PROSPECT
from tests.support.retention_world import sweep_at

TEXT = "Ja, Incassotool mag mij tot en met 2027 per e-mail informeren over haar diensten."
NEW = {"email": "nieuw@prospect.nl", "contact_name": "Karin", "company": "Nieuw BV", "purpose": "nieuwsbrief",
       "text_version": "nieuwsbrief-2026-11", "text_sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
       "channel": "phone", "given_at": "2026-11-24T09:30:00+01:00", "valid_until": "2027-11-24"}


def proofs(deps) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(consent_proofs).order_by(consent_proofs.c.recorded_at)).all()


def test_staff_record_a_consent_with_its_proof(client, platform, deps):
    resp = client.post("consents", NEW, **STAFF)
    assert resp.status == 201, resp.body
    body = resp.json()
    assert body["channel"] == "phone" and body["text_version"] == "nieuwsbrief-2026-11"
    assert body["text_sha256"] == NEW["text_sha256"] and body["valid_until"] == "2027-11-24"
    assert rows_of(deps, "prospects") == [1, body["prospect_id"]]
    with deps.platform.connect() as conn:
        consent = conn.execute(select(table("prospect_consents")).where(
            table("prospect_consents").c.id == body["consent_id"])).one()
    assert consent.purpose == "nieuwsbrief" and consent.withdrawn_at is None
    (proof,) = proofs(deps)
    assert "nieuw@prospect.nl" not in repr(tuple(proof))  # ids, not personal data

    again = client.post("consents", {**NEW, "email": "NIEUW@prospect.nl", "contact_name": None}, **STAFF)
    assert again.status == 201 and again.json()["prospect_id"] == body["prospect_id"]  # the same prospect


def test_bad_consents_change_nothing(client, platform, deps):
    bad = [{**NEW, "text_sha256": "abc"}, {**NEW, "channel": "unrecorded"}, {**NEW, "channel": "fax"},
           {**NEW, "given_at": "2026-11-24T09:30:00"}, {**NEW, "given_at": "2027-01-01T09:30:00+01:00"},
           {**NEW, "valid_until": "2026-11-24"}, {**NEW, "valid_until": "2040-01-01"},
           {**NEW, "contact_name": None}, {k: v for k, v in NEW.items() if k != "text_version"},
           {**NEW, "email": "geen adres"}]
    for body in bad:
        resp = client.post("consents", body, **STAFF)
        assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json"), body
    assert client.post("consents", NEW, role="Client.Admin", client_id=1).status == 403
    assert client.post("consents", NEW, role="Privacy.Subject", email=NEW["email"], mfa=False).status == 403
    assert proofs(deps) == [] and rows_of(deps, "prospects") == [1] and rows_of(deps, "prospect_consents") == [1]


def test_the_access_letter_shows_the_proof(client, blob_deps, platform, deps):
    from tests.support.dsar import read_zip, ready

    assert client.post("consents", {**NEW, "email": PROSPECT, "contact_name": None}, **STAFF).status == 201
    rid = ready(client, "access", PROSPECT)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    package = read_zip(blob_deps, client, rid, **STAFF)
    letter = next(package.read(n).decode() for n in package.namelist() if n.endswith(".html"))
    assert "Uw toestemmingen" in letter and "tekstversie nieuwsbrief-2026-11" in letter
    assert "via de telefoon" in letter and "geldig tot en met 24 november 2027" in letter


def test_a_withdrawal_keeps_the_proof_with_ids_only_and_the_prospect_goes(client, platform, deps, clock):
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert client.post("consents", {**NEW, "email": PROSPECT, "contact_name": None, "channel": "event"},
                       **STAFF).status == 201
    resp = client.post("consents/withdraw", {"email": PROSPECT, "channel": "letter"}, **STAFF)
    assert resp.status == 200 and resp.json()["consents_withdrawn"] == 2, resp.body
    kept = proofs(deps)
    assert len(kept) == 2  # the seeded consent (from before proofs) gets its record now
    assert {p.withdrawal_channel for p in kept} == {"letter"} and all(p.withdrawn_at for p in kept)
    assert {p.text_version for p in kept} == {"unrecorded", "nieuwsbrief-2026-11"}

    sweep_at(deps, clock, datetime(2026, 11, 26, 2, 30, tzinfo=UTC))
    assert rows_of(deps, "prospects") == [] and rows_of(deps, "prospect_consents") == []
    with deps.store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(consent_proofs)).scalar_one() == 2


def test_a_recorded_consent_expires_and_its_prospect_goes_while_the_proof_stays(client, platform, deps, clock):
    made = client.post("consents", {**NEW, "valid_until": "2027-02-01"}, **STAFF)
    assert made.status == 201, made.body
    prospect = made.json()["prospect_id"]
    sweep_at(deps, clock, datetime(2027, 1, 15, 2, 30, tzinfo=UTC))
    assert prospect in rows_of(deps, "prospects")  # still valid
    sweep_at(deps, clock, datetime(2027, 2, 3, 2, 30, tzinfo=UTC))
    assert prospect not in rows_of(deps, "prospects")
    (proof,) = proofs(deps)
    assert proof.prospect_id == prospect and proof.valid_until.isoformat() == "2027-02-01"
