"""Client isolation in the data, not only at the door: every route a Client.Admin or a portal
subject can call is tried against another client's or subject's records, and answers 404
without changing anything."""

import pytest
from sqlalchemy import func, select

from devtools.demo_data import generate
from shared.audit import audit_events
from shared.dsar.tables import dsar_requests
from shared.exits.tables import exits

DEBTOR = "demo.debiteur@example.com"  # a debtor at clients 1 and 2 in the demo data
CLIENT_A, CLIENT_B = 1, 2
ADMIN = "Client.Admin"


@pytest.fixture
def world(client, deps):
    generate(deps.platform, subjects=40, seed=3)
    req = client.post("dsar", {"type": "access", "subject": {"email": DEBTOR}, "client_id": CLIENT_A},
                      role=ADMIN, client_id=CLIENT_A)
    assert req.status == 201, req.body
    ex = client.post("exits", {"client_id": CLIENT_A, "choice": "retain"}, role=ADMIN, client_id=CLIENT_A)
    assert ex.status == 201, ex.body
    return {"dsar": req.json()["id"], "exit": ex.json()["id"]}


def snapshot(deps):
    with deps.store.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (dsar_requests, exits)} | {
            "dsar_rows": conn.execute(select(dsar_requests)).all(),
            "exit_rows": conn.execute(select(exits)).all()}


def other_client_calls(ids):
    d, e = ids["dsar"], ids["exit"]
    return [
        ("GET", f"dsar/{d}", None),
        ("POST", f"dsar/{d}/verify", {"method": "dossier_number_postcode", "dossier_reference": "D1",
                                      "postcode": "1234 AB"}),
        ("POST", f"dsar/{d}/decision", {"admissible": True, "reason": "toelaatbaar"}),
        ("POST", f"dsar/{d}/extend", {"reason": "complex verzoek"}),
        ("POST", f"dsar/{d}/complete", {}),
        ("POST", f"dsar/{d}/reject", {"ground": "excessive", "reason": "te vaak gevraagd"}),
        ("GET", f"dsar/{d}/export", None),
        ("GET", f"dsar/{d}/letters", None),
        ("GET", f"exits/{e}", None),
        ("PATCH", f"exits/{e}", {"choice": "delete"}),
        ("POST", f"exits/{e}/cancel", {}),
        ("GET", f"exits/{e}/export", None),
        ("POST", f"viewer-accounts/{CLIENT_A}/renew", {}),
        ("POST", "exits", {"client_id": CLIENT_A, "choice": "delete"}),
    ]


def test_a_client_admin_never_reaches_another_clients_records(client, deps, world):
    before = snapshot(deps)
    for method, path, body in other_client_calls(world):
        resp = client.request(method, path, json_body=body, role=ADMIN, client_id=CLIENT_B)
        assert resp.status == 404, f"{method} {path} answered {resp.status} to another client"
        assert resp.header("Content-Type").startswith("application/problem+json")
    assert snapshot(deps) == before


def test_lists_show_only_the_callers_own_records(client, world):
    own = client.get("dsar", role=ADMIN, client_id=CLIENT_A).json()
    other = client.get("dsar", role=ADMIN, client_id=CLIENT_B).json()
    ids = lambda body: {item["id"] for item in (body["items"] if isinstance(body, dict) else body)}  # noqa: E731
    assert world["dsar"] in ids(own)
    assert world["dsar"] not in ids(other)


def test_a_subject_never_reaches_another_subjects_request(client, deps, world):
    with deps.store.connect() as conn:
        events_before = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    for path in (f"dsar/{world['dsar']}", f"dsar/{world['dsar']}/export"):
        resp = client.get(path, role="Privacy.Subject", email="someone.else@example.com")
        assert resp.status == 404, path
    listing = client.get("dsar", role="Privacy.Subject", email="someone.else@example.com").json()
    items = listing["items"] if isinstance(listing, dict) else listing
    assert items == []
    mine = client.get(f"dsar/{world['dsar']}", role="Privacy.Subject", email=DEBTOR)
    assert mine.status == 200
    with deps.store.connect() as conn:
        new = conn.execute(select(audit_events.c.action, audit_events.c.object_id)
                           .where(audit_events.c.seq > events_before)).all()
    # Refused reads are audited as refusals (ids only); the (empty) list and the subject's own read too.
    assert sorted(new) == sorted([("access.refused", world["dsar"]), ("access.refused", world["dsar"]),
                                  ("dsar.list", "*"), ("dsar.read", world["dsar"])])


def test_a_subject_sees_only_their_own_data(client, world):
    me = client.get("me/data", role="Privacy.Subject", email=DEBTOR)
    assert me.status == 200
    body = me.body.decode()
    assert DEBTOR in body
    other = client.get("me/data", role="Privacy.Subject", email="demo.prospect@example.com")
    assert DEBTOR not in other.body.decode()
