"""Legal holds: everything in a hold's scope is kept from the retention sweep, erasure and
exit destruction until the hold is lifted. A scope is a subject (e-mail), a client, or both."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Connection, Integer, String, Table, Text, select

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, UtcDateTime
from shared.emails import normalise_email

legal_holds = Table(
    "legal_holds",
    md,
    Column("id", Id, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("subject_email", String(254), index=True),  # lower-case
    Column("client_id", Integer, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("lifted_at", UtcDateTime),
    Column("lifted_by", String(64)),
    Column("lift_reason", Text),
)


@dataclass(frozen=True)
class HoldScope:
    """The active holds, as the sets that the sweeps and erasures exclude."""

    emails: frozenset[str]
    client_ids: frozenset[int]
    pairs: frozenset[tuple[str, int]]  # a hold on a subject within one client

    def covers(self, *, email: str | None, client_id: int | None) -> bool:
        e = normalise_email(email or "") or ""
        return (e in self.emails) or (client_id in self.client_ids) or ((e, client_id) in self.pairs)

    @classmethod
    def nothing(cls) -> HoldScope:
        return cls(frozenset(), frozenset(), frozenset())

    @property
    def empty(self) -> bool:
        return not (self.emails or self.client_ids or self.pairs)


def active_scope(conn: Connection) -> HoldScope:
    rows = [tuple(r) for r in conn.execute(  # plain tuples: the sweep reads the holds every batch
        select(legal_holds.c.subject_email, legal_holds.c.client_id).where(legal_holds.c.lifted_at.is_(None)))]
    emails = {e for e, c in rows if e and c is None}
    clients = {c for e, c in rows if c is not None and not e}
    pairs = {(e, c) for e, c in rows if e and c is not None}
    return HoldScope(frozenset(emails), frozenset(clients), frozenset(pairs))
