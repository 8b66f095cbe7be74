"""The backups over HTTP: list, one manifest, verify; roles; problem+json for bad ids."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.backups.snapshot import take_snapshot
from shared.backups.tables import backup_checks
from shared.storage import BACKUPS
from tests.support.backups import DEBTOR_EMAIL, flip_byte, prepare


@pytest.fixture
def seeded(blob_deps):
    return prepare(blob_deps)


@pytest.fixture
def snap(seeded):
    return take_snapshot(seeded)


def _checks(deps) -> int:
    with deps.store.connect() as c:
        return c.execute(select(func.count()).select_from(backup_checks)).scalar()


def test_list_shows_complete_snapshots_with_their_figures(client, seeded, snap):
    resp = client.get("backups", role="Ops.Engineer")
    assert resp.status == 200
    body = resp.json()
    assert [i["id"] for i in body["items"]] == [snap["id"]] and body["next"] is None
    item = body["items"][0]
    assert item["rows"] == snap["totals"]["rows"] and item["parts"] == len(snap["parts"])
    assert item["size_bytes"] == snap["totals"]["bytes"] and item["verified"] is None
    assert item["taken_at"].endswith("+00:00") and item["key_id"] == "env:PRIVACY_SECRET_BACKUP_KEY"


def test_get_one_snapshot_lists_its_parts_without_personal_data(client, seeded, snap):
    resp = client.get(f"backups/{snap['id']}", role="Privacy.Officer")
    assert resp.status == 200
    body = resp.json()
    parts = {p["name"]: p for p in body["part_list"]}
    assert parts["platform/debtors"]["rows"] == 2 and len(parts["platform/debtors"]["sha256"]) == 64
    assert body["dialects"]["platform"] == seeded.platform.dialect.name
    assert DEBTOR_EMAIL.encode() not in resp.body


def test_verify_ok_is_recorded_and_shown_in_the_list(client, seeded, snap):
    resp = client.post(f"backups/{snap['id']}/verify", role="Ops.Engineer")
    assert resp.status == 200
    assert resp.json() == {"id": snap["id"], "ok": True, "bad_parts": []}
    verified = client.get("backups", role="Ops.Engineer").json()["items"][0]["verified"]
    assert verified["ok"] is True and verified["kind"] == "verify"
    with seeded.store.connect() as c:
        actions = [a for (a,) in c.execute(select(audit_events.c.action).where(audit_events.c.object_id == snap["id"]))]
    assert "backup.verify" in actions


def test_verify_names_the_tampered_part(client, seeded, snap):
    part = next(p for p in snap["parts"] if p["name"] == "platform/payments")
    flip_byte(seeded, part["blob"], 20)
    body = client.post(f"backups/{snap['id']}/verify", role="Privacy.Officer").json()
    assert body["ok"] is False
    assert [b["part"] for b in body["bad_parts"]] == ["platform/payments"]
    assert "authentication" in body["bad_parts"][0]["reason"]


def test_verify_names_a_deleted_part(client, seeded, snap):
    part = next(p for p in snap["parts"] if p["name"] == "store/erasure_ledger")
    seeded.blobs.delete(BACKUPS, part["blob"])
    body = client.post(f"backups/{snap['id']}/verify", role="Ops.Engineer").json()
    assert body["bad_parts"] == [{"part": "store/erasure_ledger", "reason": "missing"}]


@pytest.mark.parametrize("sid", ["20200101T000000Z-abcdef", "not-an-id", "20200101T000000Z-ABCDEF"])
@pytest.mark.parametrize("route", ["get", "verify"])
def test_unknown_or_malformed_ids_are_404_and_change_nothing(client, seeded, snap, sid, route):
    before = _checks(seeded)
    resp = (client.get(f"backups/{sid}", role="Ops.Engineer") if route == "get"
            else client.post(f"backups/{sid}/verify", role="Ops.Engineer"))
    assert resp.status == 404
    assert resp.header("Content-Type").startswith("application/problem+json")
    assert resp.json()["title"] == "Not found"
    assert _checks(seeded) == before


def test_an_incomplete_snapshot_is_a_422_problem(client, seeded, snap):
    seeded.blobs.delete(BACKUPS, f"{snap['id']}/manifest.json")
    before = _checks(seeded)
    resp = client.post(f"backups/{snap['id']}/verify", role="Ops.Engineer")
    assert resp.status == 422 and "incomplete" in resp.json()["detail"]
    assert client.get("backups", role="Ops.Engineer").json() == {"items": [], "next": None}  # never listed
    assert _checks(seeded) == before


@pytest.mark.parametrize("role", ["Privacy.Staff", "Client.Admin", "Privacy.Subject"])
def test_other_roles_are_403(client, seeded, snap, role):
    for resp in (client.get("backups", role=role, client_id=1, email="a@b.nl"),
                 client.get(f"backups/{snap['id']}", role=role, client_id=1, email="a@b.nl"),
                 client.post(f"backups/{snap['id']}/verify", role=role, client_id=1, email="a@b.nl")):
        assert resp.status == 403
