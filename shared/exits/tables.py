"""Store tables of the exits area: the exits (with export, progress and certificate) and the
viewer accounts. Invoices for the viewer fee live in the platform's client_invoices."""

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

exits = Table(
    "exits",
    md,
    Column("id", Id, primary_key=True),
    Column("client_id", Integer, nullable=False, index=True),
    # Equal to client_id while the exit is open, NULL once closed: a unique index on it keeps
    # one open exit per client even under concurrent requests.
    Column("open_client_id", Integer),
    Column("choice", String(16), nullable=False),  # shared.exits.status.Choice
    Column("status", String(24), nullable=False, index=True),  # shared.exits.status.ExitStatus
    Column("requested_at", UtcDateTime, nullable=False),
    Column("effective_date", Date, nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("cancelled_at", UtcDateTime),
    Column("reminder_sent_at", UtcDateTime),  # the 14-day reminder, sent once
    Column("waiting_reason", String(64)),  # why an effective exit waits (a legal hold)
    Column("export_blob", String(400)),
    Column("export_built_at", UtcDateTime),
    Column("export_sha256", String(64)),
    Column("export_counts", JsonDoc),
    Column("progress", JsonDoc),  # destruction: done tables, counts, pending blobs
    Column("destroyed_at", UtcDateTime),
    Column("certificate", JsonDoc),
    Column("certificate_text", Text),
)
Index("uq_exits_open_client_id", exits.c.open_client_id, unique=True,
      mssql_where=exits.c.open_client_id.isnot(None))

viewer_accounts = Table(
    "viewer_accounts",
    md,
    Column("id", Id, primary_key=True),
    Column("client_id", Integer, nullable=False, unique=True),
    Column("exit_id", Id, nullable=False),
    Column("status", String(16), nullable=False, index=True),  # shared.exits.status.ViewerStatus
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False, index=True),  # the last day of the paid year
    Column("renewal_warned_for", Date),  # the period_end whose renewal warning was sent
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("lapsed_at", UtcDateTime),
)
