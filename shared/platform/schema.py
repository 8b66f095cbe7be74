"""Reference schema of a Dutch debt-collection platform.

In Azure the suite points at the real platform database; this schema (with its migrations)
lets the suite run and be tested end to end. Every column is described by the data map
(shared/datamap/reference.yaml); a test fails on a column that is not mapped.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from shared.db.metadata import platform_metadata as md
from shared.db.types import Money, UtcDateTime

clients = Table(
    "clients",
    md,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kvk_number", String(8)),
    Column("contact_name", String(200)),
    Column("email", String(254), index=True),
    Column("phone", String(32)),
    Column("street", String(200)),
    Column("postcode", String(7)),
    Column("city", String(100)),
    Column("iban", String(34)),
    Column("status", String(16), nullable=False, default="active"),  # active | ended
    Column("relationship_started_on", Date, nullable=False),
    Column("relationship_ended_on", Date, index=True),
    Column("read_only", Boolean, nullable=False, default=False),  # viewer account after exit
    Column("created_at", UtcDateTime, nullable=False),
)

client_users = Table(
    "client_users",
    md,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("clients.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("phone", String(32)),
    Column("job_title", String(100)),
    Column("can_write", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime),
)

debtors = Table(
    "debtors",
    md,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("clients.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # consumer | business
    Column("name", String(200), nullable=False),
    Column("email", String(254), index=True),
    Column("phone", String(32)),
    Column("street", String(200)),
    Column("postcode", String(7)),
    Column("city", String(100)),
    Column("birth_date", Date),
    Column("iban", String(34)),
    Column("created_at", UtcDateTime, nullable=False),
)

dossiers = Table(
    "dossiers",
    md,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("clients.id"), nullable=False, index=True),
    Column("debtor_id", Integer, ForeignKey("debtors.id"), nullable=False, index=True),
    Column("reference", String(20), nullable=False, unique=True),
    Column("status", String(16), nullable=False),  # open | paid | closed | written_off
    Column("principal_amount", Money, nullable=False),
    Column("invoice_due_date", Date, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date, index=True),
    Column("last_reminder_on", Date, index=True),  # a written reminder restarts limitation (BW 3:317)
    Column("acknowledged_on", Date),  # the debtor's last acknowledgement of the debt (BW 3:318)
    Column("proceedings_started_on", Date),  # a claim instituted in court interrupts (BW 3:316)
    Column("proceedings_ended_on", Date),  # the new period runs from the end of the proceedings (BW 3:319)
    Column("judgment_on", Date),  # a judgment awarding the claim: 20 years (BW 3:324)
    Column("notes", Text),
)

letters = Table(
    "letters",
    md,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False, index=True),
    Column("kind", String(24), nullable=False),  # reminder | fourteen_day | summons | arrangement
    Column("sent_on", Date, nullable=False),
    Column("channel", String(16), nullable=False),  # post | email
    Column("addressee", String(200)),
    Column("body", Text),
)

payments = Table(
    "payments",
    md,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False, index=True),
    Column("amount", Money, nullable=False),
    Column("paid_on", Date, nullable=False, index=True),
    Column("payer_iban", String(34)),
    Column("payer_name", String(200)),
)

client_invoices = Table(
    "client_invoices",
    md,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("clients.id"), nullable=False, index=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("issued_on", Date, nullable=False, index=True),
    Column("description", String(200), nullable=False),
    Column("amount", Money, nullable=False),
    Column("vat_amount", Money, nullable=False),
    Column("paid_on", Date),
)

contact_registrations = Table(
    "contact_registrations",
    md,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # call | letter | email
    Column("direction", String(8), nullable=False),  # in | out
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("summary", Text),
    Column("staff_id", Integer, ForeignKey("staff.id"), index=True),
)

documents = Table(
    "documents",
    md,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False, index=True),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("blob_path", String(400), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

prospects = Table(
    "prospects",
    md,
    Column("id", Integer, primary_key=True),
    Column("company", String(200)),
    Column("contact_name", String(200), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("phone", String(32)),
    Column("source", String(32), nullable=False),  # website | fair | referral | drift_chat
    Column("created_at", UtcDateTime, nullable=False),
)

prospect_consents = Table(
    "prospect_consents",
    md,
    Column("id", Integer, primary_key=True),
    Column("prospect_id", Integer, ForeignKey("prospects.id"), nullable=False, index=True),
    Column("purpose", String(64), nullable=False),
    Column("given_at", UtcDateTime, nullable=False),
    Column("valid_until", Date, nullable=False, index=True),
    Column("withdrawn_at", UtcDateTime, index=True),
)

staff = Table(
    "staff",
    md,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("phone", String(32)),
    Column("role", String(32), nullable=False),
    Column("employed_from", Date, nullable=False),
    Column("employed_until", Date, index=True),
    Column("mfa_enrolled", Boolean, nullable=False, default=True),
)

client_user_logins = Table(
    "client_user_logins",
    md,
    Column("id", Integer, primary_key=True),
    Column("client_user_id", Integer, ForeignKey("client_users.id"), nullable=False, index=True),
    Column("occurred_at", UtcDateTime, nullable=False, index=True),
    Column("ip_address", String(45)),
    Column("succeeded", Boolean, nullable=False),
)

staff_logins = Table(
    "staff_logins",
    md,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("occurred_at", UtcDateTime, nullable=False, index=True),
    Column("ip_address", String(45)),
    Column("mfa_passed", Boolean, nullable=False),
)

# Retention sweeps look rows up by these dates; discovery by these foreign keys.
Index("ix_dossiers_status_closed_on", dossiers.c.status, dossiers.c.closed_on)
