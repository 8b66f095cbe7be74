"""Store tables of the retention area."""

from sqlalchemy import Boolean, Column, Date, Integer, String, Table, Text, UniqueConstraint

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

# The officer's current setting of a policy; a policy without a row has its default.
retention_policy_settings = Table(
    "retention_policy_settings",
    md,
    Column("policy_id", String(64), primary_key=True),
    Column("period_months", Integer),
    Column("action", String(16), nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# Every change, with the policy before and after (values only, no personal data).
retention_policy_versions = Table(
    "retention_policy_versions",
    md,
    Column("id", Id, primary_key=True),
    Column("policy_id", String(64), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("before", JsonDoc, nullable=False),
    Column("after", JsonDoc, nullable=False),
    Column("reason", Text),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("changed_by", String(64), nullable=False),
    UniqueConstraint("policy_id", "version", name="uq_retention_policy_versions_version"),
)


# A client's own periods for its files (it is the controller of its debtors' data): one row per
# version; the highest version of a (client, policy) is in force. Within the policy's legal floor.
client_retention_settings = Table(
    "client_retention_settings",
    md,
    Column("id", Id, primary_key=True),
    Column("client_id", Integer, nullable=False, index=True),
    Column("policy_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("period_months", Integer, nullable=False),
    Column("reason", Text),
    Column("basis", String(16), nullable=False),  # shared.decisions.Basis: the client itself, or its instruction
    Column("changed_at", UtcDateTime, nullable=False),
    Column("changed_by", String(64), nullable=False),
    UniqueConstraint("client_id", "policy_id", "version", name="uq_client_retention_settings_version"),
)


# Open claims past their limitation, reported to the client (the creditor), and its decision:
# write off (the file is closed and follows the closed-file policy) or keep pursuing, with a reason.
# One row per file and limitation date: new events that move the date ask the client again.
time_barred_claims = Table(
    "time_barred_claims",
    md,
    Column("id", Id, primary_key=True),
    Column("client_id", Integer, nullable=False, index=True),
    Column("dossier_id", Integer, nullable=False),  # the platform's file id
    Column("barred_from", Date, nullable=False),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("decision", String(16)),  # None: awaiting | write_off | pursue
    Column("reason", Text),
    Column("basis", String(16)),  # shared.decisions.Basis
    Column("decided_by", String(64)),
    Column("decided_at", UtcDateTime),
    UniqueConstraint("dossier_id", "barred_from", name="uq_time_barred_claims_file_date"),
)
