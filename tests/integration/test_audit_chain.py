"""The audit chain: linear under concurrent writers, and any change, deletion or re-ordering is found."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update

from shared import audit
from shared.alerts import Alert
from shared.audit import Actor, audit_events, audit_head
from shared.audit_check import AuditChainBroken, verify_and_alert

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
OFFICER = Actor("oid-1", "Privacy.Officer")


def write(deps, n=5):
    with deps.store.begin() as conn:
        for i in range(n):
            audit.record(conn, OFFICER, "dsar.read", "dsar", f"req-{i}", AT, {"rows": i})


def test_a_clean_chain_verifies(deps):
    write(deps)
    with deps.store.connect() as conn:
        report = audit.verify(conn)
    assert report.ok and report.events == 5


@pytest.mark.parametrize("tamper", ["change", "delete_middle", "delete_last", "reorder"])
def test_tampering_is_detected(deps, tamper):
    write(deps)
    with deps.store.begin() as conn:
        if tamper == "change":
            conn.execute(update(audit_events).where(audit_events.c.seq == 3).values(object_id="req-x"))
        elif tamper == "delete_middle":
            conn.execute(delete(audit_events).where(audit_events.c.seq == 2))
        elif tamper == "delete_last":
            conn.execute(delete(audit_events).where(audit_events.c.seq == 5))
        else:
            rows = {r.seq: r for r in conn.execute(select(audit_events).where(audit_events.c.seq.in_([2, 3])))}
            for a, b in ((2, 3), (3, 2)):
                src = rows[b]
                conn.execute(update(audit_events).where(audit_events.c.seq == a).values(
                    action=src.action, object_id=src.object_id, details=src.details,
                    prev_hash=src.prev_hash, hash=src.hash))
    with deps.store.connect() as conn:
        report = audit.verify(conn)
    assert not report.ok
    assert report.first_bad_seq is not None


def test_a_broken_chain_fails_the_timer_and_emits_the_alert(storage_down, caplog):
    deps = storage_down
    write(deps)
    with deps.store.begin() as conn:
        conn.execute(update(audit_events).where(audit_events.c.seq == 1).values(actor_role="Privacy.Staff"))
    with caplog.at_level("WARNING", logger="privacy.events"), pytest.raises(AuditChainBroken):
        verify_and_alert(deps)
    names = [getattr(r, "microsoft.custom_event.name", None) for r in caplog.records]
    assert Alert.AUDIT_CHAIN_BROKEN.event_name in names


def test_concurrent_writers_keep_one_linear_chain(deps):
    # SQLite serialises writers itself; on PostgreSQL this tests the head-row lock.
    writers, per_writer = 8, 15

    def worker(w):
        for i in range(per_writer):
            with deps.store.begin() as conn:
                audit.record(conn, Actor(f"oid-{w}", "Privacy.Staff"), "exit.read", "exit", f"{w}-{i}", AT)

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(worker, range(writers)))
    with deps.store.connect() as conn:
        report = audit.verify(conn)
        count = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
        head = conn.execute(select(audit_head.c.seq)).scalar_one()
    assert report.ok, report
    assert count == head == writers * per_writer


def test_parallel_http_requests_keep_one_linear_chain(client, deps, clock):
    """Many requests at once, each auditing in its own transaction (PostgreSQL when configured)."""
    from datetime import timedelta

    from tests.support.breaches import intake_body

    aware = clock.at - timedelta(hours=1)

    def report(i):
        return client.post("breaches", intake_body(aware, summary=f"Melding {i}"), role="Ops.Engineer").status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(report, range(40)))
    assert statuses == [201] * 40
    with deps.store.connect() as conn:
        report_ = audit.verify(conn)
        actions = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    assert report_.ok, report_
    assert actions >= 40
