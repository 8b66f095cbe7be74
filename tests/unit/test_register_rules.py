"""The register's pure rules: transfers, validation against the map, the risk view, Art. 30 records."""

import copy
from datetime import UTC, datetime

import pytest

from shared.datamap import DATA_MAP
from shared.register import rules
from shared.register.countries import ADEQUATE, EEA, EU, Safeguard, transfer_problem
from shared.register.seed import ACTIVITIES, PROCESSORS

PROCS = {p["id"]: p for p in PROCESSORS}


def seed(activity_id: str) -> dict:
    return copy.deepcopy(next(a for a in ACTIVITIES if a["id"] == activity_id))


def row(doc: dict) -> dict:
    return {"id": doc["id"], "version": 1, "doc": doc, "updated_at": datetime(2026, 11, 24, tzinfo=UTC),
            "updated_by": "system"}


# --- transfers ------------------------------------------------------------------------------------

def test_country_lists_have_the_right_sizes():
    assert len(EU) == 27 and len(EEA) == 30
    assert not (set(ADEQUATE) & EEA)
    assert "US" not in ADEQUATE  # only DPF-certified US recipients are covered


@pytest.mark.parametrize("country", ["NL", "de", "NO", "IS", "LI"])
def test_eu_eea_needs_no_safeguard(country):
    assert transfer_problem(country, None) is None


@pytest.mark.parametrize("country", ["CH", "GB", "JP", "KR", "NZ"])
def test_adequate_countries_need_no_safeguard(country):
    assert transfer_problem(country, None) is None
    assert transfer_problem(country, Safeguard.ADEQUACY) is None


@pytest.mark.parametrize("country", ["US", "IN", "CN", "BR"])
def test_a_third_country_without_safeguard_is_refused(country):
    problem = transfer_problem(country, None)
    assert problem is not None and country in problem and "safeguard" in problem


def test_adequacy_cannot_be_claimed_for_a_country_without_decision():
    assert "no adequacy decision" in transfer_problem("IN", Safeguard.ADEQUACY)


def test_dpf_covers_only_the_united_states():
    assert transfer_problem("US", Safeguard.DPF) is None
    assert "only transfers to the US" in transfer_problem("IN", Safeguard.DPF)


@pytest.mark.parametrize("safeguard", [Safeguard.SCC, Safeguard.BCR, Safeguard.DEROGATION])
def test_contractual_safeguards_allow_any_country(safeguard):
    assert transfer_problem("IN", safeguard) is None


# --- activity validation --------------------------------------------------------------------------

def errors_of(doc: dict, activity_id: str | None = None) -> list[dict]:
    return rules.activity_errors(activity_id or doc["id"], doc, DATA_MAP, set(PROCS))


def test_every_seed_activity_is_valid():
    for a in ACTIVITIES:
        assert errors_of(a) == [], a["id"]


def test_unknown_retention_id_names_the_field():
    doc = seed("prospects")
    doc["retention"]["policy_ids"].append("forever")
    assert [e["field"] for e in errors_of(doc)] == ["retention.policy_ids.1"]


def test_unknown_security_measure_and_processor_name_the_fields():
    doc = seed("prospects")
    doc["security_measures"].append("quantum_vault")
    doc["recipients"].append({"name": "X", "kind": "processor", "processor_id": "nobody", "country": "NL"})
    fields = [e["field"] for e in errors_of(doc)]
    assert fields == [f"security_measures.{len(doc['security_measures']) - 1}",
                      f"recipients.{len(doc['recipients']) - 1}.processor_id"]


def test_a_transfer_without_safeguard_names_the_field():
    doc = seed("website_analytics")
    doc["transfers"][0]["safeguard"] = None
    (err,) = errors_of(doc)
    assert err["field"] == "transfers.0.safeguard" and "US" in err["message"]


def test_a_new_activity_must_use_mapped_columns_or_say_why_not():
    doc = seed("prospects") | {"id": "newsletter"}
    (err,) = errors_of(doc)
    assert err["field"] == "data_map.scope"
    doc["data_map"] = {"scope": "none", "reason": ""}
    assert [e["field"] for e in errors_of(doc)] == ["data_map.reason"]
    doc["data_map"] = {"scope": "none", "reason": "Mailchimp"}
    assert errors_of(doc) == []


def test_an_activity_may_not_declare_less_than_its_mapped_tables_hold():
    doc = seed("collection")
    doc["subject_categories"] = ["client", "client_employee"]
    doc["data_categories"].remove("birth_date")
    doc["retention"]["policy_ids"].remove("open_claim")
    errors = errors_of(doc)
    assert [e["field"] for e in errors] == ["subject_categories", "data_categories", "retention.policy_ids"]
    assert "debtor" in errors[0]["message"] and "birth_date" in errors[1]["message"]
    assert "open_claim" in errors[2]["message"]


