"""API models of the retention area (policies, preview, runs, legal holds)."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator, model_validator

from shared.emails import normalise_email
from shared.http.model import ApiModel
from shared.http.paging import PageQuery
from shared.instructions.models import InstructionIn
from shared.retention.policies import Action

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PolicyUpdate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    period_months: int | None = Field(default=None, ge=0, le=1200)
    action: Action | None = None
    enabled: bool | None = None
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _something(self) -> PolicyUpdate:
        if self.period_months is None and self.action is None and self.enabled is None:
            raise ValueError("give at least one of period_months, action, enabled")
        return self


class HoldSubject(ApiModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        normal = normalise_email(v)
        if normal is None or not _EMAIL.match(normal):
            raise ValueError("not an e-mail address")
        return normal


class HoldCreate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=2000)
    subject: HoldSubject | None = None
    client_id: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _scope(self) -> HoldCreate:
        if self.subject is None and self.client_id is None:
            raise ValueError("give a scope: subject {email}, client_id, or both")
        return self


class HoldLift(ApiModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)


class HoldsQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    active: bool | None = None


class RunsQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=50, ge=1, le=500)


class PolicyOut(ApiModel):
    """A retention policy with its period, action and legal basis."""

    model_config = ConfigDict(extra="allow")
    id: str
    period_months: int | None  # None: no period, nothing is due under this policy
    action: Action
    enabled: bool
    version: int
    period_days: int | None = None  # the suite's own short-lived records: a fixed period in days
    statement_nl: str | None = None  # what the policy keeps, as the letters and the register say it


class RunOut(ApiModel):
    """A sweep run with its evidence (counts per rule and table; no personal data)."""

    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    started_at: datetime


class HoldOut(ApiModel):
    model_config = ConfigDict(extra="allow")
    id: str
    reason: str
    client_id: int | None = None
    active: bool
    created_at: datetime


class ClientPeriodIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    period_months: int = Field(ge=0, le=1200)
    reason: str | None = Field(default=None, max_length=2000)
    instruction: InstructionIn | None = Field(
        default=None, description="staff only: the client's instruction, as evidence")


class ClaimDecision(StrEnum):
    WRITE_OFF = "write_off"  # the file is closed now and follows the closed-file policy
    PURSUE = "pursue"  # the creditor keeps pursuing the claim (with its reason)


class ClaimDecisionIn(ApiModel):
    """The creditor's decision on a time-barred claim (the client's Client.Admin, or staff on its instruction)."""

    model_config = ConfigDict(extra="forbid")

    decision: ClaimDecision
    reason: str = Field(min_length=3, max_length=2000)
    instruction: InstructionIn | None = Field(
        default=None, description="staff only: the client's instruction, as evidence")


class ClaimsQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    awaiting: bool | None = Field(default=None, description="true: only those awaiting the client's decision")
    client_id: int | None = Field(default=None, gt=0, lt=2**31)


class TimeBarredClaimOut(ApiModel):
    """An open claim past its limitation, reported to the client, and the client's decision."""

    id: str
    client_id: int
    dossier_id: int
    barred_from: date
    reported_at: datetime
    decision: ClaimDecision | None  # None: awaiting the client's decision
    reason: str | None
    basis: str | None
    decided_at: datetime | None
