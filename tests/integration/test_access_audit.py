"""Every read of personal data and every refused attempt on an object route leaves an audit event
with ids only: who, which route, which id, the status."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.http.routes import AUDITED_READS, ROUTES
from shared.identity.roles import PRECEDENCE
from tests.support.exit_data import seed_client


@pytest.fixture
def world(blob_deps):
    with blob_deps.platform.begin() as conn:
        seed_client(conn, 1, debtors=1)
        seed_client(conn, 2, debtors=1)
    return blob_deps


def events(deps, action: str) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(audit_events).where(audit_events.c.action == action)
                            .order_by(audit_events.c.seq)).all()


def give_notice(client) -> str:
    resp = client.post("exits", {"client_id": 1, "choice": "delete"}, role="Client.Admin", client_id=1)
    assert resp.status == 201, resp.body
    return resp.json()["id"]


@pytest.mark.parametrize("name", sorted(AUDITED_READS))
def test_each_read_of_personal_data_is_audited(client, world, name):
    route = ROUTES[name]
    role = str(next(r for r in PRECEDENCE if r in route.roles))
    path = route.path
    if "{" in path:
        target = give_notice(client) if name == "exit_get" else None
        if target is None:
            pytest.skip(f"{name}: a read of one object needs that object; its refusal is tested below")
        path = re.sub(r"\{[^}]+\}", target, path)
    resp = client.get(path, role=role, client_id=1)
    assert resp.status == 200, resp.body
    [event] = [e for e in events(world, "access.read") if e.object_type == name]
    assert event.actor_role == role and event.details == {"status": 200}


def test_refusals_on_object_routes_are_audited_with_ids_only(client, world):
    exit_id = give_notice(client)
    assert client.get(f"exits/{exit_id}").status == 401  # no token
    assert client.get(f"exits/{exit_id}", role="Privacy.Subject", email="jan@example.nl", mfa=False).status == 403
    assert client.get(f"exits/{exit_id}", role="Client.Admin", client_id=2).status == 404  # another client's exit
    assert client.get("dsar/jan.jansen@example.nl", role="Privacy.Officer").status == 404  # an address as id
    refused = events(world, "access.refused")
    assert [(e.object_type, e.object_id, e.details["status"]) for e in refused] == [
        ("exit_get", exit_id, 401), ("exit_get", exit_id, 403), ("exit_get", exit_id, 404), ("dsar_get", "-", 404)]
    assert refused[0].actor_oid == "anonymous" and refused[2].actor_role == "Client.Admin"
    with world.store.connect() as conn:
        everything = " ".join(str(tuple(r)) for r in conn.execute(select(audit_events)))
    assert "@" not in everything and "jan" not in everything


def test_a_refused_list_route_is_not_an_object_route(client, world):
    assert client.get("breaches").status == 401
    assert events(world, "access.refused") == []
