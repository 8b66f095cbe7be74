"""The register over the API: the FG writes, staff read; every change versioned and audited; bad
input refused with problem+json and nothing changed."""

from __future__ import annotations

import copy
import csv
import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, insert, select

from shared.audit import audit_events
from shared.platform.schema import clients
from shared.register.seed import ACTIVITIES, PROCESSORS
from shared.register.tables import register_activities, register_processors, register_versions
from tests.support.audit import change_events

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
SEED_IDS = {"client_administration", "collection", "prospects", "platform_accounts", "dsar_handling",
            "breach_register", "backups", "support", "website_analytics", "drift_chat", "social_media"}


def body_of(activity_id: str, **changes) -> dict:
    seed = copy.deepcopy(next(a for a in ACTIVITIES if a["id"] == activity_id))
    seed.pop("id")
    return seed | changes


def new_activity(**changes) -> dict:
    return body_of("website_analytics", id="newsletter", name="Nieuwsbrief", transfers=[],
                    recipients=[{"name": "Mailer B.V.", "kind": "processor", "processor_id": None, "country": "NL"}],
                    data_map={"scope": "none", "reason": "De lijst staat bij de mailer."}) | changes


def snapshot(deps) -> dict:
    """Everything a bad request must leave untouched."""
    with deps.store.connect() as conn:
        return {
            "activities": sorted((r.id, r.version, str(r.doc)) for r in conn.execute(select(register_activities))),
            "processors": sorted((r.id, r.version, str(r.doc)) for r in conn.execute(select(register_processors))),
            "versions": conn.execute(select(func.count()).select_from(register_versions)).scalar_one(),
            "audit": change_events(conn),
        }


def audit_actions(deps, object_id: str) -> list[str]:
    with deps.store.connect() as conn:
        return list(conn.execute(select(audit_events.c.action).where(audit_events.c.object_id == object_id)
                                 .order_by(audit_events.c.seq)).scalars())


@pytest.fixture
def seeded(client, deps):
    assert client.get("register/activities", role=STAFF).status == 200
    return deps


def assert_problem(resp, status: int) -> dict:
    assert resp.status == status, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json")
    body = resp.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


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


def test_the_seed_is_loaded_once(client, seeded):
    first = snapshot(seeded)
    assert first["versions"] == len(ACTIVITIES) + len(PROCESSORS)
    for path in ("register/activities", "register/processors", "register/data-map"):
        assert client.get(path, role=STAFF).status == 200
    assert snapshot(seeded) == first


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


# --- the FG writes ---------------------------------------------------------------------------------

def test_the_officer_changes_an_activity_versioned_and_audited(client, seeded, clock):
    purposes = ["Relatiebeheer met cliënten", "Facturering"]
    resp = client.put("register/activities/client_administration", body_of("client_administration",
                      purposes=purposes), role=OFFICER)
    assert resp.status == 200, resp.body
    changed = resp.json()
    assert changed["purposes"] == purposes and changed["version"] == 2
    with seeded.store.connect() as conn:
        rows = conn.execute(select(register_versions).where(register_versions.c.object_id == "client_administration")
                            .order_by(register_versions.c.version)).all()
    assert [(r.version, r.change) for r in rows] == [(1, "seed"), (2, "update")]
    assert rows[1].before["purposes"] == rows[0].after["purposes"] != purposes
    assert rows[1].after["purposes"] == purposes
    assert rows[1].actor_role == OFFICER and rows[1].at == clock.at
    assert audit_actions(seeded, "client_administration") == ["register.activity_seeded",
                                                              "register.activity_updated"]
    listed = {a["id"]: a for a in client.get("register/activities", role=STAFF).json()["items"]}
    assert listed["client_administration"]["purposes"] == purposes


def test_the_same_body_again_makes_no_new_version(client, seeded):
    before = snapshot(seeded)
    resp = client.put("register/activities/prospects", body_of("prospects"), role=OFFICER)
    assert resp.status == 200 and resp.json()["version"] == 1
    assert snapshot(seeded) == before


def test_a_review_stamps_who_and_when(client, seeded, clock):
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


