"""Store tables of the dsar area: the requests, and which deadline alerts were sent.

A request's history is its audit trail (object_type "dsar"): one place for each fact.
"""

from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Table, Text

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

dsar_requests = Table(
    "dsar_requests",
    md,
    Column("id", Id, primary_key=True),
    Column("type", String(16), nullable=False),  # status.RequestType
    Column("status", String(24), nullable=False, index=True),  # status.Status
    Column("subject_email", String(254), nullable=False, index=True),  # lower-case
    Column("subject_name", String(200)),
    Column("subject_details", JsonDoc),  # other facts the subject gave (postcode, reference, ...)
    Column("client_id", Integer, index=True),  # set: a client's debtor (processor mode)
    Column("deadline_owner", String(16), nullable=False),  # status.DeadlineOwner
    Column("channel", String(16), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("target_date", Date, nullable=False),
    Column("due_date", Date, nullable=False, index=True),
    Column("extended_due_date", Date),
    Column("extension_reason", Text),
    Column("changes", JsonDoc),  # rectification: {column: new value}
    Column("reason", Text),  # restriction/objection: the subject's grounds
    Column("verification_method", String(32)),
    Column("verified_by", String(64)),
    Column("verified_at", UtcDateTime),
    Column("admissible", Boolean),  # the controller's decision (processor mode) or None
    Column("decision_reason", Text),
    Column("decided_by", String(64)),
    Column("decided_at", UtcDateTime),
    Column("reject_ground", String(32)),
    Column("reject_reason", Text),
    Column("result", JsonDoc),  # what was done: counts, kept rows and why, recipients (no personal data)
    Column("export_blob", String(200)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_role", String(32), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
    # Set while the request is open: two intakes of the same request at the same moment cannot
    # both create one (the unique index below); cleared when the request closes.
    Column("open_key", String(300)),
)

Index("uq_dsar_requests_open_key", dsar_requests.c.open_key, unique=True,
      mssql_where=dsar_requests.c.open_key.isnot(None))

