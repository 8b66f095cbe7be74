"""API models of the dsar and me areas."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, field_validator

from shared.dsar.rules import refused_method_text, valid_email
from shared.dsar.status import (
    REFUSED_METHODS,
    Art17Ground,
    ConsentChannel,
    DeadlineOwner,
    MissingItem,
    RejectGround,
    RequestType,
    RestrictionGround,
    Status,
    Verification,
)
from shared.emails import normalise_email
from shared.http.model import ApiModel
from shared.http.paging import PageQuery
from shared.instructions.models import InstructionIn


class StatusGroup(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def checked_email(value: str) -> str:
    """The normal form of an e-mail address, or a validation error."""
    normal = normalise_email(value)
    if normal is None or not valid_email(normal):
        raise ValueError("not a valid e-mail address")
    return normal


EmailAddress = Annotated[str, Field(max_length=254), AfterValidator(checked_email)]


class Channel(StrEnum):
    PORTAL = "portal"
    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in_person"
    CLIENT = "client"  # forwarded by the client (controller)


class SubjectIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    name: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=7)
    phone: str | None = Field(default=None, max_length=32)
    dossier_reference: str | None = Field(default=None, max_length=20)



class DsarCreate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    type: RequestType
    subject: SubjectIn
    client_id: int | None = Field(default=None, ge=1)
    channel: Channel = Channel.EMAIL
    received_at: AwareDatetime | None = None
    changes: dict[str, Any] | None = Field(default=None, description="rectification: {column: new value}")
    reason: str | None = Field(default=None, max_length=4000, description="restriction/objection grounds")


class DsarListQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    group: StatusGroup | None = None
    type: RequestType | None = None


class VerifyIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    method: Verification = Field(description="portal_verified_email is recorded by the portal sign-in itself")
    dossier_reference: str | None = Field(default=None, max_length=20)
    postcode: str | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("method", mode="before")
    @classmethod
    def _no_id_copies(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().lower() in REFUSED_METHODS:
            raise ValueError(refused_method_text())
        return v


class ControllerDecisionIn(ApiModel):
    """A decision that in processor mode is the controller's: staff add the client's instruction."""

    model_config = ConfigDict(extra="forbid")

    instruction: InstructionIn | None = Field(
        default=None, description="processor mode, staff only: the controller's instruction, as evidence")


class DecisionIn(ControllerDecisionIn):
    admissible: bool
    reason: str = Field(min_length=3, max_length=4000)
    art17_ground: Art17Ground | None = Field(
        default=None, description="an admissible erasure request: the controller's ground of Art. 17(1), "
        "recorded with the certificate")


class ExtendIn(ControllerDecisionIn):
    reason: str = Field(min_length=3, max_length=4000)


class RejectIn(ControllerDecisionIn):
    ground: RejectGround
    reason: str = Field(min_length=3, max_length=4000)


class CompleteIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any] | None = None
    note: str | None = Field(default=None, max_length=2000)
    art17_ground: Art17Ground | None = None  # erasure: the ground of Art. 17(1), recorded with the certificate
    restriction_ground: RestrictionGround | None = None  # restriction: the ground of Art. 18(1) (required)


class LiftNoticeIn(ControllerDecisionIn):
    """The notice to the subject before a restriction is lifted (Art. 18(3))."""

    reason: str = Field(min_length=3, max_length=2000)


class LiftIn(ControllerDecisionIn):
    """The decision that lifts a restriction, after the subject was told."""

    reason: str = Field(min_length=3, max_length=2000)


class RestrictionOut(ApiModel):
    request_id: str
    ground: RestrictionGround | None
    rows: int  # rows restricted under this request (still restricted, or lifted now)
    notified_at: datetime | None
    lifted_at: datetime | None
    lifted_by: str | None


class ExportQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    download: bool = False


class DoubtOut(ApiModel):
    id: str
    reason: str
    missing: list[MissingItem]
    raised_at: datetime
    raised_by: str
    basis: str
    answered_at: datetime | None
    paused_days: int | None = Field(description="days the clock stood still; None while it still does")


class ClockOut(ApiModel):
    """The one-month clock of Art. 12(3) and its pauses while a doubt waits for the subject."""

    paused: bool
    paused_since: datetime | None
    paused_days: int = Field(description="days paused by answered doubts, already in the due dates")
    doubts: list[DoubtOut]


class DsarOut(ApiModel):
    id: str
    type: RequestType
    status: Status
    status_group: StatusGroup
    subject_email: str
    client_id: int | None
    deadline_owner: DeadlineOwner
    channel: Channel
    received_at: datetime
    target_date: date
    due_date: date
    extended_due_date: date | None
    extension_reason: str | None = None
    verification: dict[str, Any] | None = None
    decision: dict[str, Any] | None = None
    rejection: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    export_available: bool = False
    related_ids: list[str] = []
    history: list[dict[str, Any]] | None = None
    clock: ClockOut | None = Field(default=None, description="GET /dsar/{id}: the pauses of a recorded doubt")
    changes: dict[str, Any] | None = Field(
        default=None, description="rectification: the changes asked for (the values until applied)")


class LetterStatus(StrEnum):
    """Delivery (mail, portal) reads the outbox and does not yet report back to the suite: every
    letter the suite wrote is queued, and `sent_at` stays null until delivery reports it."""
    QUEUED = "queued"


class RecipientKind(StrEnum):
    SUBJECT = "subject"
    CLIENT = "client"
    AUTHORITY = "authority"
    PUBLIC = "public"


class LettersQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")


class LetterOut(ApiModel):
    id: str
    type: str = Field(description="the letter's topic, e.g. dsar.acknowledged")
    title: str = Field(description="the type in Dutch, as the console shows it")
    status: LetterStatus
    created_at: datetime
    sent_at: datetime | None = None
    recipient_kind: RecipientKind
    recipient: str | None = Field(default=None, description=(
        "the address or client number; only to the FG and staff (a client or the subject sees the kind)"))
    language: str
    subject_line: str
    text: str


class MeDataPatch(ApiModel):
    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any]
    client_id: int | None = Field(default=None, ge=1, description="only the records held for this client")


class MeDataResult(ApiModel):
    id: str | None = Field(description="the first pending request (202), or the applied correction (200)")
    fields: list[str] = Field(description="fields changed at once")
    updated: dict[str, int]
    recipients: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = Field(description="rectification requests waiting for staff or the client")


class MeEmailConfirmIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    request_id: str = Field(min_length=36, max_length=36)


class MeEmailConfirmOut(ApiModel):
    id: str
    new_email_verified_at: datetime


class MeErasureIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    client_id: int | None = Field(default=None, ge=1)


class PackageLink(ApiModel):
    """A short-lived read-only link to the Art. 15/20 package."""

    url: str
    expires_at: datetime


def _a_real_channel(v: ConsentChannel) -> ConsentChannel:
    """`unrecorded` marks consents from before proofs were kept; a caller always says how it came."""
    if v is ConsentChannel.UNRECORDED:
        raise ValueError("say through which channel it reached us; 'unrecorded' is only for older consents")
    return v


class ConsentWithdrawIn(ApiModel):
    """Staff record a prospect's withdrawal of consent (Art. 7(3)), e.g. by phone or letter."""

    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    channel: ConsentChannel = Field(default=ConsentChannel.PHONE, description="how the withdrawal reached us")

    _given = field_validator("channel")(_a_real_channel)