def test_the_officer_adds_an_activity(client, seeded):
    resp = client.post("register/activities", new_activity(), role=OFFICER)
    assert resp.status == 201, resp.body
    assert resp.json()["version"] == 1 and resp.json()["art30_missing"] == []
    ids = {a["id"] for a in client.get("register/activities", role=STAFF).json()["items"]}
    assert "newsletter" in ids
    assert audit_actions(seeded, "newsletter") == ["register.activity_created"]


def test_the_officer_adds_and_completes_a_processor(client, seeded):
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
    assert audit_actions(seeded, "interpulse") == ["register.processor_seeded", "register.processor_updated"]
    listed = client.get("register/activities", role=STAFF).json()["items"]
    problems = {a["id"]: a["risk"]["problems"] for a in listed}
    assert not any("Interpulse" in p for p in problems["support"])


def test_an_outside_eea_processor_with_scc_is_allowed_and_shows_on_its_activities(client, seeded):
    new = {"id": "offshore", "name": "Offshore Ltd", "service": "Scanning", "location": "Bangalore",
           "country": "IN", "safeguard": "scc", "agreement": {"reference": "SCC module 3", "date": "2026-02-01"}}
    assert client.post("register/processors", new, role=OFFICER).status == 201
    body = body_of("prospects")
    body["recipients"].append({"name": "Offshore Ltd", "kind": "processor", "processor_id": "offshore",
                               "country": "IN"})
    act = client.put("register/activities/prospects", body, role=OFFICER).json()
    assert act["risk"]["flags"]["transfers"] is True
    assert "IN (Offshore Ltd" in act["transfers_statement"]


# --- bad input: problem+json, and nothing changed ---------------------------------------------------

def test_unknown_activity_is_404(client, seeded):
    before = snapshot(seeded)
    body = assert_problem(client.put("register/activities/nope", body_of("prospects"), role=OFFICER), 404)
    assert "nope" in body["detail"]
    assert snapshot(seeded) == before


def test_unknown_processor_is_404(client, seeded):
    before = snapshot(seeded)
    proc = {k: v for k, v in PROCESSORS[0].items() if k != "id"} | {"agreement": {"reference": "x",
                                                                                    "date": "2026-01-01"}}
    assert_problem(client.put("register/processors/nope", proc, role=OFFICER), 404)
    assert snapshot(seeded) == before


@pytest.mark.parametrize(("change", "field"), [
    ({"purposes": []}, "body.purposes"),
    ({"legal_basis": [{"basis": "whim", "explanation": "x"}]}, "body.legal_basis.0.basis"),
    ({"name": "   "}, "body.name"),
    ({"colour": "blue"}, "body.colour"),
    ({"transfers": [{"recipient": "X", "country": "USA", "safeguard": "scc"}]}, "body.transfers.0.country"),
])
def test_an_invalid_body_is_422_naming_the_field(client, seeded, change, field):
    before = snapshot(seeded)
    resp = client.put("register/activities/prospects", body_of("prospects", **change), role=OFFICER)
    body = assert_problem(resp, 422)
    assert field in [f"{e['in']}.{e['field']}" for e in body["errors"]]
    assert snapshot(seeded) == before


def test_a_non_adequate_transfer_without_safeguard_is_refused(client, seeded):
    before = snapshot(seeded)
    transfers = [{"recipient": "Google LLC", "country": "US", "safeguard": None}]
    resp = client.put("register/activities/website_analytics", body_of("website_analytics", transfers=transfers),
                      role=OFFICER)
    body = assert_problem(resp, 422)
    (err,) = body["errors"]
    assert err["field"] == "transfers.0.safeguard" and "US" in err["message"]
    resp = client.post("register/activities", new_activity(transfers=[{"recipient": "Cheap Ltd", "country": "IN"}]),
                       role=OFFICER)
    assert assert_problem(resp, 422)["errors"][0]["field"] == "transfers.0.safeguard"
    assert snapshot(seeded) == before


