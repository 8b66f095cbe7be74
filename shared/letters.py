"""The outbox of letters and messages to subjects, clients and the AP (Dutch, English alongside
where asked). Delivery (mail, portal) reads the outbox; the suite records what it said and when."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, Connection, String, Table, Text, insert

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, UtcDateTime

outbox = Table(
    "outbox",
    md,
    Column("id", Id, primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("recipient_kind", String(16), nullable=False),  # subject | client | authority | public
    Column("recipient", String(254)),  # e-mail address, or a client id
    Column("topic", String(64), nullable=False, index=True),
    Column("related_type", String(32), nullable=False),
    Column("related_id", String(64), nullable=False, index=True),
    Column("language", String(2), nullable=False, default="nl"),
    Column("subject_line", String(200), nullable=False),
    Column("body", Text, nullable=False),
)


def queue(conn: Connection, *, at: datetime, recipient_kind: str, recipient: str | None, topic: str,
          related_type: str, related_id: str, subject_line: str, body: str, language: str = "nl") -> str:
    letter_id = str(uuid.uuid4())
    conn.execute(insert(outbox).values(
        id=letter_id, created_at=at, recipient_kind=recipient_kind, recipient=recipient, topic=topic,
        related_type=related_type, related_id=related_id, language=language,
        subject_line=subject_line, body=body,
    ))
    return letter_id
