"""DSAR intake over HTTP: who may ask what, duplicates, deadlines to the day, bad input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shared.dsar.tables import dsar_requests
from shared.letters import outbox
from tests.support.dsar_platform import JAN, LOOKALIKE, MEDEWERKER, count

STAFF = {"role": "Privacy.Staff"}


def nothing_created(deps) -> bool:
    with deps.store.connect() as conn:
        return count(conn, dsar_requests) == 0 and count(conn, outbox) == 0


def test_a_portal_subject_asks_for_itself_and_is_verified_by_its_login(client, platform):
    resp = client.post("dsar", {"type": "access", "subject": {"email": LOOKALIKE, "name": "Jan Smit"},
                                "channel": "portal"}, role="Privacy.Subject", email=LOOKALIKE, mfa=False)
    assert resp.status == 201, resp.body
    body = resp.json()
    # Jan Smit is only a debtor of client 1: the client is the controller and decides.
    assert body["client_id"] == 1 and body["deadline_owner"] == "controller"
    assert body["status"] == "awaiting_controller"
    assert body["verification"]["method"] == "portal_verified_email"
    assert body["received_at"].startswith("2026-11-24T09:00:00")
    assert body["target_date"] == "2026-12-24" and body["due_date"] == "2026-12-24"
    assert body["extended_due_date"] is None


def test_an_open_request_of_the_same_subject_and_type_is_returned_not_duplicated(client, platform):
    first = client.post("dsar", {"type": "erasure", "subject": {"email": MEDEWERKER}}, **STAFF)
    again = client.post("dsar", {"type": "erasure", "subject": {"email": MEDEWERKER.upper()}}, **STAFF)
    other_type = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER}}, **STAFF)
    assert (first.status, again.status, other_type.status) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"]
    assert other_type.json()["id"] != first.json()["id"]


def test_a_debtor_of_two_clients_gets_one_request_per_controller(client, platform, deps):
    resp = client.post("dsar", {"type": "access", "subject": {"email": JAN}}, **STAFF)
    assert resp.status == 201
    body = resp.json()
    assert body["client_id"] == 1 and len(body["related_ids"]) == 1
    other = client.get(f"dsar/{body['related_ids'][0]}", **STAFF).json()
    assert other["client_id"] == 2 and other["deadline_owner"] == "controller"
    assert other["related_ids"] == [body["id"]]  # GET shows the sibling too, not only the create answer
    as_client = client.get(f"dsar/{body['related_ids'][0]}", role="Client.Admin", client_id=2).json()
    assert as_client["related_ids"] == []  # a controller does not learn of the subject's other controllers
    with deps.store.connect() as conn:
        forwarded = conn.execute(select(outbox.c.recipient).where(outbox.c.topic == "dsar.forwarded_to_controller"))
        assert sorted(r for (r,) in forwarded) == ["1", "2"]


def test_incassotool_decides_for_its_own_relations(client, platform):
    body = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER}}, **STAFF).json()
    assert body["client_id"] is None and body["deadline_owner"] == "incassotool"
    assert body["status"] == "awaiting_verification"


def test_staff_dates_a_letter_and_the_deadlines_follow_domain_md(client, platform, clock):
    clock.set(datetime(2026, 2, 10, 9, tzinfo=UTC))
    resp = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER}, "channel": "letter",
                                "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF)
    body = resp.json()
    assert body["target_date"] == "2026-02-28"  # the nominal month end
    assert body["due_date"] == "2026-03-02"  # 28 February 2026 is a Saturday: rolled to Monday
    ext = client.post(f"dsar/{body['id']}/extend", {"reason": "Veel dossiers bij meerdere cliënten"}, **STAFF)
    assert ext.status == 200, ext.body
    assert ext.json()["extended_due_date"] == "2026-04-28"


def test_receipt_late_in_the_evening_counts_on_the_amsterdam_day(client, platform, clock):
    clock.set(datetime(2026, 2, 2, 9, tzinfo=UTC))
    body = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
                                "received_at": "2026-01-31T23:30:00+00:00"}, **STAFF).json()
    assert body["received_at"].startswith("2026-01-31T23:30")
    assert body["target_date"] == "2026-03-01"  # received 1 February in Amsterdam; 1 March is a Sunday
    assert body["due_date"] == "2026-03-02"


def test_extension_after_the_first_month_is_refused(client, platform, clock):
    clock.set(datetime(2026, 2, 10, 9, tzinfo=UTC))
    rid = client.post("dsar", {"type": "access", "subject": {"email": MEDEWERKER},
                               "received_at": "2026-01-31T10:00:00+01:00"}, **STAFF).json()["id"]
    clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
    resp = client.post(f"dsar/{rid}/extend", {"reason": "te laat"}, **STAFF)
    assert resp.status == 422
    assert "2026-03-02" in resp.json()["detail"]
    assert client.get(f"dsar/{rid}", **STAFF).json()["extended_due_date"] is None


def test_a_client_admins_request_is_forced_to_its_own_client(client, platform):
    resp = client.post("dsar", {"type": "access", "subject": {"email": JAN}, "client_id": 2},
                       role="Client.Admin", client_id=1)
    body = resp.json()
    assert resp.status == 201 and body["client_id"] == 1 and body["related_ids"] == []
    assert body["decision"]["admissible"] is True and body["status"] == "in_progress"


def test_client_and_subject_isolation(client, platform):
    b_request = client.post("dsar", {"type": "access", "subject": {"email": JAN}},
                            role="Client.Admin", client_id=2).json()["id"]
    assert client.get(f"dsar/{b_request}", role="Client.Admin", client_id=1).status == 404
    assert client.get(f"dsar/{b_request}/export", role="Client.Admin", client_id=1).status == 404
    assert client.post(f"dsar/{b_request}/decision", {"admissible": False, "reason": "nee"},
                       role="Client.Admin", client_id=1).status == 404
    assert client.get(f"dsar/{b_request}", role="Privacy.Subject", email=LOOKALIKE, mfa=False).status == 404
    assert client.get(f"dsar/{b_request}", role="Privacy.Subject", email=JAN, mfa=False).status == 200
    assert client.get("dsar/not-a-uuid", **STAFF).status == 404
    listed = client.get("dsar", role="Client.Admin", client_id=1).json()
    assert listed == {"items": [], "next": None}
    assert len(client.get("dsar", role="Client.Admin", client_id=2).json()["items"]) == 1
    assert client.get("dsar", role="Privacy.Subject", email=LOOKALIKE, mfa=False).json()["items"] == []


BAD_INPUT = [
    ({"type": "delete_everything", "subject": {"email": MEDEWERKER}}, STAFF, 422, "type"),
    ({"type": "access", "subject": {"email": "not-an-email"}}, STAFF, 422, "subject.email"),
    ({"type": "access"}, STAFF, 422, "subject"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "received_at": "2026-01-31T10:00:00"}, STAFF, 422,
     "received_at"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "received_at": "2027-01-31T10:00:00+01:00"}, STAFF, 422,
     "received_at"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "client_id": 99}, STAFF, 422, "client_id"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "changes": {"phone": "0611111111"}}, STAFF, 422, "changes"),
    ({"type": "rectification", "subject": {"email": MEDEWERKER}, "changes": {"status": "x"}}, STAFF, 422,
     "changes.status"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "colour": "blue"}, STAFF, 422, "colour"),
    ({"type": "access", "subject": {"email": MEDEWERKER}, "channel": "pigeon"}, STAFF, 422, "channel"),
]


@pytest.mark.parametrize(("body", "who", "status", "field"), BAD_INPUT)
def test_bad_input_is_a_clear_problem_and_creates_nothing(client, platform, deps, body, who, status, field):
    resp = client.post("dsar", body, **who)
    assert resp.status == status, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json")
    problem = resp.json()
    assert problem["status"] == status and problem["detail"]
    assert field in {e["field"] for e in problem["errors"]}
    assert nothing_created(deps)


def test_a_subject_cannot_ask_for_someone_else_or_backdate(client, platform, deps):
    other = client.post("dsar", {"type": "access", "subject": {"email": JAN}}, role="Privacy.Subject",
                        email=LOOKALIKE, mfa=False)
    backdated = client.post("dsar", {"type": "access", "subject": {"email": LOOKALIKE},
                                     "received_at": "2026-01-01T10:00:00+01:00"},
                            role="Privacy.Subject", email=LOOKALIKE, mfa=False)
    assert other.status == 403 and "verified e-mail" in other.json()["detail"]
    assert backdated.status == 403 and "received_at" in backdated.json()["detail"]
    assert nothing_created(deps)


def test_a_non_json_body_is_refused(client, platform, deps):
    resp = client.request("POST", "dsar", body=b"type=access", headers={"Content-Type": "text/plain"}, **STAFF)
    assert resp.status == 415
    assert nothing_created(deps)
