"""Store tables of the breaches area (free text is UnicodeText: NVARCHAR(max) on SQL Server, as
the Dutch texts need): the register of breaches (Art. 33(5)) with the history of
assessments, decisions, notifications and evaluations, and what the deadline watch has sent."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    UnicodeText,
)

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

breaches = Table(
    "breaches",
    md,
    Column("id", Id, primary_key=True),
    Column("status", String(16), nullable=False, index=True),  # shared.breaches.status.BreachStatus
    Column("summary", UnicodeText, nullable=False),
    Column("became_aware_at", UtcDateTime, nullable=False),
    Column("authority_due_at", UtcDateTime, nullable=False, index=True),  # became_aware_at + 72 h
    Column("started_at", UtcDateTime),
    Column("ended_at", UtcDateTime),
    Column("ongoing", Boolean, nullable=False, default=False),
    Column("discovered_how", UnicodeText),
    Column("incident_type", String(32)),  # IncidentType
    Column("incident_other", UnicodeText),
    Column("nature", JsonDoc, nullable=False),  # [Nature]
    Column("data_kinds", JsonDoc, nullable=False),  # [DataKind]
    Column("data_other", UnicodeText),
    Column("subject_categories", JsonDoc, nullable=False),  # [SubjectCategory]
    Column("subject_categories_other", UnicodeText),
    Column("subjects_min", Integer),
    Column("subjects_max", Integer),
    Column("records_count", Integer),
    Column("protection", String(32)),  # Protection
    Column("protection_how", UnicodeText),
    Column("processors", JsonDoc, nullable=False),  # [processor name]
    Column("likely_consequences", UnicodeText),
    Column("measures_taken", UnicodeText),  # herstelmaatregelen
    Column("cross_border", Boolean, nullable=False, default=False),
    Column("other_authorities", UnicodeText),
    # Denormalised for the deadline watch: None until assessed, then the current outcome's answer.
    Column("authority_required", Boolean),
    Column("authority_notified_at", UtcDateTime),  # the first notification to the AP
    Column("reported_at", UtcDateTime, nullable=False, index=True),
    Column("reported_by", String(64), nullable=False),
    Column("reported_by_role", String(32), nullable=False),
    Column("closed_at", UtcDateTime),
    # From the data it affects: controller (own relations), processor (clients' data), both.
    Column("incassotool_role", String(16)),
)

# One row per affected client (a controller): its own Art. 33(2) notice with its own clock.
breach_clients = Table(
    "breach_clients",
    md,
    Column("breach_id", Id, ForeignKey("breaches.id"), primary_key=True),
    Column("client_id", Integer, primary_key=True, index=True),  # platform clients.id
    Column("subjects_count", Integer),  # this client's subjects affected, when known
    Column("records_count", Integer),  # this client's records affected, when known
    Column("notice_due_at", UtcDateTime),  # became_aware_at + PRIVACY_BREACH_CLIENT_NOTICE_HOURS
    Column("notified_at", UtcDateTime),  # the Art. 33(2) notice was sent
    Column("notice_late", Boolean),
    Column("authority_reference", String(100)),  # the controller's own AP filing, when it tells us
    Column("mandate_instruction_id", Id),  # the client's mandate for Incassotool to file for it
)

breach_assessments = Table(
    "breach_assessments",
    md,
    Column("id", Id, primary_key=True),
    Column("breach_id", Id, ForeignKey("breaches.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # 1, 2, ... within the breach: the order of events
    Column("assessed_at", UtcDateTime, nullable=False),
    Column("assessed_by", String(64), nullable=False),
    Column("inputs", JsonDoc, nullable=False),  # the ENISA inputs and EDPB facts
    Column("score", Numeric(5, 2), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("outcome", String(40), nullable=False),
    Column("subjects_channel", String(24), nullable=False),
    Column("reasoning", JsonDoc, nullable=False),  # [Dutch sentences]
    Column("authority_reasoning", UnicodeText, nullable=False),
    Column("subjects_reasoning", UnicodeText, nullable=False),
    Column("consequences", UnicodeText),
    Column("harm", JsonDoc, nullable=False),  # [Harm]
)

breach_decisions = Table(
    "breach_decisions",
    md,
    Column("id", Id, primary_key=True),
    Column("breach_id", Id, ForeignKey("breaches.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # 1, 2, ... within the breach: the order of events
    Column("assessment_id", Id, ForeignKey("breach_assessments.id"), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("outcome", String(40), nullable=False),
    Column("subjects_channel", String(24), nullable=False),
    Column("overridden", Boolean, nullable=False),
    Column("reason", UnicodeText),
)

breach_notifications = Table(
    "breach_notifications",
    md,
    Column("id", Id, primary_key=True),
    Column("breach_id", Id, ForeignKey("breaches.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # 1, 2, ... within the breach: the order of events
    Column("target", String(16), nullable=False),  # Target
    Column("phase", String(16)),  # Phase, for the AP
    Column("sent_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("authority_reference", String(64)),
    Column("late", Boolean, nullable=False, default=False),
    Column("delay_reasons", UnicodeText),
    Column("reason", UnicodeText),  # why subjects were told against the decision, or why publicly
    Column("channel", UnicodeText),  # where a public communication appeared
    Column("client_ids", JsonDoc),  # the clients told
    Column("recipients_count", Integer, nullable=False, default=0),
    Column("letter_ids", JsonDoc),  # outbox ids
    Column("notes", UnicodeText),
)

breach_evaluations = Table(
    "breach_evaluations",
    md,
    Column("id", Id, primary_key=True),
    Column("breach_id", Id, ForeignKey("breaches.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # 1, 2, ... within the breach: the order of events
    Column("evaluated_at", UtcDateTime, nullable=False),
    Column("evaluated_by", String(64), nullable=False),
    Column("lessons_learned", UnicodeText, nullable=False),
    Column("superseded_at", UtcDateTime),  # a later evaluation replaced this one
)

breach_measures = Table(
    "breach_measures",
    md,
    Column("id", Id, primary_key=True),
    Column("evaluation_id", Id, ForeignKey("breach_evaluations.id"), nullable=False, index=True),
    Column("breach_id", Id, ForeignKey("breaches.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("description", UnicodeText, nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due_date", Date, nullable=False, index=True),
    Column("done_on", Date),
)
