"""`GET /dsar/{id}/letters`: a request's letters with their Dutch type, as each role may read them.
The FG and staff see every letter and its recipient; the client (controller) sees those to its
debtor and to itself, never one to another client, and no addresses; the subject only its own."""

from __future__ import annotations

from sqlalchemy import func, select

from shared import letters
from shared.audit import audit_events
from tests.support.dsar_platform import JAN, LOOKALIKE

STAFF = {"role": "Privacy.Staff"}
ADMIN_1, ADMIN_2 = {"role": "Client.Admin", "client_id": 1}, {"role": "Client.Admin", "client_id": 2}
JAN_HIMSELF = {"role": "Privacy.Subject", "email": JAN, "mfa": False}


def request_at_client_1(client, deps) -> str:
    """Staff take in Jan's request at client 1: an acknowledgement to Jan, the forward to client 1;
    and (as after an erasure, Art. 19) a letter about it to client 2."""
    made = client.post("dsar", {"type": "access", "subject": {"email": JAN, "name": "Jan Jansen"}, "client_id": 1},
                       **STAFF)
    assert made.status == 201, made.body
    rid = made.json()["id"]
    with deps.store.begin() as conn:
        letters.queue(conn, at=deps.now(), recipient_kind="client", recipient="2", topic="dsar.art19",
                      related_type="dsar", related_id=rid, subject_line="Mededeling", body="Gegevens gewist")
    return rid


def test_staff_see_every_letter_with_its_dutch_type_and_recipient(client, deps, platform):
    rid = request_at_client_1(client, deps)
    resp = client.get(f"dsar/{rid}/letters", **STAFF)
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["next"] is None
    seen = [(i["type"], i["title"], i["recipient_kind"], i["recipient"]) for i in body["items"]]
    assert sorted(seen) == sorted([
        ("dsar.acknowledged", "ontvangstbevestiging", "subject", JAN),
        ("dsar.forwarded_to_controller", "doorzending aan de verwerkingsverantwoordelijke", "client", "1"),
        ("dsar.art19", "mededeling aan ontvanger (art. 19 AVG)", "client", "2"),
    ])
    first = next(i for i in body["items"] if i["type"] == "dsar.acknowledged")
    assert first["status"] == "queued" and first["sent_at"] is None and first["created_at"]
    assert "Jan Jansen" in first["text"] and first["language"] == "nl"


def test_the_client_sees_its_debtors_and_its_own_letters_without_addresses(client, deps, platform):
    rid = request_at_client_1(client, deps)
    items = client.get(f"dsar/{rid}/letters", **ADMIN_1).json()["items"]
    assert sorted(i["type"] for i in items) == ["dsar.acknowledged", "dsar.forwarded_to_controller"]
    assert all(i["recipient"] is None for i in items)
    assert JAN not in str([i["recipient"] for i in items])


def test_another_client_and_another_subject_get_404_and_the_subject_sees_its_own(client, deps, platform):
    rid = request_at_client_1(client, deps)
    for who in (ADMIN_2, {"role": "Privacy.Subject", "email": LOOKALIKE, "mfa": False}):
        resp = client.get(f"dsar/{rid}/letters", **who)
        assert resp.status == 404, who
        assert resp.header("Content-Type").startswith("application/problem+json")
        assert "Gegevens gewist" not in resp.body.decode() and JAN not in resp.body.decode()
    own = client.get(f"dsar/{rid}/letters", **JAN_HIMSELF).json()["items"]
    assert [(i["type"], i["recipient_kind"], i["recipient"]) for i in own] == [("dsar.acknowledged", "subject", None)]


def test_letters_come_in_pages_oldest_first_and_a_bad_cursor_is_a_422(client, deps, platform, clock):
    rid = request_at_client_1(client, deps)
    everything = client.get(f"dsar/{rid}/letters", **STAFF).json()["items"]
    first = client.get(f"dsar/{rid}/letters", params={"limit": 2}, **STAFF).json()
    rest = client.get(f"dsar/{rid}/letters", params={"limit": 2, "cursor": first["next"]}, **STAFF).json()
    assert [i["id"] for i in first["items"] + rest["items"]] == [i["id"] for i in everything]
    assert len(everything) == 3 and rest["next"] is None
    with deps.store.connect() as conn:
        before = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    bad = client.get(f"dsar/{rid}/letters", params={"cursor": "bm9wZQ"}, **STAFF)
    assert bad.status == 422 and bad.json()["errors"][0]["field"] == "cursor"
    with deps.store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_events)).scalar_one() == before


def test_unknown_request_and_wrong_role(client, platform):
    assert client.get("dsar/00000000-0000-0000-0000-000000000000/letters", **STAFF).status == 404
    assert client.get("dsar/not-an-id/letters", **STAFF).status == 404
    assert client.get("dsar/00000000-0000-0000-0000-000000000000/letters", role="Ops.Engineer").status == 403
