"""The FG's instruments over HTTP: the DPIA register, the complaint log and the statistics behind
the console's charts (set-based queries, checked against requests and breaches made here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from shared.audit import audit_events
from shared.complaints.tables import complaints
from shared.dpia.tables import dpias

OFFICER, STAFF, CLIENT = "Privacy.Officer", "Privacy.Staff", "Client.Admin"
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


def count(deps, table) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def audited(deps, prefix: str) -> list[str]:
    with deps.store.connect() as conn:
        query = select(audit_events.c.action).where(audit_events.c.action.like(f"{prefix}%"))
        return [a for (a,) in conn.execute(query)]


def test_a_dpia_of_debt_collection_is_required_and_versioned(client, deps):
    made = client.post("dpias", {"title": "Incasso van vorderingen", "activity_id": "collection",
                                 "ap_list": ["financiele_situatie"], "criteria": ["large_scale"]}, role=OFFICER)
    assert made.status == 201, made.body
    dpia = made.json()
    assert dpia["required"] is True and dpia["version"] == 1 and "Financiële situatie" in dpia["screening_nl"][0]
    changed = client.put(f"dpias/{dpia['id']}", {"title": "Incasso van vorderingen", "ap_list": ["financiele_situatie"],
                                                 "outcome": "acceptable", "conclusion": "Restrisico aanvaardbaar"},
                         role=OFFICER)
    assert changed.status == 200, changed.body
    assert changed.json()["version"] == 2 and changed.json()["outcome_nl"].startswith("Restrisico aanvaardbaar")
    assert client.get(f"dpias/{dpia['id']}", role=STAFF).json()["outcome"] == "acceptable"
    assert audited(deps, "dpia.") == ["dpia.created", "dpia.updated"]
    vocabulary = client.get("dpias/criteria", role=STAFF).json()
    assert {"code": "financiele_situatie", "label_nl": "Financiële situatie"} in vocabulary["ap_list"]


def test_bad_dpias_are_refused_and_change_nothing(client, deps):
    unknown = client.post("dpias", {"title": "Iets", "ap_list": ["astrologie"]}, role=OFFICER)
    assert unknown.status == 422 and unknown.header("Content-Type").startswith("application/problem+json")
    assert unknown.json()["errors"][0]["field"].startswith("ap_list")
    contradiction = client.post("dpias", {"title": "Incasso", "ap_list": ["financiele_situatie"],
                                          "outcome": "not_required"}, role=OFFICER)
    assert contradiction.status == 422
    assert client.post("dpias", {"title": "Incasso"}, role=STAFF).status == 403
    assert client.get("dpias", role=CLIENT, client_id=1).status == 403
    assert client.get("dpias/00000000-0000-0000-0000-000000000000", role=OFFICER).status == 404
    assert count(deps, dpias) == 0


def test_dpias_come_in_pages_with_a_cursor(client):
    for n in range(3):
        assert client.post("dpias", {"title": f"Verwerking {n}"}, role=OFFICER).status == 201
    first = client.get("dpias", role=OFFICER, params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next"]
    rest = client.get("dpias", role=OFFICER, params={"limit": 2, "cursor": first["next"]}).json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    titles = {d["title"] for d in first["items"] + rest["items"]}
    assert titles == {"Verwerking 0", "Verwerking 1", "Verwerking 2"}
    bad = client.get("dpias", role=OFFICER, params={"cursor": "bm9wZQ"})
    assert bad.status == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_a_complaint_is_logged_handled_with_the_ap_and_closed_with_an_outcome(client, deps):
    made = client.post("complaints", {"topic": "request", "summary": "Geen antwoord op mijn inzageverzoek"}, role=STAFF)
    assert made.status == 201, made.body
    cid = made.json()["id"]
    assert made.json()["status"] == "open" and made.json()["ap_involved"] is False
    ap = client.patch(f"complaints/{cid}", {"ap_status": "complaint_lodged", "ap_reference": "z2026-001"}, role=STAFF)
    assert ap.json()["ap_involved"] is True and ap.json()["ap_reference"] == "z2026-001"
    no_outcome = client.patch(f"complaints/{cid}", {"status": "closed"}, role=OFFICER)
    assert no_outcome.status == 422
    closed = client.patch(f"complaints/{cid}", {"status": "closed", "outcome": "Inzage alsnog verstrekt"}, role=OFFICER)
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert client.patch(f"complaints/{cid}", {"outcome": "Nog iets"}, role=OFFICER).status == 409
    listed = client.get("complaints", role=STAFF, params={"status": "closed"}).json()
    assert [c["id"] for c in listed["items"]] == [cid] and listed["next"] is None
    assert audited(deps, "complaint.") == ["complaint.received", "complaint.updated", "complaint.updated"]


def test_bad_complaints_are_refused_and_change_nothing(client, deps, clock):
    clock.set(NOW)
    future = (NOW + timedelta(days=1)).isoformat()
    assert client.post("complaints", {"topic": "request", "summary": "Te laat", "received_at": future},
                       role=STAFF).status == 422
    assert client.post("complaints", {"topic": "gezeur", "summary": "Te laat"}, role=STAFF).status == 422
    assert client.post("complaints", {"topic": "request", "summary": "Te laat"}, role=CLIENT, client_id=1).status == 403
    assert client.patch("complaints/00000000-0000-0000-0000-000000000000", {"outcome": "x" * 5},
                        role=STAFF).status == 404
    assert count(deps, complaints) == 0


def _request(client, received: datetime, email: str) -> str:
    made = client.post("dsar", {"type": "access", "subject": {"email": email}, "channel": "letter",
                                "received_at": received.isoformat()}, role=STAFF)
    assert made.status in (200, 201), made.body
    return made.json()["id"]


def test_statistics_count_requests_by_month_on_time_answers_and_breaches(client, clock):
    clock.set(NOW)
    march = _request(client, datetime(2026, 3, 2, 9, tzinfo=UTC), "maart@debiteur.nl")  # due early April: late
    _request(client, datetime(2026, 6, 1, 9, tzinfo=UTC), "juni@debiteur.nl")  # still open
    june = _request(client, datetime(2026, 6, 10, 9, tzinfo=UTC), "juni2@debiteur.nl")  # answered in time
    _request(client, datetime(2025, 12, 30, 9, tzinfo=UTC), "vorig-jaar@debiteur.nl")  # last year
    for rid in (march, june):
        rejected = client.post(f"dsar/{rid}/reject",
                               {"ground": "manifestly_unfounded", "reason": "Kennelijk ongegrond"}, role=OFFICER)
        assert rejected.status == 200, rejected.body
    breach = client.post("breaches", {"summary": "Verkeerd gemaild", "became_aware_at": NOW.isoformat()}, role=STAFF)
    assessed = client.post(f"breaches/{breach.json()['id']}/assessment",
                           {"dpc": 3, "ei": "1", "cb_confidentiality": "0.25", "cb_integrity": "0",
                            "cb_availability": "0", "malicious": False}, role=STAFF)
    assert assessed.status in (200, 201), assessed.body
    client.post("complaints", {"topic": "breach", "summary": "Waarom hoorde ik dit niet eerder?",
                               "ap_status": "information_requested"}, role=STAFF)

    stats = client.get("statistics", role=STAFF, params={"year": 2026})
    assert stats.status == 200, stats.body
    s = stats.json()
    assert s["requests"] == {"received": 3, "open": 2, "closed": 2, "on_time": 1, "late": 1}
    # "open" counts the requests still open at the end of the year, last year's too
    months = {(m["month"], m["type"]): m["received"] for m in s["requests_by_month"]}
    assert months == {(3, "access"): 1, (6, "access"): 2}
    assert s["answered_by_month"] == [{"month": 6, "closed": 2, "on_time": 1}]
    assert s["breaches"] == [{"severity": assessed.json()["severity"], "authority_notified": False, "count": 1}]
    assert s["complaints"] == {"received": 1, "closed": 0, "ap_involved": 1}
    assert s["sweep_removals"] == []
    assert client.get("statistics", role=STAFF, params={"year": 2025}).json()["requests"]["received"] == 1


def test_statistics_refuse_a_bad_year_and_other_roles(client):
    assert client.get("statistics", role=STAFF, params={"year": "twintig"}).status == 422
    assert client.get("statistics", role=STAFF).status == 422
    assert client.get("statistics", role="Ops.Engineer").status == 403
    assert client.get("statistics", role="Privacy.Subject", email="a@b.nl").status == 403