def test_a_processor_in_a_non_adequate_country_without_safeguard_is_refused(client, seeded):
    before = snapshot(seeded)
    new = {"id": "offshore", "name": "Offshore Ltd", "service": "Scanning", "location": "Bangalore",
           "country": "IN", "agreement": {"reference": "contract", "date": "2026-02-01"}}
    body = assert_problem(client.post("register/processors", new, role=OFFICER), 422)
    assert [e["field"] for e in body["errors"]] == ["safeguard"]
    new_sub = new | {"country": "NL", "sub_processors": [{"name": "S", "service": "s", "country": "CN"}]}
    body = assert_problem(client.post("register/processors", new_sub, role=OFFICER), 422)
    assert [e["field"] for e in body["errors"]] == ["sub_processors.0.safeguard"]
    assert snapshot(seeded) == before


def test_a_processor_without_agreement_date_is_refused(client, seeded):
    before = snapshot(seeded)
    new = {"id": "mailer", "name": "Mailer", "service": "E-mail", "location": "Berlin", "country": "DE",
           "agreement": {"reference": "DPA"}}
    body = assert_problem(client.post("register/processors", new, role=OFFICER), 422)
    assert "agreement.date" in [e["field"] for e in body["errors"]]
    assert snapshot(seeded) == before


def test_register_rules_refuse_with_the_field(client, seeded):
    before = snapshot(seeded)
    cases = [
        (new_activity(data_map={"scope": "tables", "reason": ""}), "data_map.scope"),
        (new_activity(retention={"policy_ids": ["forever"], "description": "x"}), "retention.policy_ids.0"),
        (new_activity(security_measures=["moat"]), "security_measures.0"),
        (new_activity(recipients=[{"name": "Y", "kind": "processor", "processor_id": "ghost"}]),
         "recipients.0.processor_id"),
    ]
    for body, field in cases:
        problem = assert_problem(client.post("register/activities", body, role=OFFICER), 422)
        assert [e["field"] for e in problem["errors"]] == [field]
    less = body_of("collection", subject_categories=["client", "client_employee"])
    problem = assert_problem(client.put("register/activities/collection", less, role=OFFICER), 422)
    assert [e["field"] for e in problem["errors"]] == ["subject_categories"]
    assert "debtor" in problem["errors"][0]["message"]
    assert snapshot(seeded) == before


def test_a_duplicate_id_is_409(client, seeded):
    before = snapshot(seeded)
    assert_problem(client.post("register/activities", new_activity(id="collection"), role=OFFICER), 409)
    proc = dict(PROCESSORS[0]) | {"agreement": {"reference": "x", "date": "2026-01-01"}}
    assert_problem(client.post("register/processors", proc, role=OFFICER), 409)
    assert snapshot(seeded) == before


def test_staff_cannot_write(client, seeded):
    before = snapshot(seeded)
    assert_problem(client.put("register/activities/prospects", body_of("prospects"), role=STAFF), 403)
    assert_problem(client.post("register/activities", new_activity(), role=STAFF), 403)
    proc = {"id": "x1", "name": "X", "service": "x", "location": "x", "country": "NL",
            "agreement": {"reference": "x", "date": "2026-01-01"}}
    assert_problem(client.post("register/processors", proc, role=STAFF), 403)
    assert snapshot(seeded) == before


def test_an_unknown_export_format_is_422(client, seeded):
    before = snapshot(seeded)
    body = assert_problem(client.get("register/export", role=STAFF, params={"format": "xml"}), 422)
    assert body["errors"][0]["in"] == "query" and body["errors"][0]["field"] == "format"
    assert snapshot(seeded) == before


# --- exports --------------------------------------------------------------------------------------

def add_client(deps, client_id: int, name: str) -> None:
    with deps.platform.begin() as conn:
        conn.execute(insert(clients).values(id=client_id, name=name, email=f"info{client_id}@example.nl",
                                            status="active", relationship_started_on=date(2024, 1, 1),
                                            read_only=False, created_at=datetime(2024, 1, 1, tzinfo=UTC)))