def test_processor_outside_the_eea_needs_a_safeguard():
    doc = copy.deepcopy(PROCS["interpulse"]) | {"country": "IN"}
    assert [e["field"] for e in rules.processor_errors(doc)] == ["safeguard"]
    doc["safeguard"] = "scc"
    doc["sub_processors"] = [{"name": "Hoster", "service": "VM", "country": "CN", "safeguard": None}]
    assert [e["field"] for e in rules.processor_errors(doc)] == ["sub_processors.0.safeguard"]


# --- the risk view --------------------------------------------------------------------------------

@pytest.mark.parametrize(("flags", "expected"), [
    ({}, "low"),
    ({"large_scale": True}, "medium"),
    ({"transfers": True, "unverified_transfers": True}, "medium"),
    ({"special_categories": True}, "medium"),
    ({"special_categories": True, "large_scale": True}, "high"),
    ({"large_scale": True, "new_technology": True, "transfers": True}, "high"),
])
def test_rating(flags, expected):
    base = dict(special_categories=False, large_scale=False, new_technology=False, transfers=False,
                unverified_transfers=False)
    assert rules.rating(**(base | flags)) == expected


def test_dpia_is_indicated_by_two_criteria():
    assert not rules.dpia_indicated(special_categories=False, large_scale=True, new_technology=False)
    assert rules.dpia_indicated(special_categories=True, large_scale=True, new_technology=False)


def test_website_analytics_shows_the_us_transfer_as_a_problem():
    a = rules.present_activity(row(seed("website_analytics")), PROCS, DATA_MAP)
    risk = a["risk"]
    assert risk["flags"]["transfers"] is True
    assert "Doorgifte naar US (Google LLC): waarborg niet geverifieerd" in risk["problems"]
    assert "Verwerker Google (Google Analytics) staat niet in het register van derden" in risk["problems"]
    assert "niet geverifieerd" in a["transfers_statement"]


def test_an_activity_inherits_the_transfers_of_its_processors():
    procs = copy.deepcopy(PROCS)
    procs["interpulse"]["sub_processors"] = [{"name": "Offshore desk", "service": "support", "country": "IN",
                                              "safeguard": "scc"}]
    a = rules.present_activity(row(seed("prospects")), procs, DATA_MAP)
    assert [(t["country"], t["via"]) for t in a["transfers"]] == [("IN", "interpulse")]
    assert a["risk"]["flags"]["transfers"] is True
    assert "Doorgifte naar: IN (Offshore desk" in a["transfers_statement"]


def test_seed_processors_without_agreement_date_are_flagged():
    a = rules.present_activity(row(seed("prospects")), PROCS, DATA_MAP)
    assert "Overeenkomst met Interpulse automatisering B.V.: datum ontbreekt in het register van derden" in \
        a["risk"]["problems"]
    assert rules.present_processor(row({**PROCS["azure"]}))["missing"] == ["agreement.date"]


def test_collection_is_large_scale_processing_for_clients():
    a = rules.present_activity(row(seed("collection")), PROCS, DATA_MAP)
    assert a["role"] == "processor"
    assert a["risk"]["flags"] == {"special_categories": False, "large_scale": True, "transfers": False,
                                  "new_technology": False}
    assert a["risk"]["rating"] == "medium"
    assert {t["table"] for t in a["data_map"]["tables"]} == {
        "clients", "client_users", "debtors", "dossiers", "letters", "payments", "contact_registrations",
        "documents"}


# --- Art. 30 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("activity_id", [a["id"] for a in ACTIVITIES])
def test_every_seed_activity_has_every_art30_element(activity_id):
    a = rules.present_activity(row(seed(activity_id)), PROCS, DATA_MAP)
    assert a["art30_missing"] == []


def test_art30_missing_names_the_empty_elements():
    a = rules.present_activity(row(seed("prospects")), PROCS, DATA_MAP)
    a["purposes"] = []
    a["dpo"] = {"name": "", "contact": ""}
    assert rules.art30_missing(a) == ["dpo", "purposes"]


def test_processor_records_per_client_use_client_scoped_tables_only():
    acts = [rules.present_activity(row(seed(a["id"])), PROCS, DATA_MAP) for a in ACTIVITIES]
    clients = [{"id": 1, "name": "Bakkerij B.V.", "email": "info@bakkerij.nl", "status": "active"},
               {"id": 2, "name": "Garage", "email": None, "status": "ended"}]
    records = rules.processor_records(clients, acts, DATA_MAP)
    assert [r["client_id"] for r in records] == [1, 2]
    cats = {c["activity_id"]: c for c in records[0]["categories_of_processing"]}
    assert set(cats) == {"collection", "support", "dsar_handling", "breach_register", "backups", "platform_accounts"}
    assert cats["platform_accounts"]["tables"] == ["client_users", "client_user_logins"]  # its staff's accounts
    assert "prospects" not in cats["backups"]["tables"] and "staff" not in cats["backups"]["tables"]
    assert cats["support"]["tables"] == ["contact_registrations"]
    assert records[0]["transfers"] == ["Geen doorgifte naar landen buiten de EU/EER."]
    assert any("2FA" in m for m in records[0]["security_measures"])
