"""Backup keys by version: a snapshot is read with the key version its manifest names, so a key
rotation leaves older snapshots restorable; one whose version is gone is refused, naming it.
Both secret seams: Key Vault (in memory, versioned) and the environment."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import create_engine, func, select

from devtools.backup_cli import cmd_restore
from shared.backups import catalog
from shared.backups.catalog import SnapshotRefused
from shared.backups.restore import restore
from shared.backups.snapshot import take_snapshot
from shared.platform import schema as p
from tests.support.backups import DEBTOR_EMAIL, prepare, target_url
from tests.support.secrets import EnvKeys, VaultKeys


@pytest.fixture(params=["keyvault", "env"])
def keys(request, blob_deps, monkeypatch):
    prepare(blob_deps)
    return VaultKeys(blob_deps) if request.param == "keyvault" else EnvKeys(monkeypatch)


def _emails(url: str) -> list[str]:
    with create_engine(url).connect() as c:
        return list(c.execute(select(p.debtors.c.email).order_by(p.debtors.c.id)).scalars())


def test_a_snapshot_from_before_a_key_rotation_restores_with_its_own_key_version(keys, blob_deps, tmp_path):
    deps = blob_deps
    keys.rotate("v1")
    before = take_snapshot(deps)
    keys.rotate("v2")
    after = take_snapshot(deps)

    assert before["key_id"].endswith(keys.version("v1")) and after["key_id"].endswith(keys.version("v2"))
    assert set(catalog.scan(deps).manifests) == {before["id"], after["id"]}
    assert catalog.verify(deps, before["id"]) == []
    for snap, name in ((before, "before"), (after, "after")):
        report = restore(deps, snap["id"], target_url(tmp_path, name))
        assert report.rows == snap["totals"]["rows"] - 1 and report.documents == 1
        assert _emails(target_url(tmp_path, name))[0] == DEBTOR_EMAIL


def test_a_snapshot_whose_key_version_is_gone_is_refused_naming_the_version(keys, blob_deps, tmp_path, capsys,
                                                                              client):
    deps = blob_deps
    keys.rotate("v1")
    lost = take_snapshot(deps)
    keys.rotate("v2")
    kept = take_snapshot(deps)
    keys.drop("v1")
    missing = keys.version("v1")

    with pytest.raises(SnapshotRefused, match=f"version {missing} of secret 'backup-key' is not available"):
        restore(deps, lost["id"], target_url(tmp_path, "lost"))
    assert not (tmp_path / "lost.sqlite").exists()  # nothing written, not even the file

    assert cmd_restore(argparse.Namespace(id=lost["id"], into=target_url(tmp_path, "cli"))) == 1
    out = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "Refused" in out and missing in out and "Nothing was restored" in out and "Traceback" not in out

    resp = client.get(f"backups/{lost['id']}", role="Ops.Engineer")
    assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json")
    assert missing in resp.json()["detail"]

    listing = catalog.scan(deps)
    assert list(listing.manifests) == [kept["id"]] and missing in listing.invalid[lost["id"]]
    restore(deps, kept["id"], target_url(tmp_path, "kept"))
    with create_engine(target_url(tmp_path, "kept")).connect() as c:
        assert c.execute(select(func.count()).select_from(p.debtors)).scalar() == 2
