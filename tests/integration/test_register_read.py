"""The register over the API, read: staff see every Art. 30 element, the seed loads once (also
under a concurrent first use), the data map shows columns and strategies; others cannot read it."""

from __future__ import annotations

from sqlalchemy import select

from shared.register.seed import ACTIVITIES, PROCESSORS
from shared.register.tables import register_versions
from tests.support.register import (
    OFFICER,
    SEED_IDS,
    STAFF,
    assert_problem,
    new_activity,
    snapshot,
)

# --- reading ---------------------------------------------------------------------------------------

def test_staff_read_the_seeded_register_with_every_art30_element(client):
    resp = client.get("register/activities", role=STAFF)
    assert resp.status == 200
    body = resp.json()
    assert body["next"] is None
    register = client.get("register/export", role=STAFF, params={"format": "json"}).json()
    assert register["controller"]["name"] == "Incassotool"
    assert register["dpo"]["name"] == "Raymond Tournier" and "010-8428628" in register["dpo"]["phone"]
    acts = {a["id"]: a for a in body["items"]}
    assert set(acts) == SEED_IDS
    for a in acts.values():
        where = a["id"]
        assert a["controller"]["name"] and a["controller"]["contact"], where
        assert a["dpo"]["name"] and a["dpo"]["contact"], where
        assert a["purposes"] and all(a["purposes"]), where
        assert a["legal_basis"] and all(b["basis"] and b["explanation"] for b in a["legal_basis"]), where
        assert a["subject_categories"] and a["data_categories"], where
        assert a["recipients"] and all(r["name"] for r in a["recipients"]), where
        assert a["transfers_statement"], where
        assert a["retention"]["description"], where
        assert a["security_measures"] and all(m["text_nl"] for m in a["security_measures"]), where
        assert a["art30_missing"] == [], where
        assert set(a["risk"]) >= {"flags", "measures", "rating", "measures_sufficient", "reviewed_at", "reviewed_by"}
    assert acts["collection"]["role"] == "processor"
    assert acts["client_administration"]["retention"]["policy_ids"] == ["active_client", "ex_client_liability",
                                                                       "fiscal_7y"]
    assert acts["website_analytics"]["transfers"][0]["country"] == "US"
    assert acts["website_analytics"]["risk"]["flags"]["transfers"] is True
    assert acts["backups"]["data_map"]["scope"] == "all"
    assert "26 maanden" in acts["website_analytics"]["retention"]["description"]


def test_the_seed_is_loaded_once(client, seeded_register):
    first = snapshot(seeded_register)
    assert first["versions"] == len(ACTIVITIES) + len(PROCESSORS)
    for path in ("register/activities", "register/processors", "register/data-map"):
        assert client.get(path, role=STAFF).status == 200
    assert snapshot(seeded_register) == first


def test_processors_are_seeded_and_show_what_is_missing(client):
    body = client.get("register/processors", role=STAFF).json()
    procs = {p["id"]: p for p in body["items"]}
    assert set(procs) == {"azure", "interpulse"}
    assert procs["azure"]["country"] == "NL" and "West Europe" in procs["azure"]["location"]
    assert procs["interpulse"]["location"] == "Leiden"
    assert procs["interpulse"]["missing"] == ["agreement.date"]


def test_the_data_map_answers_with_columns_and_their_strategies(client):
    body = client.get("register/data-map", role=STAFF).json()
    tables = {t["table"]: t for t in body["tables"]}
    payments = tables["payments"]
    assert payments["subject_category"] == "debtor"
    assert payments["activities"] == ["collection"]
    assert payments["retention"] == ["fiscal_7y"]
    assert payments["legal_duty"] == "fiscal" and "52" in payments["legal_duty_nl"]
    assert {"name": "payer_iban", "label_nl": "IBAN van de betaler", "category": "financial", "erasure": "null",
            "provided_by_subject": False} in payments["columns"]
    assert payments["label_nl"] == "betalingen"
    assert body["unknown_activities"] == [] and body["link_problems"] == []


def test_client_admins_and_subjects_cannot_read_the_register(client, deps):
    assert_problem(client.get("register/activities", role="Client.Admin", client_id=1), 403)
    assert_problem(client.get("register/export", role="Privacy.Subject", email="a@b.nl"), 403)


def test_a_concurrent_first_use_seeds_once(deps):
    from concurrent.futures import ThreadPoolExecutor

    from shared.register.service import ensure_seeded

    with ThreadPoolExecutor(4) as pool:
        for f in [pool.submit(ensure_seeded, deps) for _ in range(4)]:
            f.result()
    with deps.store.connect() as conn:
        versions = conn.execute(select(register_versions.c.object_id, register_versions.c.version)).all()
    assert sorted(versions) == sorted((s["id"], 1) for s in [*ACTIVITIES, *PROCESSORS])


def test_answers_match_the_documented_response_models(client, seeded_register):
    from shared.http.paging import Page
    from shared.register.models import ActivityOut, DataMapOut, ProcessorOut

    Page[ActivityOut].model_validate(client.get("register/activities", role=STAFF).json())
    Page[ProcessorOut].model_validate(client.get("register/processors", role=STAFF).json())
    DataMapOut.model_validate(client.get("register/data-map", role=STAFF).json())
    ActivityOut.model_validate(client.post("register/activities", new_activity(), role=OFFICER).json())
    proc = {"id": "mailer", "name": "Mailer", "service": "E-mail", "location": "Berlin", "country": "DE",
            "agreement": {"reference": "DPA", "date": "2026-01-15"}}
    ProcessorOut.model_validate(client.post("register/processors", proc, role=OFFICER).json())
