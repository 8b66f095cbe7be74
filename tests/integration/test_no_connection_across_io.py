"""No database connection is checked out while the suite calls Blob storage or the secrets provider
(Key Vault in Azure): an outage there must not pin the pool, or unrelated routes time out waiting for
a connection. Driven through the main flows: DSAR access export and erasure, an exit's export and
destruction, a backup snapshot, its catalog and restore, and the retention sweep's file deletes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.backups.drill import run_drill
from shared.backups.restore import replay_ledger, restore
from shared.backups.snapshot import take_snapshot
from shared.storage import DOCUMENTS
from tests.support.backups import prepare, target_url
from tests.support.dsar import STAFF, read_zip, ready
from tests.support.dsar_platform import JAN, PROSPECT
from tests.support.exit_data import (
    ADMIN,
    EFFECTIVE,
    at_amsterdam_day,
    notice,
    run_exit_processing,
    two_clients_with_files,
)
from tests.support.pool_guard import PoolWatch
from tests.support.retention_world import NOW, fill_world, sweep


@pytest.fixture
def watch(blob_deps):
    """deps.blobs and deps.secrets wrapped: each call notes whether a connection of the app's pools
    was out. (A restore's own target database is written in one transaction while the parts stream
    in, so that a failed restore leaves it empty; it is not one of the app's pools.)"""
    seen = PoolWatch([blob_deps.store, blob_deps.platform])
    blob_deps.__dict__["blobs"] = seen.wrap(blob_deps.blobs, "blobs")
    blob_deps.__dict__["secrets"] = seen.wrap(blob_deps.secrets, "secrets")
    return seen


def assert_none_held(watch: PoolWatch) -> None:
    assert watch.calls, "the flow made no Blob or secrets call: the test would prove nothing"
    assert watch.held == [], "\n".join(watch.held)


def test_dsar_access_export_and_its_download(client, platform, blob_deps, watch):
    rid = ready(client, "access", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    read_zip(blob_deps, client, rid, **STAFF)
    assert_none_held(watch)


def test_dsar_erasure_with_files_and_earlier_packages(client, platform, blob_deps, watch, clock):
    blob_deps.blobs.upload(DOCUMENTS, "dossiers/101/factuur.pdf", b"%PDF", overwrite=True)
    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))
    access = ready(client, "access", JAN, client_id=1)
    assert client.post(f"dsar/{access}/complete", {}, **STAFF).status == 200
    rid = ready(client, "erasure", JAN, client_id=1)
    done = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert done.status == 200, done.body
    assert done.json()["result"]["certificate"]["documents_deleted"] == 1
    assert_none_held(watch)


def test_an_upheld_objection_erases_with_the_key_in_hand(client, platform, blob_deps, watch):
    rid = ready(client, "objection", PROSPECT)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    upheld = client.post(f"dsar/{rid}/objection/decision",
                         {"overriding": False, "reasons": "Geen zwaarwegend belang bij voortzetting"}, **STAFF)
    assert upheld.status == 200 and upheld.json()["erased"]["prospects"] == 1, upheld.body
    assert_none_held(watch)


def test_exit_export_and_destruction(client, blob_deps, watch, clock):
    deps, _, _ = two_clients_with_files(blob_deps)
    exit_id = notice(client, clock)["id"]
    assert run_exit_processing(deps)["evidence"]["exports_built"] == 1  # built ahead, not in the GET
    assert client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1).status == 200
    assert client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "1"}).status == 303
    clock.set(at_amsterdam_day(EFFECTIVE))
    run = run_exit_processing(deps)
    assert run["status"] == "succeeded" and run["evidence"]["destroyed"] == 1
    assert_none_held(watch)


def test_backup_snapshot_catalog_and_restore(client, blob_deps, watch, tmp_path):
    prepare(blob_deps)
    manifest = take_snapshot(blob_deps)
    listed = client.get("backups", role="Privacy.Officer")
    assert listed.status == 200 and manifest["id"] in {s["id"] for s in listed.json()["items"]}
    restore(blob_deps, manifest["id"], target_url(tmp_path))
    replay_ledger(blob_deps, target_url(tmp_path))
    assert run_drill(blob_deps)
    assert_none_held(watch)


def test_a_ledger_replay_onto_a_platform_only_restore(blob_deps, watch, tmp_path):
    """An Azure SQL point-in-time restore holds the platform only: the live ledger is read while
    the pseudonym key is already in hand."""
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata

    target = build_engine(target_url(tmp_path, "pitr"))
    platform_metadata.create_all(target)
    target.dispose()
    replay_ledger(blob_deps, target_url(tmp_path, "pitr"))
    assert_none_held(watch)


def test_retention_sweep_deletes_files_without_a_connection_out(blob_deps, watch, clock):
    clock.set(NOW)
    world = fill_world(blob_deps)
    for _, path in world.blobs:
        blob_deps.blobs.upload(DOCUMENTS, path, b"pdf", overwrite=True)
    record = sweep(blob_deps)
    assert record["status"] == "succeeded", record
    assert_none_held(watch)


def test_the_audit_key_is_read_before_any_transaction(client, blob_deps, watch, monkeypatch):
    """The audit chain's key is read once per process (Key Vault in Azure), at the first event:
    a request and a timer read it before they open a transaction."""
    from shared import audit, secrets

    real = secrets.provider_for
    monkeypatch.setattr(secrets, "provider_for", lambda settings: watch.wrap(real(settings), "secrets"))
    monkeypatch.setattr(audit, "_keys", {})
    assert client.post("legal-holds", {"reason": "Procedure rechtbank", "subject": {"email": "a@debiteur.nl"}},
                       role="Privacy.Officer").status == 201
    monkeypatch.setattr(audit, "_keys", {})
    assert sweep(blob_deps)["status"] == "succeeded"
    assert_none_held(watch)
