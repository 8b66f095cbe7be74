"""Send-once marks of the deadline watch: which warning already went out for which object.

One table for every watch: a row per (kind, object id, mark), such as ("breach", <id>, "24h")
or ("dsar", <id>, "7d@2026-03-02") - a DSAR mark carries the due date it warned about, so an
extension re-arms its thresholds. A watch reads the marks of all its candidates at once (one
query per 1,000 ids, not one per object) and records its new marks in the caller's transaction,
so a second run or a double-fired timer sends nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Column, Connection, PrimaryKeyConstraint, String, Table, insert, select

from shared.db.metadata import store_metadata as md
from shared.db.params import chunks
from shared.db.types import Id, UtcDateTime

watch_marks = Table(
    "watch_marks",
    md,
    Column("kind", String(16), nullable=False),  # the watched object's kind: "dsar", "breach"
    Column("object_id", Id, nullable=False),
    Column("mark", String(64), nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("kind", "object_id", "mark"),
)


def sent(conn: Connection, kind: str, ids: Collection[str]) -> defaultdict[str, set[str]]:
    """The marks already recorded, per object id (an empty set for an object without marks)."""
    out: defaultdict[str, set[str]] = defaultdict(set)
    t = watch_marks.c
    for part in chunks(sorted(set(ids))):
        for r in conn.execute(select(t.object_id, t.mark).where(t.kind == kind, t.object_id.in_(part))):
            out[r.object_id].add(r.mark)
    return out


def record(conn: Connection, kind: str, marks: Iterable[tuple[str, str]], at: datetime) -> None:
    """Record new (object id, mark) pairs, in the caller's transaction."""
    rows = [{"kind": kind, "object_id": oid, "mark": mark, "sent_at": at} for oid, mark in marks]
    if rows:
        conn.execute(insert(watch_marks), rows)
