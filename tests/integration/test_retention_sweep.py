"""The nightly retention sweep over a small platform world whose every row sits on one side of a
policy's boundary: run with the clock set, it removes exactly what expired and keeps what is held,
restricted or still within its period; a second run changes nothing; a killed run resumes."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from shared.alerts import Alert
from shared.datamap import runner
from shared.datamap.discovery import table
from shared.holds import legal_holds
from shared.ledger import erasure_ledger
from shared.storage import DOCUMENTS
from tests.support.databases import PG_ENV, engine_with_schema, fresh_database
from tests.support.retention_world import (
    ANONYMISED,
    GONE,
    NOW,
    fill_world,
    present,
    snapshot,
    sweep,
)


@pytest.fixture
def world(deps, clock):
    clock.set(NOW)
    return fill_world(deps)


@pytest.fixture
def stored_blobs(blob_deps, world):
    for _, path in world.blobs:
        blob_deps.blobs.upload(DOCUMENTS, path, b"pdf", overwrite=True)
    return world


def ledger_rows(deps) -> int:
    """How many rows the ledger records as erased."""
    with deps.store.connect() as conn:
        return conn.execute(select(func.coalesce(func.sum(erasure_ledger.c.row_count), 0))).scalar_one()


def test_the_sweep_removes_exactly_what_expired_and_keeps_what_is_held(blob_deps, stored_blobs):
    w = stored_blobs
    record = sweep(blob_deps)  # what `privacy run retention_sweep` does, with the clock set

    assert record["status"] == "succeeded"
    assert present(blob_deps, w) == set(w.ids) - GONE
    with blob_deps.platform.connect() as conn:
        clients, staff, dossiers = table("clients"), table("staff"), table("dossiers")
        ex = conn.execute(select(clients).where(clients.c.id == w.ids["ex_due"])).one()
        assert ex.email.startswith("pseudo-") and ex.contact_name is None and ex.status == "ended"
        kept = conn.execute(select(clients).where(clients.c.id == w.ids["ex_kept"])).one()
        assert kept.email == "ex_kept@klant.nl"
        old = conn.execute(select(staff).where(staff.c.id == w.ids["staff_due"])).one()
        assert old.name.startswith("pseudo-") and old.email.startswith("pseudo-")
        paid = conn.execute(select(dossiers).where(dossiers.c.id == w.ids["closed_paid"])).one()
        assert paid.notes is None and paid.status == "written_off"
    gone_blobs = {p for n, p in w.blobs if f"{n}.document" in GONE}
    for _, path in w.blobs:
        assert blob_deps.blobs.exists(DOCUMENTS, path) == (path not in gone_blobs)

    ev = record["evidence"]
    assert ev["totals"] == {"deleted": len(GONE), "anonymised": len(ANONYMISED), "skipped_hold": 2,
                            "skipped_restriction": 1}
    assert ev["policies"]["collection_file_closed"]["skipped_hold"] == {"dossiers": 2}
    assert ev["policies"]["collection_file_closed"]["skipped_restriction"] == {"dossiers": 1}
    assert ev["policies"]["fiscal_7y"]["deleted"] == {"client_invoices": 1, "payments": 1}
    assert ev["policies"]["fiscal_7y"]["legal_basis"].startswith("fiscale bewaarplicht")
    assert ev["blobs_deleted"] == len(gone_blobs)
    assert "@" not in str(ev)  # counts and rules only, no personal data
    assert ledger_rows(blob_deps) == len(GONE) + len(ANONYMISED)


def test_second_run_changes_nothing(blob_deps, stored_blobs):
    first = sweep(blob_deps)
    assert first["status"] == "succeeded"
    before, entries = snapshot(blob_deps), ledger_rows(blob_deps)

    second = sweep(blob_deps)

    assert second["status"] == "succeeded"
    assert snapshot(blob_deps) == before
    assert ledger_rows(blob_deps) == entries
    assert second["evidence"]["totals"]["deleted"] == second["evidence"]["totals"]["anonymised"] == 0
    # The kept anonymised rows are recognised, not anonymised again each night.
    assert second["evidence"]["policies"]["ex_client_liability"]["already_anonymised"] == {"clients": 1}
    assert second["evidence"]["policies"]["collection_file_closed"]["already_anonymised"] == {"dossiers": 1}


def test_a_later_clock_sweeps_what_expired_since(deps, world, clock):
    deps.__dict__["blobs"] = _NoBlobs()
    assert sweep(deps)["status"] == "succeeded"

    clock.set(datetime(2027, 1, 2, 2, 0, tzinfo=UTC))
    later = sweep(deps)

    # From 1 Jan 2027 the 2019 fiscal records may go; the payment that kept the anonymised file
    # goes first, so the file and then its debtor go in the same run.
    # The new bare debtor is past 3 months. The open claims stay: past their limitation, the client decides.
    newly_gone = {"inv_kept", "pay_kept", "closed_paid", "payer", "closed_kept", "closer2", "bare_new"}
    assert newly_gone.isdisjoint(present(deps, world))
    assert {"closed_held_subject", "closed_held_client", "closed_restricted", "active", "user"} <= present(deps, world)
    assert later["evidence"]["policies"]["fiscal_7y"]["deleted"] == {"client_invoices": 1, "payments": 1}
    assert {"open_due", "open_kept", "open_never_reminded", "opener"} <= present(deps, world)
    assert later["evidence"]["policies"]["debtor_without_files"]["deleted"] == {"debtors": 3}


PG_URL = os.environ.get(PG_ENV)  # read before the `env` fixture clears PRIVACY_* variables


@pytest.fixture
def twin(deps, clock, tmp_path, monkeypatch):
    """A second, identical deployment on its own fresh database of the same kind."""
    from shared.deps import Deps

    backend = "postgres" if deps.settings.database_url.startswith("postgresql") else "sqlite"
    if backend == "postgres":
        monkeypatch.setenv(PG_ENV, PG_URL or "")
    with fresh_database(backend, tmp_path / "twin") as url:
        engine = engine_with_schema(url)
        yield Deps(deps.settings, clock.clock, engine, engine)
        engine.dispose()


def test_killed_mid_run_resumes_to_the_same_end_state(deps, twin, clock, monkeypatch):
    import shared.retention.sweep as sweep_module
    from shared import telemetry

    clock.set(NOW)
    w = fill_world(deps, "same")
    fill_world(twin, "same")
    for d in (deps, twin):
        d.__dict__["blobs"] = _NoBlobs()
    monkeypatch.setattr(sweep_module, "BATCH_ROWS", 2)  # many small batches
    alerts = []
    monkeypatch.setattr(telemetry, "emit", lambda alert, **kw: alerts.append(alert))

    assert sweep(twin)["status"] == "succeeded"  # the uninterrupted run

    real_erase, calls = runner.erase_batch, []

    def dies_at_the_seventh_batch(*args, **kw):
        calls.append(1)
        if len(calls) == 7:
            raise RuntimeError("killed")
        return real_erase(*args, **kw)

    monkeypatch.setattr(runner, "erase_batch", dies_at_the_seventh_batch)
    with pytest.raises(RuntimeError):
        sweep(deps)
    assert alerts == [Alert.RETENTION_SWEEP_FAILED]
    halfway = snapshot(deps)
    assert halfway != snapshot(twin)  # it really stopped part-way

    monkeypatch.setattr(runner, "erase_batch", real_erase)
    resumed = sweep(deps)

    assert resumed["status"] == "succeeded"
    assert "resumed_from" in resumed["evidence"]
    assert snapshot(deps) == snapshot(twin)
    assert present(deps, w) == set(w.ids) - GONE


class _NoBlobs:
    """Blob storage where every blob is already gone (the kill test compares databases only)."""

    def delete(self, container: str, name: str) -> bool:
        return False

    def delete_many(self, container: str, names: list[str]) -> list[str]:
        return []


def test_a_run_while_another_holds_the_lease_changes_nothing(deps, world):
    from shared.jobs import _acquire

    assert _acquire(deps, "retention_sweep", "a-run-on-another-instance", NOW)
    before = snapshot(deps)

    record = sweep(deps)

    assert record["status"] == "skipped"
    assert snapshot(deps) == before and ledger_rows(deps) == 0


def test_a_lifted_restriction_lets_the_next_sweep_erase(deps, world):
    from sqlalchemy import update

    from shared.restrictions import restrictions

    deps.__dict__["blobs"] = _NoBlobs()
    sweep(deps)
    assert "closed_restricted" in present(deps, world)
    with deps.store.begin() as conn:
        conn.execute(update(restrictions).values(lifted_at=NOW))

    again = sweep(deps)

    assert {"closed_restricted", "closed_restricted.letter", "restricted_debtor"}.isdisjoint(present(deps, world))
    assert again["evidence"]["policies"]["collection_file_closed"]["deleted"]["dossiers"] == 1


def test_blobs_left_by_a_failed_run_are_deleted_when_it_resumes(blob_deps, stored_blobs, monkeypatch):
    from shared.datamap.runner import BlobCleanupIncomplete

    w = stored_blobs
    real_delete = blob_deps.blobs.delete_many

    def storage_down(container, names):
        raise ConnectionError("storage unreachable")

    monkeypatch.setattr(blob_deps.blobs, "delete_many", storage_down)
    with pytest.raises(BlobCleanupIncomplete):
        sweep(blob_deps)
    gone_blobs = {p for n, p in w.blobs if f"{n}.document" in GONE}
    path = dict(w.blobs)["closed_paid"]  # its row is gone, its file not yet
    assert "closed_paid.document" not in present(blob_deps, w)
    assert blob_deps.blobs.exists(DOCUMENTS, path)
    assert present(blob_deps, w) == set(w.ids) - GONE  # storage down does not stop the rows' erasure
    assert failed_run_evidence(blob_deps)["blobs_failed"] == len(gone_blobs)

    monkeypatch.setattr(blob_deps.blobs, "delete_many", real_delete)
    resumed = sweep(blob_deps)
    assert resumed["status"] == "succeeded"
    assert resumed["evidence"]["blobs_deleted"] == len(gone_blobs) and resumed["evidence"]["blobs_failed"] == 0

    assert not any(blob_deps.blobs.exists(DOCUMENTS, p) for p in gone_blobs)
    assert present(blob_deps, w) == set(w.ids) - GONE


def failed_run_evidence(d) -> dict[str, Any]:
    from shared.jobs import job_runs

    with d.store.connect() as conn:
        return conn.execute(select(job_runs.c.evidence).where(job_runs.c.status == "failed")).scalar_one()


def test_batches_stay_within_the_row_bound_children_included(deps, world, monkeypatch):
    import shared.retention.sweep as sweep_module

    deps.__dict__["blobs"] = _NoBlobs()
    monkeypatch.setattr(sweep_module, "BATCH_ROWS", 3)
    real_erase, plans = runner.erase_batch, []

    def recording(platform, store, rows, who, at, **kw):
        plans.append((who.rule, {k: len(v) for k, v in rows.items()}))
        return real_erase(platform, store, rows, who, at, **kw)

    monkeypatch.setattr(runner, "erase_batch", recording)
    assert sweep(deps)["status"] == "succeeded"

    for pid, sizes in plans:
        driving = sizes.get("dossiers", sizes.get("prospects", 0))
        assert sum(sizes.values()) <= 3 or driving == 1, (pid, sizes)  # one file is never split
    assert present(deps, world) == set(world.ids) - GONE


def test_a_hold_placed_during_a_run_keeps_its_files_from_the_next_batch_on(deps, clock, monkeypatch):
    """The held e-mails are resolved to their subjects once per target: a hold placed after the
    first batch is resolved again, and the files it covers stay."""
    import shared.retention.sweep as sweep_module

    clock.set(NOW)
    world = fill_world(deps, holds=False)
    deps.__dict__["blobs"] = _NoBlobs()
    monkeypatch.setattr(sweep_module, "BATCH_ROWS", 3)
    committed, placed = sweep_module._TargetBatches.committed, []

    def place_after_first_batch(self, batch, report):
        committed(self, batch, report)
        if self.target.table == "dossiers" and not placed:
            with deps.store.begin() as conn:
                conn.execute(insert(legal_holds).values(id="h-mid-run", reason="procedure",
                                                        subject_email="held@debiteur.nl", created_at=NOW,
                                                        created_by="officer"))
            placed.append(batch.last_id)

    monkeypatch.setattr(sweep_module._TargetBatches, "committed", place_after_first_batch)
    assert sweep(deps)["status"] == "succeeded"

    assert placed and placed[0] < world.ids["closed_held_subject"]
    left = present(deps, world)
    assert "closed_held_subject" in left
    assert "closed_due" not in left and "closed_held_client" not in left
