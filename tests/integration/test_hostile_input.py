"""Hostile input on every route gives a 4xx problem+json, never a 5xx, and changes nothing:
ids out of range in paths and bodies, deep and huge JSON, integers past 4,300 digits, datetimes
at the edge of the calendar."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.http.routes import ROUTES
from shared.identity.roles import PRECEDENCE

HUGE = "9" * 4400
BAD_IDS = ["0", "-1", "2147483648", str(2**63), HUGE, "1e3", "%20", "abc", "1.5", "٣"]
# JSON texts of values: ids past 32 bits, integers past 4,300 digits, datetimes at the calendar's edges
BAD_VALUES = [str(2**31), str(2**63), "1" + "0" * 4400, '"0001-01-01T00:00:00+14:00"', '"9999-12-31T23:59:59-14:00"',
              '"0001-01-01"', "1e308", "-1", "[]", '"' + "x" * 5000 + '"']


def body_fields(name: str) -> list[str]:
    """The fields of the route's body model (and of its nested models), from the registered function."""
    from devtools.app_index import index
    from function_app import app
    from shared.http.api import api_spec

    spec = next(api_spec(f.fn) for f in index(app) if f.name == name)
    return sorted(spec.body.model_fields) if spec and spec.body else ["client_id"]
tried = refused = 0


def role_for(name: str) -> str:
    return str(next(r for r in PRECEDENCE if r in ROUTES[name].roles))


def claims(name: str) -> dict:
    role = role_for(name)
    return {"role": role, "client_id": 1, "email": "jan@example.nl", "mfa": role != "Privacy.Subject"}


def call(client, name: str, path: str, body: bytes | None = None, params: dict | None = None):
    global tried, refused
    route = ROUTES[name]
    resp = client.request(route.method, path, body=body, params=params, headers={"Content-Type": "application/json"},
                          **claims(name))
    tried += 1
    refused += 400 <= resp.status < 500
    assert resp.status < 500, (name, path, (body or b"")[:200], resp.body[:500])
    if resp.status >= 400:
        assert resp.header("content-type").startswith("application/problem+json"), (name, resp.headers)
    return resp


def audit_count(deps) -> int:
    """Events of changes: refused attempts are audited too (access.refused), and that is no change."""
    with deps.store.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_events)
                            .where(audit_events.c.action.not_like("access.%"))).scalar_one()


PARAM_ROUTES = [n for n, r in ROUTES.items() if "{" in r.path and not r.public]
BODY_ROUTES = [n for n, r in ROUTES.items() if r.method in ("POST", "PUT", "PATCH") and not r.public]


@pytest.mark.parametrize("name", PARAM_ROUTES)
def test_ids_out_of_range_in_the_path(client, deps, name):
    for bad in BAD_IDS:
        path = re.sub(r"\{[^}]+\}", bad, ROUTES[name].path)
        call(client, name, path, b"{}" if ROUTES[name].method != "GET" else None)


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("name", BODY_ROUTES)
def test_hostile_bodies(client, deps, name):
    path = re.sub(r"\{[^}]+\}", "1", ROUTES[name].path)
    before, accepted = audit_count(deps), 0
    for body in [nested(100_000), b"[" * 100_000 + b"]" * 100_000, nested(40), b'{"x": ' + HUGE.encode() + b"}",
                 b'{"client_id": ' + HUGE.encode() + b"}", b'"' + b"a" * 900_000 + b'"', b"1e400", b"NaN",
                 b'{"a": "\\ud800"}', b"\xff\xfe"]:
        resp = call(client, name, path, body)
        assert resp.status != 201
    for field in body_fields(name):
        for value in BAD_VALUES:
            accepted += call(client, name, path, f'{{"{field}": {value}}}'.encode()).status < 300
    if not accepted:  # some routes take a body of optional fields: {"x": ...} can be a fine request
        assert audit_count(deps) == before


def test_post_exits_with_an_id_past_32_bits(client, deps):
    for cid in [2**31, 2**63, 10**30]:
        resp = call(client, "exit_create", "exits", f'{{"client_id": {cid}, "choice": "export"}}'.encode())
        assert resp.status == 422


@pytest.mark.parametrize("name", [n for n, r in ROUTES.items() if r.method == "GET" and not r.public])
def test_hostile_query_strings(client, blob_deps, name):
    path = re.sub(r"\{[^}]+\}", "1", ROUTES[name].path)
    for key in ["limit", "cursor", "client_id", "since", "format", "download", "status"]:
        for value in ["-1", HUGE, str(2**63), "0001-01-01T00:00:00+14:00", "x" * 3000]:
            call(client, name, path, params={key: value})


def test_report_counts():
    print(f"\nhostile input: {tried} requests tried, {refused} refused with a 4xx, 0 server errors")


@pytest.mark.parametrize("received_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                                         "1899-12-31T23:00:00+00:00"])
def test_a_datetime_at_the_edge_of_the_calendar_is_a_422_naming_its_field(client, deps, received_at):
    body = {"type": "access", "subject": {"email": "jan@example.nl"}, "received_at": received_at}
    resp = client.post("dsar", body, role="Privacy.Staff")
    assert resp.status == 422, resp.body
    assert [e["field"] for e in resp.json()["errors"]] == ["received_at"]
    assert audit_count(deps) == 0


def test_a_client_id_of_2_to_the_63_is_a_422(client, deps):
    resp = client.post("dsar", {"type": "access", "subject": {"email": "jan@example.nl"}, "client_id": 2**63},
                       role="Privacy.Staff")
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "client_id"
