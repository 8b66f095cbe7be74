"""Every kind of bad input to the breach routes: a problem+json 4xx that names the field, and
nothing changed (no breach rows, no history, no audit event, no letter)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.breaches.tables import (
    breach_assessments,
    breach_clients,
    breach_decisions,
    breach_evaluations,
    breach_measures,
    breach_notifications,
    breaches,
)
from shared.letters import outbox
from tests.support.audit import change_events
from tests.support.breaches import add_clients, intake_body, strong_assessment

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
TABLES = (breaches, breach_clients, breach_assessments, breach_decisions, breach_notifications,
          breach_evaluations, breach_measures, audit_events, outbox)


def snapshot(deps):
    with deps.store.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in TABLES}
        counts["audit_events"] = change_events(conn)
        counts["statuses"] = sorted(conn.execute(select(breaches.c.id, breaches.c.status)).all())
    return counts


def assert_problem(resp, status, field=None):
    assert resp.status == status, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json") or resp.json()["status"] == status
    body = resp.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body


def future(clock, **kw):
    return (clock.at + timedelta(**kw)).isoformat()


INTAKE_CASES = {
    "aware in the future": (lambda c: {"became_aware_at": future(c, minutes=1)}, "became_aware_at"),
    "aware without offset": (lambda c: {"became_aware_at": "2026-11-24T08:00:00"}, "became_aware_at"),
    "min above max": (lambda c: {"subjects_min": 10, "subjects_max": 5}, "body"),
    "negative count": (lambda c: {"records_count": -1}, "records_count"),
    "unknown data kind": (lambda c: {"data_kinds": ["dna"]}, "data_kinds.0"),
    "unknown nature": (lambda c: {"nature": ["leak"]}, "nature.0"),
    "encrypted, but not said how": (lambda c: {"protection": "encrypted"}, "body"),
    "ongoing with an end": (lambda c: {"ongoing": True, "ended_at": c.at.isoformat()}, "body"),
    "started after becoming aware": (lambda c: {"started_at": (c.at - timedelta(minutes=1)).isoformat(),
                                                "became_aware_at": (c.at - timedelta(hours=1)).isoformat()},
                                     "started_at"),
    "an unknown field": (lambda c: {"severity": "low"}, "severity"),
    "empty summary": (lambda c: {"summary": ""}, "summary"),
    "unknown client": (lambda c: {"client_ids": [1, 999]}, "client_ids"),
}


@pytest.mark.parametrize("case", sorted(INTAKE_CASES))
def test_bad_intake_is_422_and_changes_nothing(client, deps, clock, case):
    add_clients(deps, 1)
    make, field = INTAKE_CASES[case]
    before = snapshot(deps)
    body = intake_body(clock.at - timedelta(hours=1), **make(clock))
    assert_problem(client.post("breaches", body, role=STAFF), 422, field)
    assert snapshot(deps) == before


def test_missing_summary_and_date_are_listed(client, deps):
    before = snapshot(deps)
    resp = client.post("breaches", {}, role=STAFF)
    assert_problem(resp, 422)
    assert {"summary", "became_aware_at"} <= {e["field"] for e in resp.json()["errors"]}
    assert snapshot(deps) == before


def test_not_json_is_a_problem(client, deps):
    before = snapshot(deps)
    resp = client.request("POST", "breaches", role=STAFF, body=b"{not json",
                          headers={"Content-Type": "application/json"})
    assert resp.status == 400 and resp.json()["status"] == 400
    assert snapshot(deps) == before


@pytest.fixture
def breach_id(client, clock):
    return client.post("breaches", intake_body(clock.at - timedelta(hours=1)), role=STAFF).json()["id"]


ASSESS_CASES = {
    "dpc 5": ({"dpc": 5}, "dpc"),
    "dpc as text": ({"dpc": "3"}, "dpc"),
    "ei 0.3": ({"ei": 0.3}, "ei"),
    "cb 0.75": ({"cb_integrity": 0.75}, "cb_integrity"),
    "malicious as text": ({"malicious": "yes"}, "malicious"),
    "unknown harm": ({"harm": ["emotional"]}, "harm.0"),
}


@pytest.mark.parametrize("case", sorted(ASSESS_CASES))
def test_bad_assessment_is_422_and_changes_nothing(client, deps, breach_id, case):
    override, field = ASSESS_CASES[case]
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/assessment", strong_assessment(**override), role=STAFF),
                   422, field)
    assert snapshot(deps) == before


def test_missing_enisa_inputs_are_listed(client, deps, breach_id):
    before = snapshot(deps)
    resp = client.post(f"breaches/{breach_id}/assessment", {}, role=STAFF)
    assert_problem(resp, 422)
    fields = {e["field"] for e in resp.json()["errors"]}
    assert {"dpc", "ei", "cb_confidentiality", "cb_integrity", "cb_availability", "malicious"} <= fields
    assert snapshot(deps) == before


@pytest.mark.parametrize("route", ["", "/assessment", "/decision", "/authority-report", "/notifications",
                                   "/evaluation"])
def test_unknown_breach_is_404(client, deps, route):
    before = snapshot(deps)
    method = "GET" if route in ("", "/authority-report") else "POST"
    bodies = {"/assessment": strong_assessment(), "/decision": {},
              "/notifications": {"target": "public", "reason": "r", "channel": "c"},
              "/evaluation": {"lessons_learned": "x"}}
    resp = client.request(method, f"breaches/00000000-0000-0000-0000-000000000000{route}", role=OFFICER,
                          json_body=bodies.get(route))
    assert_problem(resp, 404)
    assert snapshot(deps) == before


def test_decision_before_assessment_is_409(client, deps, breach_id):
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER), 409)
    assert snapshot(deps) == before


def test_override_without_reason_is_422(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(), role=STAFF)
    before = snapshot(deps)
    resp = client.post(f"breaches/{breach_id}/decision", {"outcome": "register_only"}, role=OFFICER)
    assert_problem(resp, 422, "reason")
    assert snapshot(deps) == before


def test_a_channel_without_telling_subjects_is_422(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(), role=STAFF)
    before = snapshot(deps)
    resp = client.post(f"breaches/{breach_id}/decision",
                       {"outcome": "notify_authority", "subjects_channel": "individual", "reason": "r"}, role=OFFICER)
    assert_problem(resp, 422, "subjects_channel")
    assert snapshot(deps) == before


def test_unknown_outcome_is_422(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(), role=STAFF)
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/decision", {"outcome": "ignore", "reason": "r"},
                               role=OFFICER), 422, "outcome")
    assert snapshot(deps) == before


NOTIFY_CASES = {
    "unknown target": ({"target": "press"}, 422, "target"),
    "authority without reference": ({"target": "authority"}, 422, "body"),
    "sent in the future": ({"target": "public", "reason": "r", "channel": "c", "sent_at": "2099-01-01T00:00:00Z"},
                           422, "sent_at"),
    "sent before awareness": ({"target": "public", "reason": "r", "channel": "c",
                               "sent_at": "2020-01-01T00:00:00Z"}, 422, "sent_at"),
    "follow-up without a first": ({"target": "authority", "authority_reference": "AP-1", "phase": "follow_up"},
                                  422, None),
    "clients of a breach without clients": ({"target": "clients"}, 422, None),
    "subjects without decision or reason": ({"target": "subjects"}, 422, None),
    "public without reason": ({"target": "public", "channel": "website"}, 422, "body"),
    "a phase for the clients": ({"target": "clients", "phase": "first"}, 422, "body"),
    "a bad e-mail": ({"target": "subjects", "reason": "r", "recipients": ["nope"]}, 422, "recipients.0"),
}


@pytest.mark.parametrize("case", sorted(NOTIFY_CASES))
def test_bad_notification_is_refused_and_changes_nothing(client, deps, breach_id, case):
    body, status, field = NOTIFY_CASES[case]
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/notifications", body, role=OFFICER), status, field)
    assert snapshot(deps) == before


def test_a_second_first_notification_is_409(client, deps, breach_id):
    body = {"target": "authority", "authority_reference": "AP-1", "phase": "first"}
    assert client.post(f"breaches/{breach_id}/notifications", body, role=OFFICER).status == 201
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/notifications", body, role=OFFICER), 409)
    assert snapshot(deps) == before


def test_clients_not_affected_by_the_breach_are_refused(client, deps, clock):
    add_clients(deps, 1, 2)
    bid = client.post("breaches", intake_body(clock.at - timedelta(hours=1), client_ids=[1]), role=STAFF).json()["id"]
    before = snapshot(deps)
    resp = client.post(f"breaches/{bid}/notifications", {"target": "clients", "client_ids": [2]}, role=OFFICER)
    assert_problem(resp, 422, "client_ids")
    assert snapshot(deps) == before


def test_subjects_against_the_decision_need_a_reason(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(data_unintelligible=True), role=STAFF)
    client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER)
    before = snapshot(deps)
    resp = client.post(f"breaches/{breach_id}/notifications", {"target": "subjects"}, role=OFFICER)
    assert_problem(resp, 422)
    assert "reason" in resp.json()["detail"]
    assert snapshot(deps) == before


def test_evaluation_before_decision_is_409(client, deps, breach_id):
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/evaluation", {"lessons_learned": "x"}, role=STAFF), 409)
    assert snapshot(deps) == before


def test_evaluation_while_a_required_notification_is_missing_is_422(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(), role=STAFF)
    client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER)
    before = snapshot(deps)
    resp = client.post(f"breaches/{breach_id}/evaluation", {"lessons_learned": "x"}, role=STAFF)
    assert_problem(resp, 422)
    assert "AP" in resp.json()["detail"]
    assert snapshot(deps) == before


EVAL_CASES = {
    "no lessons": ({}, "lessons_learned"),
    "measure without owner": ({"lessons_learned": "x", "measures": [{"description": "d", "due_date": "2026-12-01"}]},
                              "measures.0.owner"),
    "measure with a bad date": ({"lessons_learned": "x",
                                 "measures": [{"description": "d", "owner": "o", "due_date": "31-12-2026"}]},
                                "measures.0.due_date"),
    "done in the future": ({"lessons_learned": "x", "measures": [
        {"description": "d", "owner": "o", "due_date": "2026-12-01", "done_on": "2026-12-01"}]}, "measures.0.done_on"),
}


@pytest.mark.parametrize("case", sorted(EVAL_CASES))
def test_bad_evaluation_is_422_and_changes_nothing(client, deps, breach_id, case):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(dpc=1, ei=0.25, cb_confidentiality=0,
                                                                      malicious=False), role=STAFF)
    client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER)
    body, field = EVAL_CASES[case]
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/evaluation", body, role=STAFF), 422, field)
    assert snapshot(deps) == before


def test_a_closed_breach_is_not_reassessed(client, deps, breach_id):
    client.post(f"breaches/{breach_id}/assessment", strong_assessment(dpc=1, ei=0.25, cb_confidentiality=0,
                                                                      malicious=False), role=STAFF)
    client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER)
    assert client.post(f"breaches/{breach_id}/evaluation", {"lessons_learned": "x"}, role=STAFF).status == 201
    before = snapshot(deps)
    assert_problem(client.post(f"breaches/{breach_id}/assessment", strong_assessment(), role=STAFF), 409)
    assert_problem(client.post(f"breaches/{breach_id}/decision", {}, role=OFFICER), 409)
    assert snapshot(deps) == before


@pytest.mark.parametrize("route,params,field", [
    ("breaches/register", {"format": "xml"}, "format"),
    ("breaches", {"group": "pending"}, "group"),
    ("breaches", {"limit": "0"}, "limit"),
])
def test_bad_query_is_422(client, deps, route, params, field):
    before = snapshot(deps)
    resp = client.get(route, role=OFFICER, params=params)
    assert_problem(resp, 422, field)
    assert resp.json()["errors"][0]["in"] == "query"
    assert snapshot(deps) == before


def test_bad_report_format_is_422(client, deps, breach_id):
    before = snapshot(deps)
    assert_problem(client.get(f"breaches/{breach_id}/authority-report", role=OFFICER, params={"format": "pdf"}),
                   422, "format")
    assert snapshot(deps) == before
