"""The audit chain is keyed and anchored outside the database: five ways to tamper with the store
that an unkeyed, self-anchored chain missed, each found by `privacy audit verify`; and verify
reads one consistent view while writers go on."""

from __future__ import annotations

import argparse
import json
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from shared import audit
from shared.audit import GENESIS, Actor, audit_events, audit_head
from shared.audit_check import VERIFIED_EVENT, chain_report, verify_and_alert

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
OFFICER = Actor("oid-1", "Privacy.Officer")
STOLEN_GUESS = b"not-the-audit-key"  # an intruder in the database has no Key Vault access


def write(deps, n: int, start: int = 0) -> None:
    with deps.store.begin() as conn:
        for i in range(start, start + n):
            audit.record(conn, OFFICER, "dsar.read", "dsar", f"req-{i}", AT, {"rows": i})


def rehash_from(conn, seq: int) -> None:
    """What an intruder does after a change: recompute every hash from `seq` on, and the head."""
    rows = conn.execute(select(audit_events).order_by(audit_events.c.seq)).all()
    prev = GENESIS
    for r in rows:
        if r.seq >= seq:
            digest = audit.event_hash(STOLEN_GUESS, prev, r.seq, r.at, Actor(r.actor_oid, r.actor_role), r.action,
                                      r.object_type, r.object_id, r.details)
            conn.execute(update(audit_events).where(audit_events.c.seq == r.seq).values(prev_hash=prev, hash=digest))
            prev = digest
        else:
            prev = r.hash
    conn.execute(update(audit_head).values(seq=rows[-1].seq if rows else 0, hash=prev))


def cut_after(conn, seq: int) -> None:
    """Delete the newest events and set the head back, so the database agrees with itself."""
    conn.execute(delete(audit_events).where(audit_events.c.seq > seq))
    last = conn.execute(select(audit_events.c.hash).where(audit_events.c.seq == seq)).scalar_one()
    conn.execute(update(audit_head).values(seq=seq, hash=last))


@pytest.fixture
def anchored(blob_deps, caplog):
    """Events, a backup (its manifest holds the head), more events, the nightly verify (its event
    holds the head), and more events."""
    from shared.backups.snapshot import take_snapshot

    deps = blob_deps
    write(deps, 5)
    manifest = take_snapshot(deps)
    assert manifest["audit_head"]["seq"] == 5
    write(deps, 3, start=5)
    with caplog.at_level("WARNING", logger="privacy.events"):
        verify_and_alert(deps)
    event = next(r for r in caplog.records if getattr(r, "microsoft.custom_event.name", None) == VERIFIED_EVENT)
    write(deps, 2, start=8)
    return deps, f"{event.head_seq}:{event.head_hash}"


def cli_verify(anchor: str, capsys) -> tuple[int, dict]:
    from devtools.audit_cli import cmd_verify

    code = cmd_verify(argparse.Namespace(anchor=[anchor]))
    return code, json.loads(capsys.readouterr().out)


def test_an_untouched_chain_verifies_against_its_anchors(anchored, capsys):
    _, anchor = anchored
    code, result = cli_verify(anchor, capsys)
    assert code == 0 and result["ok"] and result["events"] == 11  # 10 + the backup's own event
    assert result["anchors_checked"] == 2 and result["anchors_unavailable"] is None


TAMPERING = {
    "rewrite one event and re-hash the rest and the head":
        lambda conn: (conn.execute(update(audit_events).where(audit_events.c.seq == 3).values(object_id="req-x")),
                      rehash_from(conn, 3)),
    "cut the tail with the head, back to before the backup": lambda conn: cut_after(conn, 3),
    "cut the tail with the head, after the backup (the verify event saw more)": lambda conn: cut_after(conn, 7),
    "remove the head row": lambda conn: conn.execute(delete(audit_head)),
    "remove every event and the head": lambda conn: (conn.execute(delete(audit_events)),
                                                     conn.execute(delete(audit_head))),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_privacy_audit_verify_finds_the_tampering(anchored, capsys, how):
    deps, anchor = anchored
    with deps.store.begin() as conn:
        TAMPERING[how](conn)
    code, result = cli_verify(anchor, capsys)
    assert code == 1 and not result["ok"], result
    assert result["first_bad_seq"] is not None and result["reason"]


def test_verify_says_when_the_backup_anchors_cannot_be_read(storage_down):
    deps = storage_down
    write(deps, 3)
    report, result = chain_report(deps)  # no Blob storage in this test: verify goes on, and says so
    assert report.ok and result["anchors_unavailable"]


def test_verify_never_reports_a_broken_chain_while_writers_append(deps):
    """The nightly verify and several timers at once: appends during a verify are not a cut."""
    write(deps, 20)
    stop, errors = threading.Event(), []

    def writer(w: int) -> None:
        i = 0
        while not stop.is_set():
            try:
                with deps.store.begin() as conn:
                    audit.record(conn, Actor(f"timer-{w}", "system"), "job.run", "job", f"{w}-{i}", AT)
            except Exception as exc:  # a busy SQLite may refuse a write; the chain must not care
                errors.append(type(exc).__name__)
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    try:
        reports = []
        for _ in range(15):
            with deps.store.connect() as conn:
                reports.append(audit.verify(conn, batch=7))  # small batches: writers land between them
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert all(r.ok for r in reports), [r for r in reports if not r.ok][:1]
    with deps.store.connect() as conn:
        final = audit.verify(conn)
    assert final.ok and final.events > 20 and final.events >= max(r.events for r in reports)
