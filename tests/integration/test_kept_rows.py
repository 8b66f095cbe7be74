"""Rows kept for a duty after an erasure or an exit carry their duty and end date, and the sweep
erases them once that duty ended: the clock is set forward between the steps."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from shared.datamap.discovery import table
from shared.ledger import erasure_ledger
from shared.restrictions import restrictions
from tests.support.dsar import STAFF, ready, rows_of
from tests.support.dsar_platform import JAN
from tests.support.retention_world import sweep_at


def kept(deps, request_id: str) -> dict[tuple[str, int], tuple[str, date | None, bool]]:
    r = restrictions.c
    with deps.store.connect() as conn:
        return {(x.table_name, x.row_id): (x.duty, x.keep_until, x.lifted_at is None) for x in
                conn.execute(select(r.table_name, r.row_id, r.duty, r.keep_until, r.lifted_at)
                             .where(r.request_id == request_id))}


def test_an_erased_debtors_kept_rows_go_when_their_duty_ends(client, blob_deps, platform, deps, clock):
    rid = ready(client, "erasure", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    marks = kept(deps, rid)
    # payment 1 (paid 1 August 2024): the fiscal term ends 1 January 2032; closed consumer file 101
    # (closed 1 January 2025): the Bki floor ends 1 January 2027; open file 102: while the claim runs
    assert marks[("payments", 1)] == ("fiscal", date(2032, 1, 1), True)
    assert marks[("dossiers", 101)] == ("bki_floor", date(2027, 1, 1), True)
    assert marks[("dossiers", 102)] == ("legal_claim", None, True)
    assert marks[("debtors", 1)] == ("legal_claim", None, True)

    ev = sweep_at(deps, clock, datetime(2027, 1, 1, 2, 30, tzinfo=UTC))
    assert ev["kept_rows"]["released"]["bki_floor"] >= 2  # file 101 and its letter, contact, document
    assert 101 not in rows_of(deps, "letters") and rows_of(deps, "documents") == []
    assert 1 in rows_of(deps, "payments") and 102 in rows_of(deps, "dossiers")
    assert kept(deps, rid)[("dossiers", 101)][2] is False  # lifted

    # The creditor settles the open claim in 2028: the file, then kept by the Bki floor, goes in 2030.
    with deps.platform.begin() as conn:
        d = table("dossiers")
        conn.execute(update(d).where(d.c.id == 102).values(status="paid", closed_on=date(2028, 3, 1)))
    sweep_at(deps, clock, datetime(2028, 3, 2, 2, 30, tzinfo=UTC))
    assert kept(deps, rid)[("dossiers", 102)] == ("bki_floor", date(2030, 3, 1), True)
    sweep_at(deps, clock, datetime(2030, 3, 1, 2, 30, tzinfo=UTC))
    assert 102 not in rows_of(deps, "letters")
    assert kept(deps, rid)[("debtors", 1)][2] is False

    # The payment goes when its fiscal term has passed, with its ledger entry as evidence.
    ev = sweep_at(deps, clock, datetime(2031, 12, 31, 2, 30, tzinfo=UTC))
    assert 1 in rows_of(deps, "payments")
    ev = sweep_at(deps, clock, datetime(2032, 1, 1, 2, 30, tzinfo=UTC))
    assert 1 not in rows_of(deps, "payments")
    assert ev["kept_rows"]["deleted"].get("payments") == 1 and ev["kept_rows"]["released"]["fiscal"] == 1
    with deps.store.connect() as conn:
        rules = {(e.table_name, e.rule) for e in conn.execute(select(erasure_ledger))}
    assert ("payments", "kept_duty_ended") in rules
    assert not [k for k, v in kept(deps, rid).items() if v[2]]  # nothing is kept any more


def test_a_longer_fiscal_policy_keeps_the_payment_longer(client, blob_deps, platform, deps, clock):
    rid = ready(client, "erasure", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    officer = {"role": "Privacy.Officer"}
    assert client.put("retention/policies/fiscal_7y", {"period_months": 120}, **officer).status == 200
    sweep_at(deps, clock, datetime(2032, 1, 1, 2, 30, tzinfo=UTC))
    assert 1 in rows_of(deps, "payments")
    assert kept(deps, rid)[("payments", 1)] == ("fiscal", date(2035, 1, 1), True)


def test_an_exited_clients_kept_invoices_go_after_their_fiscal_term(client, world, clock):
    from shared.retention.rules import fiscal_due
    from tests.support.exit_data import EFFECTIVE, at_amsterdam_day, client_rows, notice, run_exit_processing

    deps, _, _ = world
    notice(client, clock)
    clock.set(at_amsterdam_day(EFFECTIVE))
    assert run_exit_processing(deps)["evidence"]["destroyed"] == 1
    with deps.platform.connect() as conn:
        invoices = client_rows(conn, 1, "client_invoices")
        payments = client_rows(conn, 1, "payments")
    assert invoices and payments
    last_end = max(fiscal_due(r["issued_on"]) for r in invoices)
    with deps.store.connect() as conn:
        ends = {r.keep_until for r in conn.execute(select(restrictions).where(
            restrictions.c.table_name == "client_invoices", restrictions.c.lifted_at.is_(None)))}
    assert max(ends) == last_end  # each kept invoice records the end of its own fiscal term

    day_before = at_amsterdam_day(date.fromordinal(last_end.toordinal() - 1))
    sweep_at(deps, clock, day_before)
    with deps.platform.connect() as conn:
        assert client_rows(conn, 1, "client_invoices")  # the latest invoice is still within its term
    ev = sweep_at(deps, clock, at_amsterdam_day(last_end))
    with deps.platform.connect() as conn:
        assert client_rows(conn, 1, "client_invoices") == []
    assert ev["kept_rows"]["released"]["fiscal"] >= 1
    sweep_at(deps, clock, at_amsterdam_day(max(fiscal_due(r["paid_on"]) for r in payments)))
    with deps.platform.connect() as conn:
        assert client_rows(conn, 1, "payments") == []  # the payments after their own term


@pytest.fixture
def world(blob_deps):
    from tests.support.exit_data import two_clients_with_files

    return two_clients_with_files(blob_deps)


def test_an_access_package_is_deleted_after_its_days(client, blob_deps, platform, deps, clock):
    from tests.integration.test_dsar_lifecycle import read_zip
    from tests.support.dsar_platform import JAN

    rid = ready(client, "access", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    read_zip(blob_deps, client, rid, role="Client.Admin", client_id=1)  # there, and downloadable
    ev = sweep_at(deps, clock, datetime(2026, 12, 20, 2, 30, tzinfo=UTC))
    assert ev["access_packages"]["deleted"] == 0
    ev = sweep_at(deps, clock, datetime(2026, 12, 25, 2, 30, tzinfo=UTC))  # 30 days after completion
    assert ev["access_packages"]["deleted"] == 1
    gone = client.get(f"dsar/{rid}/export", role="Client.Admin", client_id=1)
    assert gone.status == 410, gone.body