def test_json_export_holds_both_records_and_is_audited(client, seeded):
    add_client(seeded, 1, "Bakkerij De Vries")
    add_client(seeded, 2, "Garage Jansen")
    resp = client.get("register/export", role=STAFF, params={"format": "json"})
    assert resp.status == 200
    assert "verwerkingsregister-2026-11-24.json" in resp.header("Content-Disposition")
    doc = resp.json()
    assert {a["id"] for a in doc["activities"]} == SEED_IDS
    assert [r["client_id"] for r in doc["processor_records"]] == [1, 2]
    record = doc["processor_records"][0]
    assert record["controller"]["name"] == "Bakkerij De Vries"
    assert {c["activity_id"] for c in record["categories_of_processing"]} >= {"collection", "support"}
    assert record["transfers"] and record["security_measures"]
    assert {p["id"] for p in doc["processors"]} == {"azure", "interpulse"}
    assert len(doc["history"]) == len(ACTIVITIES) + len(PROCESSORS)
    assert doc["data_map"]["unknown_activities"] == []
    assert audit_actions(seeded, "register") == ["register.exported"]


def test_csv_export_has_one_row_per_activity(client, seeded):
    resp = client.get("register/export", role=STAFF, params={"format": "csv"})
    assert resp.status == 200 and resp.header("Content-Type").startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.body.decode("utf-8"))))
    assert {r["id"] for r in rows} == SEED_IDS
    analytics = next(r for r in rows if r["id"] == "website_analytics")
    assert "US" in analytics["doorgifte"] and analytics["risico_vlaggen"] == "transfers"
    assert all(r["doeleinden"] and r["bewaartermijn"] and r["beveiligingsmaatregelen"] for r in rows)


def test_html_export_is_dutch_printable_and_escaped(client, seeded):
    add_client(seeded, 7, "<img src=x onerror=alert(1)>")
    evil = body_of("prospects", name="<script>alert('x')</script> & co")
    assert client.put("register/activities/prospects", evil, role=OFFICER).status == 200
    resp = client.get("register/export", role=OFFICER, params={"format": "html"})
    assert resp.status == 200 and resp.header("Content-Type").startswith("text/html")
    html = resp.body.decode("utf-8")
    assert "Register van verwerkingsactiviteiten (art. 30 AVG)" in html
    assert "Register als verwerker (art. 30 lid 2 AVG)" in html and "Cliënt 7" in html
    assert "@media print" in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Raymond Tournier" in html and "Microsoft Azure" in html and "Interpulse" in html


def test_cli_export_writes_the_same_register(seeded, tmp_path, capsys):
    from devtools.register_cli import cmd_export

    add_client(seeded, 3, "Drukkerij")
    out = tmp_path / "register.html"
    assert cmd_export(SimpleNamespace(format="html", output=str(out))) == 0
    assert "Cliënt 3" in out.read_text(encoding="utf-8")
    assert cmd_export(SimpleNamespace(format="csv", output=None)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"] for r in rows} == SEED_IDS


def test_a_concurrent_first_use_seeds_once(deps):
    from concurrent.futures import ThreadPoolExecutor

    from shared.register.service import ensure_seeded

    with ThreadPoolExecutor(4) as pool:
        for f in [pool.submit(ensure_seeded, deps) for _ in range(4)]:
            f.result()
    with deps.store.connect() as conn:
        versions = conn.execute(select(register_versions.c.object_id, register_versions.c.version)).all()
    assert sorted(versions) == sorted((s["id"], 1) for s in [*ACTIVITIES, *PROCESSORS])


def test_answers_match_the_documented_response_models(client, seeded):
    from shared.http.paging import Page
    from shared.register.models import ActivityOut, DataMapOut, ProcessorOut

    Page[ActivityOut].model_validate(client.get("register/activities", role=STAFF).json())
    Page[ProcessorOut].model_validate(client.get("register/processors", role=STAFF).json())
    DataMapOut.model_validate(client.get("register/data-map", role=STAFF).json())
    ActivityOut.model_validate(client.post("register/activities", new_activity(), role=OFFICER).json())
    proc = {"id": "mailer", "name": "Mailer", "service": "E-mail", "location": "Berlin", "country": "DE",
            "agreement": {"reference": "DPA", "date": "2026-01-15"}}
    ProcessorOut.model_validate(client.post("register/processors", proc, role=OFFICER).json())
