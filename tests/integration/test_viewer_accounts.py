"""A retain exit becomes a read-only viewer account with its yearly fee; renewal, the warning
before it, the roll-over into a paid next year, and the lapse that destroys the data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from shared.exits.tables import viewer_accounts
from shared.letters import outbox
from shared.platform.schema import client_invoices, client_users, clients
from shared.storage import DOCUMENTS
from tests.support.audit import change_events
from tests.support.exit_data import at_amsterdam_day, client_counts, run_exit_processing, seed_client

ADMIN, STAFF = "Client.Admin", "Privacy.Staff"
NOTICE = datetime(2026, 1, 10, 9, tzinfo=UTC)
EFFECTIVE = date(2026, 3, 11)
YEAR_END = date(2027, 3, 10)


@pytest.fixture
def viewer(client, blob_deps, clock):
    """Client 1 gave notice with the choice retain, and the effective date has been processed."""
    deps = blob_deps
    with deps.platform.begin() as conn:
        one = seed_client(conn, 1, debtors=1)
        seed_client(conn, 2, debtors=1)
    for path in one.blob_paths:
        deps.blobs.upload(DOCUMENTS, path, b"%PDF-", overwrite=True)
    clock.set(NOTICE)
    made = client.post("exits", {"client_id": 1, "choice": "retain"}, role=ADMIN, client_id=1).json()
    clock.set(at_amsterdam_day(EFFECTIVE))
    run = run_exit_processing(deps)
    assert run["evidence"]["converted"] == 1
    return deps, one, made["id"]


def snapshot(deps) -> dict:
    with deps.store.connect() as conn:
        state = {"viewers": [tuple(r) for r in conn.execute(select(viewer_accounts))],
                 "letters": conn.execute(select(func.count()).select_from(outbox)).scalar(),
                 "audit": change_events(conn)}
    with deps.platform.connect() as conn:
        state["invoices"] = [tuple(r) for r in conn.execute(select(client_invoices).order_by(client_invoices.c.id))]
    return state


def invoice(deps, number: str):
    with deps.platform.connect() as conn:
        return conn.execute(select(client_invoices).where(client_invoices.c.number == number)).first()


def pay(deps, number: str, on: date) -> None:
    with deps.platform.begin() as conn:
        conn.execute(update(client_invoices).where(client_invoices.c.number == number).values(paid_on=on))


def test_retain_exit_becomes_a_read_only_viewer_account_with_its_fee(client, viewer):
    deps, one, exit_id = viewer
    with deps.platform.connect() as conn:
        users = conn.execute(select(client_users.c.can_write).where(client_users.c.client_id == 1)).all()
        row = conn.execute(select(clients).where(clients.c.id == 1)).one()
        other = conn.execute(select(client_users.c.can_write).where(client_users.c.client_id == 2)).all()
        counts = client_counts(conn, 1)
    assert users and all(not u.can_write for u in users)
    assert all(o.can_write for o in other)
    assert row.read_only is True and row.status == "ended" and row.relationship_ended_on == EFFECTIVE
    assert row.email == "info@client1.nl"  # nothing destroyed
    assert {k: v for k, v in counts.items() if k != "client_invoices"} == \
        {k: v for k, v in one.rows.items() if k != "client_invoices"}
    fee = invoice(deps, "VA20260311-1")
    assert fee.amount == Decimal("150.00") and fee.vat_amount == Decimal("31.50") and fee.client_id == 1
    assert fee.issued_on == EFFECTIVE and fee.paid_on is None

    got = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()
    assert got["status"] == "converted_to_viewer"
    listed = client.get("viewer-accounts", role=STAFF).json()["items"]
    assert [(v["client_id"], v["status"], v["period_start"], v["period_end"], v["fee_invoice"]) for v in listed] == \
        [(1, "active", "2026-03-11", "2027-03-10", "VA20260311-1")]
    assert (listed[0]["fee_amount"], listed[0]["fee_vat"]) == ("150.00", "31.50")  # the fee, not just its number
    with deps.store.connect() as conn:
        letter = conn.execute(select(outbox).where(outbox.c.related_id == exit_id,
                                                   outbox.c.topic == "exit_viewer")).one()
    assert "inkijkaccount" in letter.body and "€ 181,50" in letter.body and "10 maart 2027" in letter.body
    # A viewer keeps its export until destruction.
    assert client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1).status == 200
    # A second run on the same night changes nothing.
    before = snapshot(deps)
    assert run_exit_processing(deps)["evidence"]["converted"] == 0
    assert snapshot(deps) == before


def test_warning_once_then_renewal_then_roll_over(client, viewer, clock):
    deps, _, _ = viewer
    clock.set(at_amsterdam_day(date(2027, 2, 1)))  # 37 days before the year ends
    assert run_exit_processing(deps)["evidence"]["renewal_warnings"] == 0
    clock.set(at_amsterdam_day(date(2027, 2, 8)))  # 30 days before
    assert run_exit_processing(deps)["evidence"]["renewal_warnings"] == 1
    assert run_exit_processing(deps)["evidence"]["renewal_warnings"] == 0

    renewed = client.post("viewer-accounts/1/renew", role=ADMIN, client_id=1)
    assert renewed.status == 200, renewed.body
    assert renewed.json()["renewed_until"] == "2028-03-10"
    nxt = invoice(deps, "VA20270311-1")
    assert nxt.amount == Decimal("150.00") and nxt.vat_amount == Decimal("31.50")
    pay(deps, "VA20260311-1", date(2026, 3, 20))
    pay(deps, "VA20270311-1", date(2027, 3, 1))

    clock.set(at_amsterdam_day(date(2027, 3, 11)))
    run = run_exit_processing(deps)
    assert run["evidence"]["rolled_over"] == 1 and run["evidence"]["lapsed"] == 0
    listed = client.get("viewer-accounts", role=STAFF).json()["items"][0]
    assert (listed["status"], listed["period_start"], listed["period_end"]) == ("active", "2027-03-11", "2028-03-10")


def test_not_renewed_lapses_and_the_data_are_destroyed(client, viewer, clock):
    deps, one, exit_id = viewer
    pay(deps, "VA20260311-1", date(2026, 3, 20))
    clock.set(at_amsterdam_day(YEAR_END))
    assert run_exit_processing(deps)["evidence"]["lapsed"] == 0  # the last day still counts
    clock.set(at_amsterdam_day(date(2027, 3, 11)))
    run = run_exit_processing(deps)
    assert run["evidence"]["lapsed"] == 1
    got = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()
    assert got["status"] == "destroyed" and got["certificate"]["rule"] == "viewer_lapsed"
    assert "inkijkaccount niet verlengd" in got["certificate_text"]
    with deps.platform.connect() as conn:
        after = client_counts(conn, 1)
    assert after["client_users"] == 0 and after["contact_registrations"] == 0
    assert after["client_invoices"] == one.rows["client_invoices"] + 1  # the fee invoice is fiscal: kept
    listed = client.get("viewer-accounts", role=STAFF).json()["items"][0]
    assert listed["status"] == "lapsed"
    before = snapshot(deps)
    resp = client.post("viewer-accounts/1/renew", role=STAFF)
    assert resp.status == 422 and resp.json()["detail"]
    assert snapshot(deps) == before


def test_renewed_but_unpaid_lapses(client, viewer, clock):
    deps, _, _ = viewer
    pay(deps, "VA20260311-1", date(2026, 3, 20))
    client.post("viewer-accounts/1/renew", role=STAFF)
    clock.set(at_amsterdam_day(date(2027, 3, 11)))
    assert run_exit_processing(deps)["evidence"]["lapsed"] == 1


@pytest.mark.parametrize("path, claims, status", [
    ("viewer-accounts/2/renew", {"role": ADMIN, "client_id": 1}, 404),  # another client's
    ("viewer-accounts/2/renew", {"role": STAFF}, 404),  # client 2 has no viewer account
    ("viewer-accounts/999/renew", {"role": STAFF}, 404),
    ("viewer-accounts/abc/renew", {"role": STAFF}, 404),
])
def test_bad_renewals_change_nothing(client, viewer, path, claims, status):
    deps, _, _ = viewer
    before = snapshot(deps)
    resp = client.post(path, **claims)
    assert resp.status == status and resp.json()["status"] == status
    assert snapshot(deps) == before


def test_renewing_twice_is_a_409_and_changes_nothing(client, viewer):
    deps, _, _ = viewer
    assert client.post("viewer-accounts/1/renew", role=ADMIN, client_id=1).status == 200
    before = snapshot(deps)
    resp = client.post("viewer-accounts/1/renew", role=ADMIN, client_id=1)
    assert resp.status == 409 and resp.json()["invoice"] == "VA20270311-1"
    assert snapshot(deps) == before


def test_an_ended_client_cannot_give_notice_again(client, viewer):
    deps, _, _ = viewer
    before = snapshot(deps)
    resp = client.post("exits", {"client_id": 1, "choice": "delete"}, role=ADMIN, client_id=1)
    assert resp.status == 422 and "ended" in resp.json()["detail"]
    assert snapshot(deps) == before
