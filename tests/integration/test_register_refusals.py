"""The register over the API, bad input: refused with problem+json naming the field, and nothing
changed."""

from __future__ import annotations

import pytest

from shared.register.seed import PROCESSORS
from tests.support.register import (
    OFFICER,
    STAFF,
    assert_problem,
    body_of,
    new_activity,
    snapshot,
)

# --- bad input: problem+json, and nothing changed ---------------------------------------------------

def test_unknown_activity_is_404(client, seeded_register):
    before = snapshot(seeded_register)
    body = assert_problem(client.put("register/activities/nope", body_of("prospects"), role=OFFICER), 404)
    assert "nope" in body["detail"]
    assert snapshot(seeded_register) == before


def test_unknown_processor_is_404(client, seeded_register):
    before = snapshot(seeded_register)
    proc = {k: v for k, v in PROCESSORS[0].items() if k != "id"} | {"agreement": {"reference": "x",
                                                                                    "date": "2026-01-01"}}
    assert_problem(client.put("register/processors/nope", proc, role=OFFICER), 404)
    assert snapshot(seeded_register) == before


@pytest.mark.parametrize(("change", "field"), [
    ({"purposes": []}, "body.purposes"),
    ({"legal_basis": [{"basis": "whim", "explanation": "x"}]}, "body.legal_basis.0.basis"),
    ({"name": "   "}, "body.name"),
    ({"colour": "blue"}, "body.colour"),
    ({"transfers": [{"recipient": "X", "country": "USA", "safeguard": "scc"}]}, "body.transfers.0.country"),
])
def test_an_invalid_body_is_422_naming_the_field(client, seeded_register, change, field):
    before = snapshot(seeded_register)
    resp = client.put("register/activities/prospects", body_of("prospects", **change), role=OFFICER)
    body = assert_problem(resp, 422)
    assert field in [f"{e['in']}.{e['field']}" for e in body["errors"]]
    assert snapshot(seeded_register) == before


def test_a_non_adequate_transfer_without_safeguard_is_refused(client, seeded_register):
    before = snapshot(seeded_register)
    transfers = [{"recipient": "Google LLC", "country": "US", "safeguard": None}]
    resp = client.put("register/activities/website_analytics", body_of("website_analytics", transfers=transfers),
                      role=OFFICER)
    body = assert_problem(resp, 422)
    (err,) = body["errors"]
    assert err["field"] == "transfers.0.safeguard" and "US" in err["message"]
    resp = client.post("register/activities", new_activity(transfers=[{"recipient": "Cheap Ltd", "country": "IN"}]),
                       role=OFFICER)
    assert assert_problem(resp, 422)["errors"][0]["field"] == "transfers.0.safeguard"
    assert snapshot(seeded_register) == before


def test_a_processor_in_a_non_adequate_country_without_safeguard_is_refused(client, seeded_register):
    before = snapshot(seeded_register)
    new = {"id": "offshore", "name": "Offshore Ltd", "service": "Scanning", "location": "Bangalore",
           "country": "IN", "agreement": {"reference": "contract", "date": "2026-02-01"}}
    body = assert_problem(client.post("register/processors", new, role=OFFICER), 422)
    assert [e["field"] for e in body["errors"]] == ["safeguard"]
    new_sub = new | {"country": "NL", "sub_processors": [{"name": "S", "service": "s", "country": "CN"}]}
    body = assert_problem(client.post("register/processors", new_sub, role=OFFICER), 422)
    assert [e["field"] for e in body["errors"]] == ["sub_processors.0.safeguard"]
    assert snapshot(seeded_register) == before


def test_a_processor_without_agreement_date_is_refused(client, seeded_register):
    before = snapshot(seeded_register)
    new = {"id": "mailer", "name": "Mailer", "service": "E-mail", "location": "Berlin", "country": "DE",
           "agreement": {"reference": "DPA"}}
    body = assert_problem(client.post("register/processors", new, role=OFFICER), 422)
    assert "agreement.date" in [e["field"] for e in body["errors"]]
    assert snapshot(seeded_register) == before


def test_register_rules_refuse_with_the_field(client, seeded_register):
    before = snapshot(seeded_register)
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
    assert snapshot(seeded_register) == before


def test_a_duplicate_id_is_409(client, seeded_register):
    before = snapshot(seeded_register)
    assert_problem(client.post("register/activities", new_activity(id="collection"), role=OFFICER), 409)
    proc = dict(PROCESSORS[0]) | {"agreement": {"reference": "x", "date": "2026-01-01"}}
    assert_problem(client.post("register/processors", proc, role=OFFICER), 409)
    assert snapshot(seeded_register) == before


def test_staff_cannot_write(client, seeded_register):
    before = snapshot(seeded_register)
    assert_problem(client.put("register/activities/prospects", body_of("prospects"), role=STAFF), 403)
    assert_problem(client.post("register/activities", new_activity(), role=STAFF), 403)
    proc = {"id": "x1", "name": "X", "service": "x", "location": "x", "country": "NL",
            "agreement": {"reference": "x", "date": "2026-01-01"}}
    assert_problem(client.post("register/processors", proc, role=STAFF), 403)
    assert snapshot(seeded_register) == before


def test_an_unknown_export_format_is_422(client, seeded_register):
    before = snapshot(seeded_register)
    body = assert_problem(client.get("register/export", role=STAFF, params={"format": "xml"}), 422)
    assert body["errors"][0]["in"] == "query" and body["errors"][0]["field"] == "format"
    assert snapshot(seeded_register) == before
