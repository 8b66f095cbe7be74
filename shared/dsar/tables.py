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


# A reasonable doubt about the requester's identity (Art. 12(6)): what was asked, and when the
# answer came. The days between are the clock's pause (shared/deadlines.py, docs/lifecycles.md).
dsar_doubts = Table(
    "dsar_doubts",
    md,
    Column("id", Id, primary_key=True),
    Column("request_id", Id, nullable=False, index=True),
    Column("reason", Text, nullable=False),  # why the doubt is reasonable
    Column("missing", JsonDoc, nullable=False),  # doubt.MissingItem codes: exactly what is asked
    Column("raised_at", UtcDateTime, nullable=False),
    Column("raised_by", String(64), nullable=False),
    Column("basis", String(16), nullable=False),  # decisions.Basis
    Column("answered_at", UtcDateTime),  # when the information arrived; None while the clock is paused
    Column("answered_by", String(64)),
    Column("paused_days", Integer),
)

# The decision on an objection (Art. 21): compelling grounds that override, or not, with reasons.
objection_decisions = Table(
    "objection_decisions",
    md,
    Column("request_id", Id, primary_key=True),
    Column("overriding", Boolean, nullable=False),
    Column("direct_marketing", Boolean, nullable=False),  # Art. 21(2)-(3): absolute, never overriding
    Column("reasons", Text, nullable=False),
    Column("basis", String(16), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("decided_by", String(64), nullable=False),
)

# Proof of a prospect's consent (Art. 7(1)): ids, the text shown and its hash, the channel and the
# moments. No personal data: it outlives the prospect's deletion as the accountability record.
consent_proofs = Table(
    "consent_proofs",
    md,
    Column("id", Id, primary_key=True),
    Column("prospect_id", Integer, nullable=False, index=True),  # platform ids, not personal data once erased
    Column("consent_id", Integer, nullable=False, index=True),
    Column("purpose", String(64), nullable=False),
    Column("text_version", String(64), nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("channel", String(16), nullable=False),  # consent.ConsentChannel
    Column("given_at", UtcDateTime, nullable=False),
    Column("valid_until", Date, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("withdrawn_at", UtcDateTime),
    Column("withdrawal_channel", String(16)),
)
