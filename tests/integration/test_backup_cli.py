"""`privacy backup list` and `privacy backup restore`: what the on-call engineer reads."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import create_engine, func, select

from devtools.backup_cli import cmd_list, cmd_restore
from shared.backups.snapshot import take_snapshot
from shared.platform import schema as p
from tests.support.backups import flip_byte, prepare, target_url


@pytest.fixture
def seeded(blob_deps, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at the terminal width
    return prepare(blob_deps)


def test_list_prints_each_snapshot(seeded, capsys):
    snap = take_snapshot(seeded)
    assert cmd_list(argparse.Namespace()) == 0
    out = capsys.readouterr().out
    assert snap["id"] in out and "2026-11-24 09:00:00" in out


def test_list_keeps_whole_ids_in_a_narrow_terminal_and_as_json(seeded, capsys, monkeypatch):
    import json

    snap = take_snapshot(seeded)
    monkeypatch.setenv("COLUMNS", "60")
    assert cmd_list(argparse.Namespace()) == 0
    assert snap["id"] in capsys.readouterr().out  # pasteable into `privacy backup restore`
    assert cmd_list(argparse.Namespace(json=True)) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in listing["items"]] == [snap["id"]]


def test_restore_prints_a_report_and_restores(seeded, tmp_path, capsys):
    snap = take_snapshot(seeded)
    assert cmd_restore(argparse.Namespace(id=snap["id"], into=target_url(tmp_path))) == 0
    out = capsys.readouterr().out
    assert "Restore complete" in out and "platform/debtors" in out and "Erasure ledger: 0 entries replayed" in out
    with create_engine(target_url(tmp_path)).connect() as c:
        assert c.execute(select(func.count()).select_from(p.debtors)).scalar() == 2


def test_restore_of_a_tampered_snapshot_says_why_and_restores_nothing(seeded, tmp_path, capsys):
    snap = take_snapshot(seeded)
    part = next(x for x in snap["parts"] if x["name"] == "platform/clients")
    flip_byte(seeded, part["blob"], 30)
    assert cmd_restore(argparse.Namespace(id=snap["id"], into=target_url(tmp_path))) == 1
    out = capsys.readouterr().out
    assert "Refused" in out and "platform/clients" in out and "Nothing was restored" in out
    assert not (tmp_path / "restored.sqlite").exists()


def test_restore_of_an_unknown_id(seeded, tmp_path, capsys):
    assert cmd_restore(argparse.Namespace(id="20200101T000000Z-abcdef", into=target_url(tmp_path))) == 1
    assert "No snapshot" in capsys.readouterr().out


def test_replay_ledger_after_a_point_in_time_restore(seeded, clock, tmp_path, capsys):
    """`privacy backup replay-ledger --into <url>`: erase again on a database restored by Azure SQL."""
    import shutil
    from datetime import timedelta

    from devtools.backup_cli import cmd_replay_ledger
    from devtools.cli import parser
    from tests.support.backups import assert_debtor_one_erased, erase_debtor_one

    if seeded.store.dialect.name != "sqlite":
        pytest.skip("the stand-in for a point-in-time restore is a copy of the SQLite file")
    with seeded.store.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "pitr.sqlite"
    shutil.copy(seeded.store.url.database, copy)
    clock.advance(timedelta(hours=1))
    erase_debtor_one(seeded, clock.at)
    args = parser().parse_args(["backup", "replay-ledger", "--into", f"sqlite:///{copy}"])
    assert cmd_replay_ledger(args) == 0
    assert "5 entries" in capsys.readouterr().out
    assert_debtor_one_erased(f"sqlite:///{copy}")


def test_restore_takes_a_documents_container():
    from devtools.cli import parser

    args = parser().parse_args(["backup", "restore", "X", "--into", "sqlite://", "--documents-into", "restored"])
    assert args.documents_into == "restored"
