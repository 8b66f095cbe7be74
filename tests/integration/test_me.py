"""Portal self-service: the subject's own data across clients, its own corrections, and its
erasure request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.dsar.tables import dsar_requests
from shared.letters import outbox
from tests.support.dsar import ADMIN_A
from tests.support.dsar_platform import IBAN, JAN, LOOKALIKE, PIET, count

ME = {"role": "Privacy.Subject", "email": JAN, "mfa": False}


def test_my_data_spans_every_client_and_nobody_elses(client, platform, deps):
    resp = client.get("me/data", **ME)
    assert resp.status == 200
    tables = resp.json()["tables"]
    assert sorted(r["client_id"] for r in tables["debtors"]["rows"]) == [1, 2]
    assert sorted(r["reference"] for r in tables["dossiers"]["rows"]) == ["A-0001", "A-0002", "B-0001"]
    assert LOOKALIKE not in resp.body.decode()
    with deps.store.connect() as conn:
        assert conn.execute(select(audit_events.c.details).where(audit_events.c.action == "me.data_read")).scalar()


def phones(deps) -> dict[int, str]:
    with deps.platform.connect() as conn:
        t = table("debtors")
        return dict(conn.execute(select(t.c.id, t.c.phone)).all())


def test_a_debtors_correction_changes_nothing_until_the_client_decides_and_then_only_its_files(client, platform,
                                                                                               deps):
    before = phones(deps)
    resp = client.patch("me/data", {"changes": {"phone": "06 1234 5678"}}, **ME)
    assert resp.status == 202, resp.body
    body = resp.json()
    by_client = {r["client_id"]: r["id"] for r in body["requests"]}
    assert sorted(by_client) == [1, 2] and body["id"] == body["requests"][0]["id"]
    assert body["updated"] == {} and phones(deps) == before
    at_a = client.get(f"dsar/{by_client[1]}", **ADMIN_A).json()
    assert at_a["status"] == "awaiting_controller" and at_a["changes"] == {"phone": "06 1234 5678"}
    assert client.get(f"dsar/{by_client[2]}", **ADMIN_A).status == 404
    assert client.post(f"dsar/{by_client[1]}/complete", {}, role="Privacy.Staff").status == 409
    assert phones(deps) == before
    decided = client.post(f"dsar/{by_client[1]}/decision", {"admissible": True, "reason": "klopt"}, **ADMIN_A)
    assert decided.status == 200 and decided.json()["status"] == "in_progress"
    done = client.post(f"dsar/{by_client[1]}/complete", {}, role="Privacy.Staff")
    assert done.status == 200, done.body
    assert phones(deps) == {1: "06 1234 5678", 2: "0201234567", 3: "0201234567"}  # client 2's file untouched
    assert done.json()["changes"] == {"phone": "[toegepast]"}
    assert client.get(f"dsar/{by_client[2]}", role="Privacy.Staff").json()["status"] == "awaiting_controller"


def test_corrections_can_be_limited_to_one_client(client, platform, deps):
    resp = client.patch("me/data", {"changes": {"postcode": "2311 AB"}, "client_id": 2}, **ME)
    assert resp.status == 202
    assert [r["client_id"] for r in resp.json()["requests"]] == [2]


def test_a_refused_correction_forgets_the_new_values(client, platform, deps):
    rid = client.patch("me/data", {"changes": {"phone": "06 1234 5678"}, "client_id": 1}, **ME).json()["id"]
    client.post(f"dsar/{rid}/decision", {"admissible": False, "reason": "onjuist"}, **ADMIN_A)
    with deps.store.connect() as conn:
        assert conn.execute(select(dsar_requests.c.changes).where(dsar_requests.c.id == rid)).scalar() == {
            "phone": "[niet toegepast]"}


def test_an_earlier_correction_waiting_for_a_decision_gives_a_409(client, platform):
    client.patch("me/data", {"changes": {"phone": "06 1234 5678"}, "client_id": 1}, **ME)
    assert client.patch("me/data", {"changes": {"phone": "06 9999 9999"}, "client_id": 1}, **ME).status == 409


def test_a_new_email_applies_only_after_the_subject_proved_it(client, platform, deps):
    new = "jan.nieuw@example.nl"
    rid = client.patch("me/data", {"changes": {"email": new}, "client_id": 1}, **ME).json()["id"]
    client.post(f"dsar/{rid}/decision", {"admissible": True, "reason": "klopt"}, **ADMIN_A)
    refused = client.post(f"dsar/{rid}/complete", {}, role="Privacy.Staff")
    assert refused.status == 409 and "not verified" in refused.json()["detail"]
    assert client.get("me/data", role="Privacy.Subject", email=new, mfa=False).json()["tables"] == {}
    wrong = client.post("me/email-confirmation", {"request_id": rid}, **ME)  # the old address proves nothing
    assert wrong.status == 404
    ok = client.post("me/email-confirmation", {"request_id": rid}, role="Privacy.Subject", email=new, mfa=False)
    assert ok.status == 200, ok.body
    assert client.post(f"dsar/{rid}/complete", {}, role="Privacy.Staff").status == 200
    with deps.platform.connect() as conn:
        t = table("debtors")
        assert dict(conn.execute(select(t.c.id, t.c.email)).all()) == {1: new, 2: LOOKALIKE, 3: JAN}
    with deps.store.connect() as conn:
        letter = conn.execute(select(outbox).where(outbox.c.topic == "dsar.confirm_email")).one()
    assert letter.recipient == new and rid in letter.body


OWNER = {"role": "Privacy.Subject", "email": "eigenaar@bakkerij.nl", "mfa": False}


def client_row(deps):
    with deps.platform.connect() as conn:
        t = table("clients")
        return conn.execute(select(t.c.iban, t.c.phone, t.c.contact_name).where(t.c.id == 1)).one()


def test_a_client_contacts_payout_iban_changes_only_after_staff_verify_it(client, platform, deps):
    resp = client.patch("me/data", {"changes": {"iban": IBAN, "phone": "0612345678"}}, **OWNER)
    assert resp.status == 202, resp.body
    body = resp.json()
    assert body["fields"] == ["phone"] and body["updated"] == {"clients": 1}  # contact: at once
    (req,) = body["requests"]
    assert req["client_id"] is None and req["fields"] == ["iban"]
    assert client_row(deps).iban is None and client_row(deps).phone == "0612345678"
    assert client.get(f"dsar/{req['id']}", role="Privacy.Staff").json()["status"] == "awaiting_verification"
    assert client.post(f"dsar/{req['id']}/complete", {}, role="Privacy.Staff").status == 409
    weak = client.post(f"dsar/{req['id']}/verify", {"method": "email_on_record"}, role="Privacy.Staff")
    assert weak.status == 422
    assert client.post(f"dsar/{req['id']}/verify", {"method": "phone_callback"}, role="Privacy.Staff",
                       mfa=False).status == 401  # staff need MFA
    assert client_row(deps).iban is None
    assert client.post(f"dsar/{req['id']}/verify", {"method": "phone_callback"}, role="Privacy.Staff").status == 200
    assert client.post(f"dsar/{req['id']}/complete", {}, role="Privacy.Staff").status == 200
    assert client_row(deps).iban == IBAN
    with deps.store.connect() as conn:
        told = conn.execute(select(outbox.c.recipient_kind, outbox.c.recipient, outbox.c.subject_line)
                            .where(outbox.c.topic == "client.payout_change").order_by(outbox.c.created_at)).all()
    assert [(k, r) for k, r, _ in told] == [("client", "1"), ("client", "1")]
    assert "aangevraagd" in told[0][2] and "gewijzigd" in told[1][2]


def test_a_client_contacts_name_is_a_request_too(client, platform, deps):
    resp = client.patch("me/data", {"changes": {"contact_name": "Iemand Anders"}}, **OWNER)
    assert resp.status == 202 and resp.json()["fields"] == []
    assert client_row(deps).contact_name == "Eigenaar"


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


def test_a_client_employees_erasure_goes_to_that_client(client, platform):
    """A client's staff in the platform are the client's data: the client (controller) decides."""
    body = client.post("me/erasure", {}, role="Privacy.Subject", email=PIET, mfa=False).json()
    assert body["client_id"] == 1 and body["related_ids"] == []
    assert body["deadline_owner"] == "controller" and body["status"] == "awaiting_controller"


def test_a_client_employees_correction_is_a_request_to_that_client(client, platform, deps):
    resp = client.patch("me/data", {"changes": {"phone": "0687654321"}}, role="Privacy.Subject", email=PIET,
                        mfa=False)
    assert resp.status == 202, resp.body
    (request,) = resp.json()["requests"]
    assert request["client_id"] == 1 and request["deadline_owner"] == "controller"
    with deps.platform.connect() as conn:
        assert conn.execute(select(table("client_users").c.phone)).scalar() == "0612345678"  # unchanged
