"""The audit trail: append-only and hash-chained (each event holds the hash of the one before).

Events hold ids, never personal data. Appends are serialised by updating the single head
row first, which takes a row lock (PostgreSQL, SQL Server) or the write lock (SQLite), so
the chain stays linear under concurrent writers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared.actor import SYSTEM, Actor  # noqa: F401 - re-exported for callers
from shared.db.metadata import store_metadata as md
from shared.db.types import JsonDoc, UtcDateTime

GENESIS = "0" * 64

audit_events = Table(
    "audit_events",
    md,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_oid", String(64), nullable=False),
    Column("actor_role", String(32), nullable=False),
    Column("action", String(64), nullable=False, index=True),
    Column("object_type", String(32), nullable=False),
    Column("object_id", String(64), nullable=False, index=True),
    Column("details", JsonDoc),  # ids and counts only
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_head = Table(
    "audit_head",
    md,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


def event_hash(prev_hash: str, seq: int, at: datetime, actor: Actor, action: str,
               object_type: str, object_id: str, details: Any) -> str:
    canonical = json.dumps(
        [prev_hash, seq, at.isoformat(), actor.oid, actor.role, action, object_type, object_id, details],
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_head(conn: Connection) -> bool:
    bumped = conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq + 1))
    return bool(bumped.rowcount)


def record(conn: Connection, actor: Actor, action: str, object_type: str, object_id: str | int,
           at: datetime, details: dict[str, Any] | None = None) -> int:
    """Append one event in the caller's transaction; returns its sequence number."""
    if not _lock_head(conn):
        try:
            with conn.begin_nested():  # the very first event: two writers may race to create the head
                conn.execute(insert(audit_head).values(id=1, seq=1, hash=GENESIS))
        except IntegrityError:
            _lock_head(conn)
    seq, prev = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
    at = at.replace(microsecond=0)  # stored precision is the same on every database
    digest = event_hash(prev, seq, at, actor, action, object_type, str(object_id), details)
    conn.execute(insert(audit_events).values(
        seq=seq, at=at, actor_oid=actor.oid, actor_role=actor.role, action=action,
        object_type=object_type, object_id=str(object_id), details=details, prev_hash=prev, hash=digest,
    ))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(hash=digest))
    return int(seq)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None


def verify_rows(rows: Iterable[Any], head: tuple[int, str] | None) -> ChainReport:
    """Check a chain read in seq order: links, hashes, no gaps, and the head matches the end."""
    prev, expected, count = GENESIS, 1, 0
    for row in rows:
        if row.seq != expected:
            return ChainReport(False, count, expected, "an event is missing or out of order")
        if row.prev_hash != prev:
            return ChainReport(False, count, row.seq, "the link to the previous event is broken")
        actor = Actor(row.actor_oid, row.actor_role)
        digest = event_hash(prev, row.seq, row.at, actor, row.action, row.object_type, row.object_id, row.details)
        if digest != row.hash:
            return ChainReport(False, count, row.seq, "the event was changed")
        prev, expected, count = row.hash, expected + 1, count + 1
    if head is not None and (head[0] != count or head[1] != prev):
        return ChainReport(False, count, count + 1, "the newest events were removed")
    return ChainReport(True, count)


def verify(conn: Connection, batch: int = 5000) -> ChainReport:
    head_row = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).first()
    head = (int(head_row.seq), head_row.hash) if head_row else None

    def stream() -> Iterable[Any]:
        last = 0
        while True:
            rows = conn.execute(
                select(audit_events).where(audit_events.c.seq > last).order_by(audit_events.c.seq).limit(batch)
            ).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    return verify_rows(stream(), head)
