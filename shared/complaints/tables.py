"""Store table of the complaint log. The complainant is reached through the linked request or
dossier: the log keeps a reference, not contact details."""

from sqlalchemy import Boolean, Column, Integer, String, Table, UnicodeText

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, UtcDateTime

complaints = Table(
    "complaints",
    md,
    Column("id", Id, primary_key=True),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("topic", String(24), nullable=False),  # models.Topic
    Column("summary", UnicodeText, nullable=False),
    Column("reference", String(64)),  # dossier number or letter reference of the complainant
    Column("dsar_id", Id, index=True),  # the request complained about
    Column("client_id", Integer, index=True),
    Column("status", String(16), nullable=False, index=True),  # open | closed
    Column("outcome", UnicodeText),
    Column("ap_involved", Boolean, nullable=False),
    Column("ap_reference", String(64)),
    Column("ap_status", String(24)),  # models.ApStatus
    Column("closed_at", UtcDateTime),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
