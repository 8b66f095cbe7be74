"""Legal holds over HTTP: placed by staff, listed, lifted by the officer (audited), and what the
sweep keeps while a hold is active."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.holds import legal_holds
from tests.support.retention_world import NOW, fill_world, present, sweep

OFFICER, STAFF, CLIENT = "Privacy.Officer", "Privacy.Staff", "Client.Admin"


@pytest.fixture
def world(blob_deps, clock):
    clock.set(NOW)
    return fill_world(blob_deps, holds=False)


def holds_stored(deps) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(legal_holds)).scalar_one()


def actions(deps) -> list[str]:
    with deps.store.connect() as conn:
        return [a for (a,) in conn.execute(select(audit_events.c.action).order_by(audit_events.c.seq))]


def test_a_hold_on_a_subject_keeps_their_files_until_it_is_lifted(client, deps, world):
    placed = client.post("legal-holds", {"reason": "Procedure rechtbank", "subject": {"email": " Closer@Debiteur.NL "}},
                         role=STAFF)
    assert placed.status == 201, placed.body
    hold = placed.json()
    assert hold["subject"] == {"email": "closer@debiteur.nl"} and hold["active"] is True

    kept = sweep(deps)
    assert {"closed_due", "closed_due.letter", "closed_due.document", "closer"} <= present(deps, world)
    assert kept["evidence"]["policies"]["collection_file_closed"]["skipped_hold"] == {"dossiers": 1}

    lifted = client.delete(f"legal-holds/{hold['id']}", role=OFFICER, json_body={"reason": "zaak afgerond"})
    assert lifted.status == 200 and lifted.json()["active"] is False and lifted.json()["lift_reason"] == "zaak afgerond"
    sweep(deps)
    assert {"closed_due", "closed_due.letter", "closed_due.document", "closer"}.isdisjoint(present(deps, world))
    assert actions(deps).count("legal_hold.placed") == 1 and actions(deps).count("legal_hold.lifted") == 1


def test_a_hold_on_a_client_keeps_every_row_of_that_client(client, deps, world):
    resp = client.post("legal-holds", {"reason": "Geschil", "client_id": world.ids["active"]}, role=OFFICER)
    assert resp.status == 201

    sweep(deps)

    left = present(deps, world)
    # Everything of the held client stays; other clients' and clientless rows still go.
    assert {"inv_due", "login_due", "closed_due", "open_due", "bare_due", "pay_due"} <= left
    assert {"p_expired", "ex_due.user", "staff_login_due"}.isdisjoint(left)


def test_a_hold_on_a_subject_within_one_client_covers_only_that_client(client, deps, world):
    other = client.post("legal-holds", {"reason": "andere klant", "subject": {"email": "closer@debiteur.nl"},
                                        "client_id": world.ids["ex_kept"]}, role=STAFF)
    same = client.post("legal-holds", {"reason": "zelfde klant", "subject": {"email": "opener@debiteur.nl"},
                                       "client_id": world.ids["active"]}, role=STAFF)
    assert other.status == same.status == 201

    sweep(deps)

    left = present(deps, world)
    assert "closed_due" not in left  # the closer's file is with another client than the held one
    assert {"open_due", "open_never_reminded"} <= left


def test_a_hold_on_a_client_user_keeps_that_user_of_an_ex_client(client, deps, world):
    client.post("legal-holds", {"reason": "arbeidsgeschil", "subject": {"email": "user@ex.nl"}}, role=STAFF)
    run = sweep(deps)
    assert {"ex_due.user", "ex_due.user.login"} <= present(deps, world)
    assert run["evidence"]["policies"]["ex_client_liability"]["skipped_hold"] == {"client_users": 1}


def test_holds_are_listed_with_a_filter(client, deps, world):
    a = client.post("legal-holds", {"reason": "hold a", "client_id": world.ids["active"]}, role=STAFF).json()
    client.post("legal-holds", {"reason": "hold b", "subject": {"email": "x@y.nl"}}, role=STAFF)
    client.delete(f"legal-holds/{a['id']}", role=OFFICER)

    everything = client.get("legal-holds", role=STAFF).json()["items"]
    active = client.get("legal-holds", role=STAFF, params={"active": "true"}).json()["items"]
    lifted = client.get("legal-holds", role=STAFF, params={"active": "false"}).json()["items"]

    assert len(everything) == 2
    assert [h["reason"] for h in active] == ["hold b"] and [h["reason"] for h in lifted] == ["hold a"]
    assert "legal_hold.listed" in actions(deps)


def test_bad_hold_requests_are_refused_and_store_nothing(client, deps, world):
    cases = [
        ({"reason": "geen scope"}, 422),
        ({"reason": "slecht adres", "subject": {"email": "geen-adres"}}, 422),
        ({"reason": "onbekende klant", "client_id": 999999}, 422),
        ({"reason": "nul", "client_id": 0}, 422),
        ({"subject": {"email": "a@b.nl"}}, 422),  # no reason
        ({"reason": "extra", "client_id": world.ids["active"], "until": "2030-01-01"}, 422),
    ]
    for body, status in cases:
        resp = client.post("legal-holds", body, role=OFFICER)
        assert resp.status == status, (body, resp.body)
        assert resp.header("Content-Type").startswith("application/problem+json")
        assert resp.json()["errors"], body
    assert client.post("legal-holds", {"reason": "klant", "client_id": world.ids["active"]}, role=CLIENT,
                       client_id=world.ids["active"]).status == 403
    assert client.post("legal-holds", {"reason": "zonder mfa", "client_id": 1}, role=STAFF, mfa=False).status == 401
    assert holds_stored(deps) == 0
    assert "legal_hold.placed" not in actions(deps)


def test_lifting_is_for_the_officer_once(client, deps, world):
    hold = client.post("legal-holds", {"reason": "geschil", "client_id": world.ids["active"]}, role=STAFF).json()

    assert client.delete(f"legal-holds/{hold['id']}", role=STAFF).status == 403
    assert client.delete("legal-holds/no-such-hold", role=OFFICER).status == 404
    assert client.delete(f"legal-holds/{hold['id']}", role=OFFICER, json_body={"colour": "x"}).status == 422
    assert client.get("legal-holds", role=STAFF, params={"active": "true"}).json()["items"][0]["id"] == hold["id"]

    assert client.delete(f"legal-holds/{hold['id']}", role=OFFICER).status == 200
    again = client.delete(f"legal-holds/{hold['id']}", role=OFFICER)
    assert again.status == 409 and again.json()["title"] == "Conflict"
    assert actions(deps).count("legal_hold.lifted") == 1
