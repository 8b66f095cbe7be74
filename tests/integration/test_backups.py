"""Backup snapshots against real databases and Azurite: round trip, tampering, interrupted runs,
erasure replay, retention pruning and the restore drill."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select, update

from shared import audit, ledger, telemetry
from shared.alerts import Alert
from shared.backups import catalog, service
from shared.backups.catalog import SnapshotRefused
from shared.backups.drill import DrillFailed, run_drill
from shared.backups.restore import RestoreFailed, RestoreRefused, restore
from shared.backups.snapshot import take_snapshot
from shared.db.engines import build_engine
from shared.errors import NotFound
from shared.jobs import job_runs, run_job
from shared.platform import schema as p
from shared.storage import BACKUPS
from tests.support.backups import (
    AT,
    DEBTOR_EMAIL,
    DEBTOR_NAME,
    DOC_BYTES,
    assert_debtor_one_erased,
    dump_all,
    erase_debtor_one,
    flip_byte,
    prepare,
    target_url,
)
from tests.support.databases import PG_ENV, backends, fresh_database


@pytest.fixture
def seeded(blob_deps):
    return prepare(blob_deps)


def test_round_trip_restores_the_same_rows(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    report = restore(deps, manifest["id"], target_url(tmp_path))

    restored = create_engine(target_url(tmp_path))
    source, copy = dump_all(deps.store), dump_all(restored)
    for audited in ("audit_events", "audit_head", "backup_checks"):  # the restore is audited on the live store
        source.pop(audited)
    for name, rows in source.items():
        assert copy[name] == rows, name
    debtor = copy["debtors"][0]
    assert isinstance(copy["dossiers"][0][5], Decimal) and copy["dossiers"][0][5] == Decimal("1234.56")
    assert debtor[9] == date(1980, 5, 17)
    assert report.rows == manifest["totals"]["rows"] - 1  # the documents part counts documents, not rows
    assert report.documents == 1
    assert manifest["dialects"] == {"store": deps.store.dialect.name, "platform": deps.platform.dialect.name}
    assert {part["name"] for part in manifest["parts"]} >= {"platform/debtors", "store/erasure_ledger",
                                                            "documents/documents"}


def test_restore_writes_surviving_documents_back(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    restore(deps, manifest["id"], target_url(tmp_path), documents_into="restored-docs")
    assert deps.blobs.download("restored-docs", "dossier-1/aanmaning.pdf") == DOC_BYTES


def test_no_personal_data_is_readable_in_any_backup_blob(seeded):
    deps = seeded
    take_snapshot(deps)
    names = deps.blobs.list(BACKUPS)
    assert names
    for name in names:
        data = deps.blobs.download(BACKUPS, name)
        for secret in (DEBTOR_EMAIL, DEBTOR_NAME, "NL91ABNA0417164300", "aanmaning"):
            assert secret.encode() not in data, name
            assert secret.encode("utf-16-le") not in data, name


def test_a_tampered_part_is_reported_and_nothing_is_restored(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    part = next(x for x in manifest["parts"] if x["name"] == "platform/debtors")
    flip_byte(deps, part["blob"], part["bytes"] // 2)

    bad = catalog.verify(deps, manifest["id"])
    assert [b["part"] for b in bad] == ["platform/debtors"]
    with pytest.raises(SnapshotRefused) as refused:
        restore(deps, manifest["id"], target_url(tmp_path))
    assert refused.value.bad_parts == bad
    assert not Path(tmp_path / "restored.sqlite").exists()  # not even created


def test_a_truncated_part_is_refused(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    part = next(x for x in manifest["parts"] if x["name"] == "platform/dossiers")
    data = deps.blobs.download(BACKUPS, part["blob"])
    deps.blobs.upload(BACKUPS, part["blob"], data[:-40], overwrite=True)
    bad = catalog.verify(deps, manifest["id"])
    assert bad == [{"part": "platform/dossiers", "reason": "truncated: a frame is cut short"}]


def test_a_changed_manifest_is_refused(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    name = f"{manifest['id']}/manifest.json"
    raw = deps.blobs.download(BACKUPS, name).replace(b'"rows": 2', b'"rows": 1', 1)
    deps.blobs.upload(BACKUPS, name, raw, overwrite=True)
    with pytest.raises(SnapshotRefused, match="MAC"):
        restore(deps, manifest["id"], target_url(tmp_path))
    assert catalog.latest(deps) is None  # an invalid manifest is never "latest"


def test_an_interrupted_snapshot_is_ignored_and_the_drill_uses_the_previous_one(seeded, clock, monkeypatch):
    deps = seeded
    good = take_snapshot(deps)
    clock.advance(timedelta(days=1))
    real_upload, calls = deps.blobs.upload, {"n": 0}

    def crashing_upload(container, name, data, **kw):
        calls["n"] += 1
        if calls["n"] == 4:
            raise ConnectionError("the host was killed")
        return real_upload(container, name, data, **kw)

    monkeypatch.setattr(deps.blobs, "upload", crashing_upload)
    with pytest.raises(ConnectionError):
        take_snapshot(deps)
    monkeypatch.setattr(deps.blobs, "upload", real_upload)

    listing = catalog.scan(deps)
    assert list(listing.manifests) == [good["id"]] and len(listing.incomplete) == 1
    assert catalog.latest(deps)["id"] == good["id"]
    with pytest.raises(SnapshotRefused, match="incomplete"):
        catalog.load(deps, listing.incomplete[0])
    evidence = run_drill(deps)
    assert evidence["snapshot_id"] == good["id"]
    assert evidence["rows"] == good["totals"]["rows"] - good["parts"][-1]["rows"]


def test_the_next_snapshot_removes_an_interrupted_ones_parts(seeded, clock, monkeypatch):
    deps = seeded
    real_upload = deps.blobs.upload
    monkeypatch.setattr(deps.blobs, "upload", lambda c, n, d, **kw: (_ for _ in ()).throw(OSError("crash"))
                        if n.endswith("payments.zst.aes") else real_upload(c, n, d, **kw))
    with pytest.raises(OSError):
        take_snapshot(deps)
    monkeypatch.setattr(deps.blobs, "upload", real_upload)
    clock.advance(timedelta(hours=1))
    result = run_job(deps, "backup_snapshot", service.snapshot_job)
    assert result["status"] == "succeeded"
    assert result["evidence"]["incomplete_removed"] == 1
    assert catalog.scan(deps).incomplete == []


def test_an_erasure_after_the_snapshot_stays_erased_after_a_restore(seeded, clock, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    clock.advance(timedelta(hours=3))
    erase_debtor_one(deps, clock.at)

    report = restore(deps, manifest["id"], target_url(tmp_path), documents_into="restored-after-erasure")
    assert_debtor_one_erased(target_url(tmp_path))
    assert report.current_ledger_added == 5 and report.ledger.entries == 5
    assert report.ledger.deleted_rows == 3
    assert not deps.blobs.exists("restored-after-erasure", "dossier-1/aanmaning.pdf")  # erased document stays gone
    with create_engine(target_url(tmp_path)).connect() as c:  # the restored ledger now holds the entries too
        assert len(c.execute(select(ledger.erasure_ledger)).all()) == 5


def test_with_the_live_store_down_the_snapshots_own_ledger_is_replayed(seeded, clock, tmp_path, monkeypatch):
    """A real disaster: the live store is gone. The ledger in the snapshot still erases (here an
    entry written before the snapshot whose erasure had not been applied yet), the report says the
    live ledger was missing, and the restore is audited in the restored database."""
    deps = seeded
    with deps.store.begin() as store:
        ledger.append(store, at=clock.at, source="retention", source_id="run-1", rule="p1", table="payments",
                      row_ids=[1], action="delete")
    manifest = take_snapshot(deps)
    monkeypatch.setattr(deps, "store", create_engine(f"sqlite:///{tmp_path / 'gone' / 'store.db'}"))
    report = restore(deps, manifest["id"], target_url(tmp_path))
    assert report.current_ledger == "unavailable" and report.audited_in == "restored database"
    with create_engine(target_url(tmp_path)).connect() as c:
        assert c.execute(select(p.payments)).all() == []
        assert "backup.restore" in [a for (a,) in c.execute(select(audit.audit_events.c.action))]


def test_restore_refuses_a_target_that_holds_rows(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    url = target_url(tmp_path)
    restore(deps, manifest["id"], url)
    before = dump_all(create_engine(url))
    with pytest.raises(RestoreRefused, match="already holds rows"):
        restore(deps, manifest["id"], url)
    assert dump_all(create_engine(url)) == before


def test_restore_refuses_the_live_database_and_unknown_ids(seeded):
    deps = seeded
    manifest = take_snapshot(deps)
    with pytest.raises(RestoreRefused, match="live database"):
        restore(deps, manifest["id"], deps.store.url.render_as_string(hide_password=False))
    with pytest.raises(NotFound):
        restore(deps, "20260101T000000Z-abcdef", "sqlite://")
    with pytest.raises(NotFound):
        restore(deps, "../etc", "sqlite://")


def test_pruning_keeps_the_schedule_and_survives_immutable_blobs(seeded, clock, monkeypatch):
    deps = seeded
    deps.settings = deps.settings.model_copy(
        update={"backup_keep_daily": 2, "backup_keep_weekly": 1, "backup_keep_monthly": 1})
    clock.set(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))  # a Friday
    ids = []
    for _ in range(4):  # Fri, Sat, Sun, Mon
        ids.append(take_snapshot(deps)["id"])
        clock.advance(timedelta(days=1))
    clock.set(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    # Keep: Mon (today, this week, this month) and Sun (yesterday). Fri and Sat go.
    real_delete = deps.blobs.delete

    def immutable_friday(container, name):
        if name.startswith(ids[0]):
            raise PermissionError("BlobImmutableDueToPolicy")
        return real_delete(container, name)

    monkeypatch.setattr(deps.blobs, "delete", immutable_friday)
    result = catalog.prune(deps)
    assert result["deleted"] == [ids[1]] and result["delete_refused"] == [ids[0]]
    assert sorted(catalog.scan(deps).manifests) == [ids[0], ids[2], ids[3]]
    monkeypatch.setattr(deps.blobs, "delete", real_delete)
    result = catalog.prune(deps)  # the next prune, once the policy has expired
    assert result["deleted"] == [ids[0]]
    assert sorted(catalog.scan(deps).manifests) == [ids[2], ids[3]]


def test_timers_record_evidence_and_alert_on_failure(seeded, monkeypatch):
    deps = seeded
    alerts = []
    monkeypatch.setattr(telemetry, "emit", lambda event, **kw: alerts.append(event))
    with pytest.raises(DrillFailed):
        run_job(deps, "backup_restore_drill", service.drill_job, Alert.RESTORE_DRILL_FAILED)
    assert alerts == [Alert.RESTORE_DRILL_FAILED]

    with deps.store.begin() as c:
        audit.record(c, audit.SYSTEM, "test.event", "test", "1", deps.clock.now(), {"n": 1})
    snap = run_job(deps, "backup_snapshot", service.snapshot_job, Alert.BACKUP_FAILED)
    drill = run_job(deps, "backup_restore_drill", service.drill_job, Alert.RESTORE_DRILL_FAILED)
    assert drill["evidence"]["snapshot_id"] == snap["evidence"]["snapshot_id"]
    assert drill["evidence"]["checksums"] == "ok" and drill["evidence"]["rows"] > 0
    assert drill["evidence"]["audit_chain"] == "ok" and drill["evidence"]["audit_events"] >= 1
    assert drill["evidence"]["ledger_recheck"] == "ok"
    with deps.store.connect() as c:
        statuses = dict(c.execute(select(job_runs.c.job, job_runs.c.status)
                                  .where(job_runs.c.status == "succeeded")).all())
    assert statuses == {"backup_snapshot": "succeeded", "backup_restore_drill": "succeeded"}

    monkeypatch.delenv("PRIVACY_SECRET_BACKUP_KEY")
    with pytest.raises(Exception, match="backup-key"):
        run_job(deps, "backup_snapshot", service.snapshot_job, Alert.BACKUP_FAILED)
    assert alerts[-1] == Alert.BACKUP_FAILED


PG_URL = os.environ.get(PG_ENV)  # read at import: the `env` fixture clears PRIVACY_* variables


@pytest.mark.parametrize("target", backends())
def test_a_restored_database_takes_new_rows_without_key_clashes(seeded, tmp_path, target, monkeypatch):
    """Explicit ids were restored: the next insert must still get a fresh id (PostgreSQL
    sequences are moved past the restored ids)."""
    deps = seeded
    if PG_URL:
        monkeypatch.setenv(PG_ENV, PG_URL)
    manifest = take_snapshot(deps)
    with fresh_database(target, tmp_path) as url:
        restore(deps, manifest["id"], url)
        engine = build_engine(url)
        try:
            with engine.begin() as c:
                c.execute(insert(p.debtors).values(client_id=1, kind="consumer", name="Nieuw", created_at=AT))
                assert c.execute(select(func.max(p.debtors.c.id))).scalar() == 3
                assert c.execute(select(p.dossiers.c.principal_amount).where(p.dossiers.c.id == 1)).scalar() \
                    == Decimal("1234.56")
        finally:
            engine.dispose()


def test_rows_written_during_the_snapshot_are_not_in_it(seeded, tmp_path):
    """One read transaction per database: a payment committed while the store parts are being
    written (before the payments part is read) is not in the snapshot, and the row counts agree."""
    deps = seeded
    written = []

    def write_meanwhile(part: str, n: int) -> None:
        if not written:
            with deps.platform.begin() as c:
                c.execute(insert(p.payments).values(id=2, dossier_id=2, amount=Decimal("5.00"),
                                                    paid_on=date(2026, 11, 24), payer_name=None, payer_iban=None))
            written.append(part)

    manifest = take_snapshot(deps, after_part=write_meanwhile)
    assert written == ["store/" + manifest["parts"][0]["table"]]
    assert next(x["rows"] for x in manifest["parts"] if x["name"] == "platform/payments") == 1
    restore(deps, manifest["id"], target_url(tmp_path))
    with create_engine(target_url(tmp_path)).connect() as c:
        assert [r.id for r in c.execute(select(p.payments))] == [1]
    with deps.platform.connect() as c:
        assert c.execute(select(func.count()).select_from(p.payments)).scalar() == 2


def test_the_ledger_can_be_replayed_onto_a_database_restored_by_azure_sql(seeded, clock, tmp_path):
    """A point-in-time restore brings erased rows back; replay_ledger erases them again."""
    import shutil

    from shared.backups.restore import replay_ledger

    deps = seeded
    if deps.store.dialect.name != "sqlite":
        pytest.skip("the stand-in for a point-in-time restore is a copy of the SQLite file")
    pitr_copy = tmp_path / "pitr.sqlite"
    with deps.store.connect() as c:  # stands in for a PITR restore: a copy from before the erasure
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(deps.store.url.database, pitr_copy)
    clock.advance(timedelta(hours=1))
    erase_debtor_one(deps, clock.at)
    report = replay_ledger(deps, f"sqlite:///{pitr_copy}")
    assert report.entries == 5
    assert_debtor_one_erased(f"sqlite:///{pitr_copy}")


def test_the_drill_fails_on_a_snapshot_whose_audit_chain_was_changed(seeded):
    deps = seeded
    with deps.store.begin() as c:
        for n in range(3):
            audit.record(c, audit.SYSTEM, "test.event", "test", str(n), deps.clock.now(), {"n": n})
        c.execute(update(audit.audit_events).where(audit.audit_events.c.seq == 2).values(object_id="changed"))
    take_snapshot(deps)
    with pytest.raises(DrillFailed, match="audit chain"):
        run_drill(deps)


def test_a_target_that_rejects_rows_rolls_back_and_quotes_no_row_values(seeded, tmp_path):
    deps = seeded
    manifest = take_snapshot(deps)
    url = target_url(tmp_path)
    with create_engine(url).begin() as c:  # an older, different debtors table: a NOT NULL column we do not fill
        c.exec_driver_sql("CREATE TABLE debtors (id INTEGER PRIMARY KEY, client_id INT, kind TEXT, name TEXT, "
                          "email TEXT, phone TEXT, street TEXT, postcode TEXT, city TEXT, birth_date TEXT, "
                          "iban TEXT, created_at TEXT, legacy TEXT NOT NULL)")
    with pytest.raises(RestoreFailed) as failed:
        restore(deps, manifest["id"], url)
    assert DEBTOR_EMAIL not in str(failed.value) and failed.value.__cause__ is None
    assert not any(dump_all(create_engine(url)).values())  # every table empty: rolled back


def test_replay_writes_what_the_erasure_service_wrote(seeded, clock, tmp_path):
    """The restored row after replay equals the live row after the real erasure service ran."""
    from shared.datamap.runner import Erasing, erase_batch
    from shared.pseudonym import from_deps

    deps = seeded
    manifest = take_snapshot(deps)
    clock.advance(timedelta(hours=2))
    with deps.store.begin() as conn:  # one database locally: one connection for both
        erase_batch(conn, conn, {"debtors": [1], "payments": [1]}, Erasing("dsar", "r-9", "art17", from_deps(deps)),
                    clock.at)
    report = restore(deps, manifest["id"], target_url(tmp_path))
    assert report.ledger.entries >= 2
    live, restored = dump_all(deps.platform), dump_all(create_engine(target_url(tmp_path)))
    assert restored["debtors"] == live["debtors"] and restored["payments"] == live["payments"]
    assert DEBTOR_EMAIL not in str(restored["debtors"]) and DEBTOR_NAME not in str(restored["debtors"])
