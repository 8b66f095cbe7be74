"""The audit trail: append-only and hash-chained (each event holds the HMAC of the one before,
under the `audit-key` secret), its head anchored outside the database (backup manifests, the
nightly verify event), so rewriting, re-hashing or cutting it off is found.

Events hold ids, never personal data. Appends are serialised by updating the single head
row first, which takes a row lock (PostgreSQL, SQL Server) or the write lock (SQLite), so
the chain stays linear under concurrent writers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
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


def event_hash(key: bytes, prev_hash: str, seq: int, at: datetime, actor: Actor, action: str,
               object_type: str, object_id: str, details: Any) -> str:
    """HMAC-SHA256 under the audit key: without the key nobody can recompute a chain that verifies."""
    canonical = json.dumps(
        [prev_hash, seq, at.isoformat(), actor.oid, actor.role, action, object_type, object_id, details],
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


_keys: dict[tuple[str | None, str, str | None], bytes] = {}


def chain_key() -> bytes:
    """The `audit-key` secret (Key Vault, or PRIVACY_SECRET_AUDIT_KEY locally), kept for the
    process's life after the first read: the chain cannot change keys halfway."""
    from shared.config import get_settings
    from shared.secrets import EnvSecrets, provider_for

    settings = get_settings()
    name = settings.audit_key_secret
    local = None if settings.keyvault_url else os.environ.get(EnvSecrets.var(name))
    which = (settings.keyvault_url, name, local)
    if which not in _keys:
        _keys[which] = provider_for(settings).get(name).encode()
    return _keys[which]


def head(conn: Connection) -> Anchor | None:
    row = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).first()
    return Anchor(int(row.seq), row.hash) if row else None


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
    digest = event_hash(chain_key(), prev, seq, at, actor, action, object_type, str(object_id), details)
    conn.execute(insert(audit_events).values(
        seq=seq, at=at, actor_oid=actor.oid, actor_role=actor.role, action=action,
        object_type=object_type, object_id=str(object_id), details=details, prev_hash=prev, hash=digest,
    ))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(hash=digest))
    return int(seq)


@dataclass(frozen=True)
class Anchor:
    """A point of the chain kept outside the database: the head's seq and hash (written into every
    backup manifest and the nightly verify event). `source` says where it was found."""

    seq: int
    hash: str
    source: str = "database"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None
    head: Anchor | None = None
    anchors_checked: int = 0


def verify_rows(rows: Iterable[Any], head_: Anchor | None, key: bytes,
                anchors: Iterable[Anchor] = ()) -> ChainReport:
    """Check a chain read in seq order up to the head: links, keyed hashes, no gaps, the head
    matches the end, and every outside anchor is a point of the chain."""
    by_seq = {a.seq: a for a in anchors}
    prev, expected, count = GENESIS, 1, 0

    def broken(seq: int, reason: str) -> ChainReport:
        return ChainReport(False, count, seq, reason, head_, len(by_seq))

    for row in rows:
        if row.seq != expected:
            return broken(expected, "an event is missing or out of order")
        if row.prev_hash != prev:
            return broken(row.seq, "the link to the previous event is broken")
        actor = Actor(row.actor_oid, row.actor_role)
        digest = event_hash(key, prev, row.seq, row.at, actor, row.action, row.object_type, row.object_id,
                            row.details)
        if not hmac.compare_digest(digest, row.hash):
            return broken(row.seq, "the event was changed (its keyed hash does not match)")
        anchor = by_seq.get(row.seq)
        if anchor is not None and anchor.hash != row.hash:
            return broken(row.seq, f"the chain differs from the anchor in {anchor.source}: it was rewritten")
        prev, expected, count = row.hash, expected + 1, count + 1
    if head_ is None and count:
        return broken(count + 1, "the chain's head was removed")
    if head_ is not None and (head_.seq != count or head_.hash != prev):
        return broken(count + 1, "the newest events were removed")
    beyond = [a for a in by_seq.values() if a.seq > count]
    if beyond:
        a = max(beyond, key=lambda x: x.seq)
        return broken(count + 1, f"the chain ends at event {count}, but {a.source} saw event {a.seq}: "
                                 "its newest events were cut off together with the head")
    return ChainReport(True, count, head=head_, anchors_checked=len(by_seq))


def verify(conn: Connection, anchors: Iterable[Anchor] = (), batch: int = 5000) -> ChainReport:
    """One consistent view while writers go on: the head is read first and only events up to
    its seq are read (an append commits its event and the head together, and events are never
    updated), so a concurrent append can never look like a cut or a change."""
    head_ = head(conn)
    upper = head_.seq if head_ else None

    def stream() -> Iterable[Any]:
        last = 0
        while True:
            q = select(audit_events).where(audit_events.c.seq > last)
            if upper is not None:
                q = q.where(audit_events.c.seq <= upper)
            rows = conn.execute(q.order_by(audit_events.c.seq).limit(batch)).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    return verify_rows(stream(), head_, chain_key(), anchors)
