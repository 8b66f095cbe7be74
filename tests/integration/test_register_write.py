"""The register over the API, written by the FG: every change versioned and audited, reviews
stamped, activities and processors added."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from sqlalchemy import select

from shared.register.seed import PROCESSORS
from shared.register.tables import register_versions
from tests.support.register import (
    OFFICER,
    STAFF,
    audit_actions,
    body_of,
    new_activity,
    snapshot,
)

# --- the FG writes ---------------------------------------------------------------------------------

def test_the_officer_changes_an_activity_versioned_and_audited(client, seeded_register, clock):
    purposes = ["Relatiebeheer met cliënten", "Facturering"]
    resp = client.put("register/activities/client_administration", body_of("client_administration",
                      purposes=purposes), role=OFFICER)
    assert resp.status == 200, resp.body
    changed = resp.json()
    assert changed["purposes"] == purposes and changed["version"] == 2
    with seeded_register.store.connect() as conn:
        rows = conn.execute(select(register_versions).where(register_versions.c.object_id == "client_administration")
                            .order_by(register_versions.c.version)).all()
    assert [(r.version, r.change) for r in rows] == [(1, "seed"), (2, "update")]
    assert rows[1].before["purposes"] == rows[0].after["purposes"] != purposes
    assert rows[1].after["purposes"] == purposes
    assert rows[1].actor_role == OFFICER and rows[1].at == clock.at
    assert audit_actions(seeded_register, "client_administration") == ["register.activity_seeded",
                                                              "register.activity_updated"]
    listed = {a["id"]: a for a in client.get("register/activities", role=STAFF).json()["items"]}
    assert listed["client_administration"]["purposes"] == purposes


def test_the_same_body_again_makes_no_new_version(client, seeded_register):
    before = snapshot(seeded_register)
    resp = client.put("register/activities/prospects", body_of("prospects"), role=OFFICER)
    assert resp.status == 200 and resp.json()["version"] == 1
    assert snapshot(seeded_register) == before


def test_a_review_stamps_who_and_when(client, seeded_register, clock):
    body = body_of("collection")
    body["risk"] = body["risk"] | {"measures_sufficient": True}
    risk = client.put("register/activities/collection", body, role=OFFICER).json()["risk"]
    assert risk["measures_sufficient"] is True
    assert risk["reviewed_at"].startswith("2026-11-24T09:00:00") and risk["reviewed_by"]
    assert "Maatregelen nog niet beoordeeld door de FG" not in risk["problems"]
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    untouched = client.put("register/activities/collection", body | {"description": "Incasso."}, role=OFFICER).json()
    assert untouched["risk"]["reviewed_at"] == risk["reviewed_at"]  # not a review: the stamp stays
    reviewed = client.put("register/activities/collection", body | {"description": "Incasso.", "reviewed": True},
                          role=OFFICER).json()
    assert reviewed["risk"]["reviewed_at"].startswith("2026-12-01T10:00:00")


def test_the_officer_adds_an_activity(client, seeded_register):
    resp = client.post("register/activities", new_activity(), role=OFFICER)
    assert resp.status == 201, resp.body
    assert resp.json()["version"] == 1 and resp.json()["art30_missing"] == []
    ids = {a["id"] for a in client.get("register/activities", role=STAFF).json()["items"]}
    assert "newsletter" in ids
    assert audit_actions(seeded_register, "newsletter") == ["register.activity_created"]


def test_the_officer_adds_and_completes_a_processor(client, seeded_register):
    new = {"id": "mailer", "name": "Mailer GmbH", "service": "E-mail", "location": "Frankfurt", "country": "de",
           "agreement": {"reference": "DPA 2026-01", "date": "2026-01-15"}}
    resp = client.post("register/processors", new, role=OFFICER)
    assert resp.status == 201, resp.body
    assert resp.json()["country"] == "DE" and resp.json()["missing"] == []
    interpulse = copy.deepcopy(next(p for p in PROCESSORS if p["id"] == "interpulse"))
    interpulse.pop("id")
    interpulse["agreement"]["date"] = "2025-03-01"
    resp = client.put("register/processors/interpulse", interpulse, role=OFFICER)
    assert resp.status == 200, resp.body
    assert resp.json()["version"] == 2 and resp.json()["missing"] == []
    assert audit_actions(seeded_register, "interpulse") == ["register.processor_seeded", "register.processor_updated"]
    listed = client.get("register/activities", role=STAFF).json()["items"]
    problems = {a["id"]: a["risk"]["problems"] for a in listed}
    assert not any("Interpulse" in p for p in problems["support"])


def test_an_outside_eea_processor_with_scc_is_allowed_and_shows_on_its_activities(client, seeded_register):
    new = {"id": "offshore", "name": "Offshore Ltd", "service": "Scanning", "location": "Bangalore",
           "country": "IN", "safeguard": "scc", "agreement": {"reference": "SCC module 3", "date": "2026-02-01"}}
    assert client.post("register/processors", new, role=OFFICER).status == 201
    body = body_of("prospects")
    body["recipients"].append({"name": "Offshore Ltd", "kind": "processor", "processor_id": "offshore",
                               "country": "IN"})
    act = client.put("register/activities/prospects", body, role=OFFICER).json()
    assert act["risk"]["flags"]["transfers"] is True
    assert "IN (Offshore Ltd" in act["transfers_statement"]
