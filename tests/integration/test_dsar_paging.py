"""The work list (`GET /dsar`) in keyset pages by due date, then id: every request exactly once
across the pages, the filters kept, a request closed between two pages leaves no gap, and a cursor
the API did not give out is a 422 problem that reads nothing."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, update

from shared.audit import audit_events
from shared.dsar.tables import dsar_requests

STAFF = {"role": "Privacy.Staff"}
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def seed(deps, n: int = 23) -> list[dict]:
    """n requests over four due dates (so most share theirs with others: the id breaks the tie),
    of two clients and Incassotool's own, of two types, open but for every fifth."""
    rows = []
    for i in range(n):
        client_id = (1, 2, None)[i % 3]
        rows.append({"id": str(uuid.uuid4()), "type": ("access", "erasure")[i % 2],
                     "status": "completed" if i % 5 == 0 else "received", "subject_email": f"s{i}@example.nl",
                     "client_id": client_id, "deadline_owner": "incassotool" if client_id is None else "controller",
                     "channel": "email", "received_at": AT, "target_date": date(2026, 11, 20),
                     "due_date": date(2026, 12, 1) + timedelta(days=i % 4), "created_at": AT, "created_by": "test",
                     "created_role": "Privacy.Staff", "updated_at": AT})
    with deps.store.begin() as conn:
        conn.execute(insert(dsar_requests), rows)
    return rows


def every_page(client, params: dict, **who) -> tuple[list[dict], int]:
    items, cursor, pages = [], None, 0
    while True:
        body = client.get("dsar", params={**params, **({"cursor": cursor} if cursor else {})}, **who).json()
        items += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return items, pages


def in_order(rows: list[dict]) -> list[str]:
    return [r["id"] for r in sorted(rows, key=lambda r: (r["due_date"], r["id"]))]


def test_pages_hold_every_request_once_by_due_date_then_id(client, deps):
    rows = seed(deps)
    items, pages = every_page(client, {"limit": 5}, **STAFF)
    assert pages == 5  # 23 requests, 5 a page
    assert [i["id"] for i in items] == in_order(rows)
    assert [i["due_date"] for i in items] == sorted(i["due_date"] for i in items)


@pytest.mark.parametrize(("params", "who", "keep"), [
    ({"group": "open"}, STAFF, lambda r: r["status"] == "received"),
    ({"type": "erasure", "group": "closed"}, STAFF, lambda r: r["type"] == "erasure" and r["status"] == "completed"),
    ({}, {"role": "Client.Admin", "client_id": 2}, lambda r: r["client_id"] == 2),
])
def test_pages_keep_the_filters_and_the_callers_reach(client, deps, params, who, keep):
    rows = seed(deps)
    items, _ = every_page(client, {**params, "limit": 3}, **who)
    assert [i["id"] for i in items] == in_order([r for r in rows if keep(r)])


def test_a_request_closed_between_two_pages_leaves_no_gap(client, deps):
    """An offset would skip a row here: the first page's rows move out of the open group."""
    rows = seed(deps)
    first = client.get("dsar", params={"group": "open", "limit": 4}, **STAFF).json()
    with deps.store.begin() as conn:
        conn.execute(update(dsar_requests).where(dsar_requests.c.id.in_([i["id"] for i in first["items"][:2]]))
                     .values(status="completed"))
    rest, _ = every_page(client, {"group": "open", "limit": 4, "cursor": first["next"]}, **STAFF)
    expected = in_order([r for r in rows if r["status"] == "received"])
    assert [i["id"] for i in first["items"] + rest] == expected


def cursor_of(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "bm9wZQ",  # "nope"
    "%%%",
    cursor_of(["2026-12-01T00:00:00+00:00", "a"]),  # a timestamp cursor (another list's), not a due date
    cursor_of(["2026-13-01", "a"]),
    cursor_of(["2026-12-01", 7]),
    cursor_of({"due": "2026-12-01"}),
    "A" * 201,
])
def test_a_cursor_the_api_did_not_give_out_is_a_422_and_reads_nothing(client, deps, cursor):
    seed(deps, 3)
    with deps.store.connect() as conn:
        before = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    resp = client.get("dsar", params={"cursor": cursor}, **STAFF)
    assert resp.status == 422, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json")
    assert resp.json()["errors"][0]["field"] == "cursor"
    with deps.store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_events)).scalar_one() == before