class ConsentWithdrawn(ApiModel):
    prospects: int  # prospect records of this e-mail address
    consents_withdrawn: int  # consents that held until now
    withdrawn_at: datetime
    deleted_by: str  # when the data go


class DoubtIn(ControllerDecisionIn):
    """A reasonable doubt about the requester's identity (Art. 12(6)): why, and exactly what to ask."""

    reason: str = Field(min_length=3, max_length=2000)
    missing: list[MissingItem] = Field(min_length=1, max_length=len(MissingItem))

    @field_validator("missing")
    @classmethod
    def _once(cls, v: list[MissingItem]) -> list[MissingItem]:
        if len(set(v)) != len(v):
            raise ValueError("name each item once")
        return v


class InformationIn(ApiModel):
    """The information a doubt asked for has arrived (by mail, letter or phone): the clock runs again."""

    model_config = ConfigDict(extra="forbid")

    received_at: AwareDatetime | None = Field(default=None, description="when it arrived; now when left out")



class ObjectionDecisionIn(ControllerDecisionIn):
    """The decision on an objection (Art. 21(1)): do compelling legitimate grounds override?"""

    overriding: bool = Field(description="true: compelling grounds override (refusal letter); false: stop and erase")
    reasons: str = Field(min_length=3, max_length=4000)


class ObjectionOut(ApiModel):
    request_id: str
    overriding: bool
    direct_marketing: bool = Field(description="Art. 21(2)-(3): absolute, never overriding")
    reasons: str
    basis: str
    decided_at: datetime
    decided_by: str
    erased: dict[str, int] | None = None  # rows erased per table (not overriding)
    kept: dict[str, dict[str, int]] | None = None  # rows a legal duty keeps, per duty and table


class ConsentIn(ApiModel):
    """A prospect's consent with its proof (Art. 7(1)): the text shown, the channel and the moment."""

    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    contact_name: str | None = Field(default=None, min_length=1, max_length=200,
                                     description="needed for a prospect not known yet")
    company: str | None = Field(default=None, max_length=200)
    purpose: str = Field(min_length=1, max_length=64)
    text_version: str = Field(min_length=1, max_length=64, description="the version id of the consent text shown")
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of that text, lower-case hex")
    channel: ConsentChannel
    given_at: AwareDatetime
    valid_until: date = Field(description="the consent expires after this day")


    _given = field_validator("channel")(_a_real_channel)


class ConsentProofOut(ApiModel):
    id: str
    prospect_id: int
    consent_id: int
    purpose: str
    text_version: str
    text_sha256: str
    channel: ConsentChannel
    given_at: datetime
    valid_until: date
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawal_channel: ConsentChannel | None
