"""Portal self-service: the subject's own data across clients, its own corrections, and its
erasure request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.dsar.tables import dsar_requests
from tests.integration.test_dsar_platform import JAN, LOOKALIKE, PIET, count, seed

ME = {"role": "Privacy.Subject", "email": JAN, "mfa": False}


@pytest.fixture
def platform(deps):
    with deps.platform.begin() as conn:
        seed(conn)
    return deps


def test_my_data_spans_every_client_and_nobody_elses(client, platform, deps):
    resp = client.get("me/data", **ME)
    assert resp.status == 200
    tables = resp.json()["tables"]
    assert sorted(r["client_id"] for r in tables["debtors"]["rows"]) == [1, 2]
    assert sorted(r["reference"] for r in tables["dossiers"]["rows"]) == ["A-0001", "A-0002", "B-0001"]
    assert LOOKALIKE not in resp.body.decode()
    with deps.store.connect() as conn:
        assert conn.execute(select(audit_events.c.details).where(audit_events.c.action == "me.data_read")).scalar()


def test_my_corrections_apply_to_my_records_and_tell_the_clients(client, platform, deps):
    resp = client.patch("me/data", {"changes": {"phone": "06 1234 5678"}}, **ME)
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["updated"] == {"debtors": 2}
    assert [r["client_id"] for r in body["recipients"]] == [1, 2]
    with deps.platform.connect() as conn:
        t = table("debtors")
        phones = dict(conn.execute(select(t.c.id, t.c.phone)).all())
    assert phones == {1: "06 1234 5678", 2: "0201234567", 3: "06 1234 5678"}
    with deps.store.connect() as conn:
        rec = conn.execute(select(dsar_requests).where(dsar_requests.c.id == body["id"])).one()
    assert rec.status == "completed" and rec.type == "rectification" and "06" not in str(rec.changes)


def test_corrections_can_be_limited_to_one_client(client, platform, deps):
    body = client.patch("me/data", {"changes": {"postcode": "2311 AB"}, "client_id": 2}, **ME).json()
    assert body["updated"] == {"debtors": 1}
    with deps.platform.connect() as conn:
        t = table("debtors")
        assert dict(conn.execute(select(t.c.id, t.c.postcode)).all())[1] == "1234 AB"


@pytest.mark.parametrize("changes", [{"postcode": "12"}, {"iban": "NL00ABNA0417164300"}, {"kind": "business"}, {}])
def test_bad_corrections_change_nothing(client, platform, deps, changes):
    resp = client.patch("me/data", {"changes": changes}, **ME)
    assert resp.status == 422 and resp.json()["errors"]
    with deps.store.connect() as conn:
        assert count(conn, dsar_requests) == 0
    with deps.platform.connect() as conn:
        t = table("debtors")
        assert {r.postcode for r in conn.execute(select(t.c.postcode).where(t.c.email == JAN))} == {"1234 AB"}


def test_a_subject_without_records_gets_a_404_on_patch(client, platform):
    resp = client.patch("me/data", {"changes": {"phone": "0612345678"}}, role="Privacy.Subject",
                        email="nobody@example.nl", mfa=False)
    assert resp.status == 404


def test_my_erasure_request_is_created_once(client, platform):
    first = client.post("me/erasure", {"name": "Jan"}, **ME)
    again = client.post("me/erasure", {}, **ME)
    assert first.status == 201 and again.status == 200
    body = first.json()
    assert body["type"] == "erasure" and body["channel"] == "portal"
    assert body["verification"]["method"] == "portal_verified_email"
    assert body["status"] == "awaiting_controller" and len(body["related_ids"]) == 1  # clients 1 and 2 decide
    assert again.json()["id"] == body["id"]


def test_employee_erasure_goes_to_incassotool(client, platform):
    body = client.post("me/erasure", {}, role="Privacy.Subject", email=PIET, mfa=False).json()
    assert body["deadline_owner"] == "incassotool" and body["status"] == "in_progress"
