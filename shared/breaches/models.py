"""API models of the breaches area: what the routes take. Checks that need no database or clock
live here (a 422 listing the fields); checks against `now` or the platform live in the commands."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from shared.breaches.risk import CB_VALUES, EI_VALUES, Outcome, Severity, SubjectsChannel
from shared.breaches.rules import DataKind, Harm, IncidentType, Nature, Phase, Protection, Target
from shared.breaches.status import BreachStatus
from shared.datamap.model import SubjectCategory
from shared.decisions import IncassotoolRole
from shared.http.model import ApiModel
from shared.http.paging import PageQuery
from shared.instructions.models import InstructionIn

Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]


def _one_of(allowed: tuple[Decimal, ...]):
    def check(value: Decimal) -> Decimal:
        for candidate in allowed:
            if value == candidate:
                return candidate
        raise ValueError(f"must be one of {', '.join(str(a) for a in allowed)}")

    return check


EI = Annotated[Decimal, AfterValidator(_one_of(EI_VALUES))]
CB = Annotated[Decimal, AfterValidator(_one_of(CB_VALUES))]


class _Strict(ApiModel):
    model_config = ConfigDict(extra="forbid")


class ClientFacts(_Strict):
    """What a breach means for one affected client: the counts its Art. 33(2) notice gives."""

    client_id: Annotated[int, Field(ge=1)]
    subjects_count: Count | None = None
    records_count: Count | None = None


class BreachIn(_Strict):
    summary: Text
    became_aware_at: AwareDatetime
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    ongoing: StrictBool = False
    discovered_how: Text | None = None
    incident_type: IncidentType | None = None
    incident_other: Text | None = None
    nature: list[Nature] = Field(default_factory=list, max_length=3)
    data_kinds: list[DataKind] = Field(default_factory=list, max_length=10)
    data_other: Text | None = None
    subject_categories: list[SubjectCategory] = Field(default_factory=list, max_length=10)
    subject_categories_other: Text | None = None
    subjects_min: Count | None = None
    subjects_max: Count | None = None
    records_count: Count | None = None
    protection: Protection | None = None
    protection_how: Text | None = None
    processors: list[ShortText] = Field(default_factory=list, max_length=50)
    client_ids: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list, max_length=10_000)
    client_facts: list[ClientFacts] = Field(default_factory=list, max_length=10_000,
                                            description="per affected client: its counts (added to client_ids)")
    likely_consequences: Text | None = None
    measures_taken: Text | None = None
    cross_border: StrictBool = False
    other_authorities: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> BreachIn:
        if self.subjects_min is not None and self.subjects_max is not None and self.subjects_min > self.subjects_max:
            raise ValueError("subjects_min must not exceed subjects_max")
        if self.ongoing and self.ended_at is not None:
            raise ValueError("an ongoing breach has no ended_at")
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValueError("ended_at must not be before started_at")
        if self.protection not in (None, Protection.NONE) and not self.protection_how:
            raise ValueError("protection_how is required: say how the data were made unintelligible")
        if DataKind.OTHER in self.data_kinds and not self.data_other:
            raise ValueError("data_other is required when data_kinds holds 'other'")
        if self.incident_type is IncidentType.OTHER and not self.incident_other:
            raise ValueError("incident_other is required when incident_type is 'other'")
        return self


class AssessmentIn(_Strict):
    # ENISA inputs
    dpc: Annotated[int, Field(strict=True, ge=1, le=4)]
    ei: EI
    cb_confidentiality: CB
    cb_integrity: CB
    cb_availability: CB
    malicious: StrictBool
    # EDPB factors, as facts
    special_categories: StrictBool = False
    criminal_data: StrictBool = False
    vulnerable_subjects: StrictBool = False
    subjects_max: Count | None = None  # default: the breach's own maximum
    # Not taken from the intake "protection": encryption counts only if the key stayed safe.
    data_unintelligible: StrictBool = False
    high_risk_removed_by_measures: StrictBool = False
    disproportionate_effort: StrictBool = False
    # Gevolgen, for the AP form
    consequences: Text | None = None
    harm: list[Harm] = Field(default_factory=list, max_length=3)


class DecisionIn(_Strict):
    outcome: Outcome | None = None  # None: follow the latest assessment
    subjects_channel: SubjectsChannel | None = None
    reason: Text | None = None


class NotificationIn(_Strict):
    target: Target
    sent_at: AwareDatetime | None = None  # default: now
    phase: Phase | None = None  # authority only; default first, then follow_up
    authority_reference: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    delay_reasons: Text | None = None
    client_ids: list[Annotated[int, Field(ge=1)]] | None = None  # clients: default every affected client
    recipients: list[Email] | None = Field(default=None, max_length=10_000)  # subjects
    reason: Text | None = None
    channel: Text | None = None  # public: where it was published
    notes: Text | None = None

    @model_validator(mode="after")
    def _fits_target(self) -> NotificationIn:
        if self.target is not Target.AUTHORITY and (self.phase or self.authority_reference or self.delay_reasons):
            raise ValueError("phase, authority_reference and delay_reasons apply to target 'authority' only")
        if self.target is Target.AUTHORITY and not self.authority_reference:
            raise ValueError("authority_reference is required: the AP's reference for the notification")
        if self.target not in (Target.CLIENTS, Target.AUTHORITY) and self.client_ids is not None:
            raise ValueError("client_ids apply to target 'clients', or 'authority' for a filing under the clients' "
                             "mandate")
        if self.target is not Target.SUBJECTS and self.recipients is not None:
            raise ValueError("recipients apply to target 'subjects' only")
        if self.target is Target.PUBLIC and not (self.reason and self.channel):
            raise ValueError("a public communication needs the reason (why individual notice is "
                             "disproportionate) and the channel where it appears")
        return self


class BreachClientIn(_Strict):
    """What an affected client (the controller) told Incassotool: its own AP reference, or its
    mandate for Incassotool to file for it (recorded like an instruction)."""

    authority_reference: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    mandate: InstructionIn | None = None

    @model_validator(mode="after")
    def _something(self) -> BreachClientIn:
        if self.authority_reference is None and self.mandate is None:
            raise ValueError("give authority_reference, mandate, or both")
        return self


class MeasureIn(_Strict):
    description: Text
    owner: ShortText
    due_date: date
    done_on: date | None = None


class EvaluationIn(_Strict):
    lessons_learned: Text
    measures: list[MeasureIn] = Field(default_factory=list, max_length=100)


class ListQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")
    status: BreachStatus | None = None
    group: Literal["open", "closed"] | None = None


class RegisterQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")
    format: Literal["json", "csv"] = "json"


class ReportQuery(ApiModel):
    format: Literal["json", "text"] = "json"


class CreatedOut(ApiModel):
    id: str
    status: BreachStatus
    became_aware_at: datetime
    authority_notification_due_at: datetime
    incassotool_role: IncassotoolRole | None = Field(
        default=None, description="controller (own relations), processor (clients' data) or both")


class AssessmentOut(ApiModel):
    id: str
    breach_id: str
    assessed_at: datetime
    score: Decimal
    severity: Severity
    outcome: Outcome
    notify_authority: bool
    notify_authority_reasoning: str
    notify_subjects: bool
    notify_subjects_reasoning: str
    subjects_channel: SubjectsChannel
    reasoning: list[str]


class BreachSummary(ApiModel):
    """A breach in a list."""

    model_config = ConfigDict(extra="allow")
    id: str
    status: BreachStatus
    summary: str
    became_aware_at: datetime
    authority_notification_due_at: datetime
    authority_notified_at: datetime | None = None
    reported_at: datetime
    closed_at: datetime | None = None


class BreachView(ApiModel):
    """One breach with its assessments, decisions, notifications and evaluation."""

    model_config = ConfigDict(extra="allow")
    id: str
    status: BreachStatus
    summary: str
    became_aware_at: datetime
    authority_notification_due_at: datetime
