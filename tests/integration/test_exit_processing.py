"""The nightly exit_processing timer for a delete exit: the 14-day reminder once, nothing before
the effective date, then destruction through the data map that keeps only fiscal records and
what a legal hold covers, with a certificate; idempotent, and resumable after a kill."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, insert, select, update

from shared.datamap import runner
from shared.datamap.erasure import ERASED_TEXT, anonymised_columns
from shared.datamap.platform_map import DATA_MAP
from shared.exits import destruction
from shared.holds import legal_holds
from shared.ledger import erasure_ledger
from shared.letters import outbox
from shared.platform.schema import clients
from shared.restrictions import restricted_ids
from shared.storage import DOCUMENTS, EXPORTS
from tests.support.exit_data import (
    ADMIN,
    EFFECTIVE,
    NOTICE,
    at_amsterdam_day,
    client_counts,
    client_rows,
    notice,
    run_exit_processing,
    seed_client,
    two_clients_with_files,
)

KEPT = {"client_invoices", "payments"}


@pytest.fixture
def world(blob_deps):
    return two_clients_with_files(blob_deps)


def letters_of(deps, exit_id: str) -> list[str]:
    with deps.store.connect() as conn:
        return [t for (t,) in conn.execute(select(outbox.c.topic).where(outbox.c.related_id == exit_id)
                                           .order_by(outbox.c.created_at))]


def ledger_count(deps, exit_id: str) -> int:
    with deps.store.connect() as conn:
        return conn.execute(select(func.coalesce(func.sum(erasure_ledger.c.row_count), 0))
                            .where(erasure_ledger.c.source_id == exit_id)).scalar()


def is_anonymous(value) -> bool:
    return value is None or value == ERASED_TEXT or str(value).startswith("pseudo-")


def personal_leftovers(deps, client_id: int, held: dict[str, set[int]] | None = None) -> dict[str, list[int]]:
    """Rows of the client, outside the kept fiscal tables and the held rows, that still hold a
    personal value in a column the data map erases."""
    held = held or {}
    found: dict[str, list[int]] = {}
    with deps.platform.connect() as conn:
        for tm in DATA_MAP.client_scoped():
            if tm.table in KEPT:
                continue
            for row in client_rows(conn, client_id, tm.table):
                if row["id"] in held.get(tm.table, set()):
                    continue
                if not all(is_anonymous(row[c]) for c in anonymised_columns(tm)):
                    found.setdefault(tm.table, []).append(row["id"])
    return found


def test_delete_exit_end_to_end(client, world, clock):
    deps, one, two = world
    made = notice(client, clock)
    exit_id = made["id"]

    clock.set(datetime(2026, 2, 20, 3, tzinfo=UTC))  # 19 days before: no reminder yet
    run_exit_processing(deps)
    assert letters_of(deps, exit_id) == ["exit_notice"]
    clock.set(at_amsterdam_day(date(2026, 2, 25)))  # 14 days before
    first = run_exit_processing(deps)
    run_exit_processing(deps)  # the timer fired twice: still one reminder
    assert first["evidence"]["reminders"] == 1
    assert letters_of(deps, exit_id) == ["exit_notice", "exit_reminder"]

    clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))  # 23:30 on the day before, Amsterdam
    run_exit_processing(deps)
    with deps.platform.connect() as conn:
        assert client_counts(conn, 1) == one.rows
    assert client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["status"] == "notice_given"

    clock.set(at_amsterdam_day(EFFECTIVE))
    run = run_exit_processing(deps)
    assert run["status"] == "succeeded" and run["evidence"]["destroyed"] == 1

    with deps.platform.connect() as conn:
        after = client_counts(conn, 1)
        # Gone: users, logins, letters, contact registrations, documents; the debtors and
        # dossiers that kept payments point at stay as shells without personal data.
        for name in ("client_users", "client_user_logins", "letters", "contact_registrations", "documents"):
            assert after[name] == 0, name
        assert after["dossiers"] == 3 and after["debtors"] == 3  # one dossier with a payment per debtor
        assert after["payments"] == one.rows["payments"] and after["client_invoices"] == one.rows["client_invoices"]
        kept_payment = client_rows(conn, 1, "payments")[0]
        assert kept_payment["payer_name"].startswith("Debiteur")  # kept whole: fiscal
        client_row = conn.execute(select(clients).where(clients.c.id == 1)).one()
        assert client_counts(conn, 2) == two.rows  # the other client is untouched
    assert personal_leftovers(deps, 1) == {}
    assert client_row.email.startswith("pseudo-") and client_row.iban is None and client_row.contact_name is None
    assert client_row.status == "ended" and client_row.relationship_ended_on == EFFECTIVE
    assert client_row.kvk_number == "00000001"  # company data, not personal: kept

    with deps.platform.connect() as conn:
        kept_ids = {r["id"] for r in client_rows(conn, 1, "payments")}
        invoice_ids = {r["id"] for r in client_rows(conn, 1, "client_invoices")}
    with deps.store.connect() as conn:  # kept rows are restricted: stored only
        assert restricted_ids(conn, "payments") == kept_ids
        assert restricted_ids(conn, "client_invoices") == invoice_ids
    assert {p: deps.blobs.exists(DOCUMENTS, p) for p in one.blob_paths} == {p: False for p in one.blob_paths}
    assert all(deps.blobs.exists(DOCUMENTS, p) for p in two.blob_paths)

    got = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()
    assert got["status"] == "destroyed"
    cert = got["certificate"]
    destroyed = {r["table"]: r for r in cert["destroyed"]}
    assert destroyed["contact_registrations"]["deleted"] == one.rows["contact_registrations"]
    assert destroyed["dossiers"] == {**destroyed["dossiers"], "deleted": 3, "anonymised": 3}
    assert destroyed["clients"]["anonymised"] == 1
    assert {k["table"]: k["reason"] for k in cert["kept"]} == {"client_invoices": "fiscal", "payments": "fiscal"}
    assert cert["blobs_deleted"] == len(one.blob_paths) + 1  # and the export built ahead at notice
    assert deps.blobs.list(EXPORTS, prefix=f"1/{exit_id}/") == []
    assert cert["ledger_entries"] == ledger_count(deps, exit_id) > 0
    text = got["certificate_text"]
    assert "VERNIETIGINGSVERKLARING" in text and "contactregistraties: 6 verwijderd" in text
    assert "art. 52 lid 4 AWR" in text and "back-upcyclus" in text and "11 maart 2026" in text
    assert letters_of(deps, exit_id)[-1] == "exit_destroyed"

    gone = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert gone.status == 410 and gone.json()["type"].endswith("/gone")

    # A second run changes nothing.
    entries = ledger_count(deps, exit_id)
    again = run_exit_processing(deps)
    assert again["evidence"]["destroyed"] == 0 and ledger_count(deps, exit_id) == entries


def test_client_scope_hold_keeps_everything_and_the_exit_waits(client, world, clock):
    deps, one, _ = world
    made = notice(client, clock)
    with deps.store.begin() as conn:
        conn.execute(insert(legal_holds).values(id="h1", reason="procedure", client_id=1, created_at=NOTICE,
                                                created_by="fg"))
    clock.set(at_amsterdam_day(EFFECTIVE))
    assert run_exit_processing(deps)["evidence"]["on_hold"] == 1
    got = client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()
    assert got["status"] == "on_hold" and got["waiting_reason"] == "legal_hold_on_client"
    with deps.platform.connect() as conn:
        assert client_counts(conn, 1) == one.rows
    assert ledger_count(deps, made["id"]) == 0
    # A waiting exit can no longer be cancelled: its effective date has passed.
    assert client.post(f"exits/{made['id']}/cancel", role=ADMIN, client_id=1).status == 422

    with deps.store.begin() as conn:
        conn.execute(update(legal_holds).where(legal_holds.c.id == "h1").values(lifted_at=NOTICE, lifted_by="fg"))
    clock.set(at_amsterdam_day(date(2026, 3, 12)))
    assert run_exit_processing(deps)["evidence"]["destroyed"] == 1
    assert personal_leftovers(deps, 1) == {}


def test_subject_scope_hold_keeps_that_subjects_tree(client, world, clock):
    deps, one, _ = world
    held_email = one.debtor_emails[0]
    made = notice(client, clock)
    with deps.store.begin() as conn:
        conn.execute(insert(legal_holds).values(id="h2", reason="klacht", subject_email=held_email, created_at=NOTICE,
                                                created_by="fg"))
    with deps.platform.connect() as conn:
        from shared.datamap.discovery import find_subject_rows

        held = {k: set(v) for k, v in find_subject_rows(conn, held_email, client_id=1).items()}
    assert held["debtors"] and held["contact_registrations"] and held["documents"]
    clock.set(at_amsterdam_day(EFFECTIVE))
    run_exit_processing(deps)
    with deps.platform.connect() as conn:
        left = {name: {r["id"] for r in client_rows(conn, 1, name)} for name in held}
        debtor = next(r for r in client_rows(conn, 1, "debtors") if r["id"] in held["debtors"])
    for name, ids in held.items():
        assert ids <= left[name], name  # every held row is still there
    assert debtor["email"] == held_email and debtor["name"] == "Debiteur 0"  # untouched
    with deps.platform.connect() as conn:
        held_files = {r["blob_path"] for r in client_rows(conn, 1, "documents")}
    assert held_files and all(deps.blobs.exists(DOCUMENTS, p) for p in held_files)
    assert not any(deps.blobs.exists(DOCUMENTS, p) for p in set(one.blob_paths) - held_files)
    assert personal_leftovers(deps, 1, held) == {}
    cert = client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()["certificate"]
    on_hold = {k["table"]: k["rows"] for k in cert["kept"] if k["reason"] == "legal_hold"}
    assert on_hold["contact_registrations"] == len(held["contact_registrations"])
    assert "legal hold" in client.get(f"exits/{made['id']}", role=ADMIN,
                                      client_id=1).json()["certificate_text"]


def test_a_killed_run_resumes_and_finishes_once(client, world, clock, monkeypatch):
    deps, one, two = world
    made = notice(client, clock)
    monkeypatch.setattr(destruction, "BATCH", 2)  # many small transactions
    real = runner.erase_batch
    calls = {"n": 0}

    def dying(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("killed")
        return real(*args, **kw)

    monkeypatch.setattr(runner, "erase_batch", dying)
    clock.set(at_amsterdam_day(EFFECTIVE))
    with pytest.raises(RuntimeError):
        run_exit_processing(deps)
    got = client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()
    assert got["status"] == "destroying"
    partial = ledger_count(deps, made["id"])
    assert partial > 0

    monkeypatch.setattr(runner, "erase_batch", real)
    clock.set(at_amsterdam_day(date(2026, 3, 12)))
    run = run_exit_processing(deps)
    assert run["status"] == "succeeded" and run["evidence"]["destroyed"] == 1
    assert personal_leftovers(deps, 1) == {}
    got = client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()
    destroyed = {r["table"]: r["deleted"] + r["anonymised"] for r in got["certificate"]["destroyed"]}
    # Every row counted exactly once, across the two runs; one ledger entry per erased row.
    expected = {n: c for n, c in one.rows.items() if n not in KEPT}
    assert destroyed == expected
    assert ledger_count(deps, made["id"]) == sum(expected.values())
    with deps.platform.connect() as conn:
        assert client_counts(conn, 2) == two.rows


@pytest.fixture
def split(blob_deps, tmp_path):
    """The store and the platform as two databases, as in Azure."""
    from shared.deps import Deps, set_deps
    from tests.support.databases import engine_with_schema

    platform = engine_with_schema(f"sqlite:///{tmp_path / 'platform.sqlite'}")
    deps = Deps(blob_deps.settings, blob_deps.clock, blob_deps.store, platform)
    deps.__dict__["blobs"] = blob_deps.blobs
    set_deps(deps)
    with platform.begin() as conn:
        one = seed_client(conn, 1)
    for path in one.blob_paths:
        deps.blobs.upload(DOCUMENTS, path, b"%PDF-", overwrite=True)
    yield deps, one
    set_deps(blob_deps)
    platform.dispose()


def test_a_platform_commit_lost_after_the_ledger_commit_is_finished_on_resume(client, split, clock, monkeypatch):
    """Two databases: the store (ledger, progress) commits first. Kill the run right after that,
    before the platform commits: the rerun replays the last batch from the ledger."""
    from contextlib import contextmanager

    deps, one = split
    made = notice(client, clock)
    monkeypatch.setattr(destruction, "BATCH", 2)
    calls = {"n": 0}

    @contextmanager
    def lossy_units(store, platform):
        with platform.connect() as p, store.connect() as s:
            pt, st = p.begin(), s.begin()
            yield s, p
            st.commit()
            calls["n"] += 1
            if calls["n"] == 3:
                pt.rollback()
                raise RuntimeError("killed between the two commits")
            pt.commit()

    real_units = runner.store_and_platform
    monkeypatch.setattr(runner, "store_and_platform", lossy_units)
    clock.set(at_amsterdam_day(EFFECTIVE))
    with pytest.raises(RuntimeError):
        run_exit_processing(deps)
    with deps.platform.connect() as conn:
        assert client_counts(conn, 1)["letters"] == 2  # the lost batch: in the ledger, not erased
    monkeypatch.setattr(runner, "store_and_platform", real_units)
    clock.set(at_amsterdam_day(date(2026, 3, 12)))
    assert run_exit_processing(deps)["evidence"]["destroyed"] == 1
    with deps.platform.connect() as conn:
        assert client_counts(conn, 1)["letters"] == 0
    assert personal_leftovers(deps, 1) == {}
    expected = sum(c for n, c in one.rows.items() if n not in KEPT)
    assert ledger_count(deps, made["id"]) == expected  # each erased row once in the ledger


def test_a_client_hold_placed_mid_destruction_stops_it_until_lifted(client, world, clock, monkeypatch):
    deps, _, _ = world
    made = notice(client, clock)
    monkeypatch.setattr(destruction, "BATCH", 2)
    real = runner.erase_batch
    calls = {"n": 0}

    def dying(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("killed")
        return real(*args, **kw)

    monkeypatch.setattr(runner, "erase_batch", dying)
    clock.set(at_amsterdam_day(EFFECTIVE))
    with pytest.raises(RuntimeError):
        run_exit_processing(deps)
    monkeypatch.setattr(runner, "erase_batch", real)
    with deps.store.begin() as conn:
        conn.execute(insert(legal_holds).values(id="h3", reason="procedure", client_id=1, created_at=NOTICE,
                                                created_by="fg"))
    partial = ledger_count(deps, made["id"])
    assert run_exit_processing(deps)["evidence"]["on_hold"] == 1
    assert ledger_count(deps, made["id"]) == partial
    assert client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()["status"] == "on_hold"
    with deps.store.begin() as conn:
        conn.execute(update(legal_holds).where(legal_holds.c.id == "h3").values(lifted_at=NOTICE, lifted_by="fg"))
    assert run_exit_processing(deps)["evidence"]["destroyed"] == 1
    assert personal_leftovers(deps, 1) == {}


def test_one_failing_exit_does_not_hold_up_another_and_the_run_reports_it(client, world, clock, monkeypatch):
    from shared.exits.processing import ExitProcessingError
    from shared.jobs import job_runs

    deps, _, _ = world
    first = notice(client, clock)
    second = notice(client, clock, client_id=2)
    real = runner.erase_batch

    def failing_for_first(*args, **kw):
        if args[3].source_id == first["id"]:
            raise OSError("disk full")
        return real(*args, **kw)

    monkeypatch.setattr(runner, "erase_batch", failing_for_first)
    clock.set(at_amsterdam_day(EFFECTIVE))
    with pytest.raises(ExitProcessingError):
        run_exit_processing(deps)
    assert client.get(f"exits/{second['id']}", role=ADMIN, client_id=2).json()["status"] == "destroyed"
    assert client.get(f"exits/{first['id']}", role=ADMIN, client_id=1).json()["status"] == "destroying"
    with deps.store.connect() as conn:
        run = conn.execute(select(job_runs).where(job_runs.c.job == "exit_processing")).one()
    assert run.status == "failed" and run.evidence["destroyed"] == 1
    assert run.evidence["failures"] == [f"exit {first['id']}: OSError"]


def test_files_that_cannot_be_deleted_keep_the_exit_open_until_a_rerun_deletes_them(client, world, clock,
                                                                                     monkeypatch):
    from shared.exits.processing import ExitProcessingError
    from shared.jobs import job_runs
    from shared.ledger import blob_deletes

    deps, one, _ = world
    made = notice(client, clock)
    real_delete = deps.blobs.delete_many

    def storage_down(container, names):
        raise ConnectionError("storage unreachable")

    monkeypatch.setattr(deps.blobs, "delete_many", storage_down)
    clock.set(at_amsterdam_day(EFFECTIVE))
    with pytest.raises(ExitProcessingError):
        run_exit_processing(deps)
    with deps.store.connect() as conn:
        evidence = conn.execute(select(job_runs.c.evidence).where(job_runs.c.status == "failed")).scalar_one()
    assert evidence["failures"] == [f"exit {made['id']}: BlobCleanupIncomplete"]
    assert personal_leftovers(deps, 1) == {}  # the rows are erased all the same
    assert all(deps.blobs.exists(DOCUMENTS, p) for p in one.blob_paths)
    with deps.store.connect() as conn:
        queued = {n for (n,) in conn.execute(select(blob_deletes.c.name).where(blob_deletes.c.source_id == made["id"]))}
    assert queued == set(one.blob_paths)
    assert client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()["status"] == "destroying"

    monkeypatch.setattr(deps.blobs, "delete_many", real_delete)
    clock.set(at_amsterdam_day(date(2026, 3, 12)))
    assert run_exit_processing(deps)["evidence"]["destroyed"] == 1
    assert not any(deps.blobs.exists(DOCUMENTS, p) for p in one.blob_paths)
    cert = client.get(f"exits/{made['id']}", role=ADMIN, client_id=1).json()["certificate"]
    assert cert["blobs_deleted"] == len(one.blob_paths)
