"""API models of the complaint log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, ConfigDict, Field, model_validator

from shared.http.model import ApiModel

Text = Annotated[str, Field(min_length=3, max_length=8000)]
Ref = Annotated[str, Field(min_length=1, max_length=64)]


class Topic(StrEnum):
    REQUEST = "request"  # how a data subject request was handled
    BREACH = "breach"
    RETENTION = "retention"
    COLLECTION = "collection"  # processing in debt collection
    OTHER = "other"


class ApStatus(StrEnum):
    """The AP's part: a complaint lodged with the AP (Art. 77) and what became of it."""

    COMPLAINT_LODGED = "complaint_lodged"
    INFORMATION_REQUESTED = "information_requested"
    INVESTIGATION = "investigation"
    CLOSED = "closed"


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ComplaintIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    received_at: AwareDatetime | None = None  # default: now
    channel: Annotated[str, Field(pattern="^(email|letter|phone|portal|in_person|authority)$")] = "email"
    topic: Topic
    summary: Text
    reference: Ref | None = None
    dsar_id: Annotated[str, Field(pattern=r"^[0-9a-f-]{36}$")] | None = None
    client_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    ap_status: ApStatus | None = None
    ap_reference: Ref | None = None


class ComplaintPatch(ApiModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    outcome: Text | None = None
    ap_status: ApStatus | None = None
    ap_reference: Ref | None = None

    @model_validator(mode="after")
    def _closing_needs_outcome(self) -> ComplaintPatch:
        if self.status is Status.CLOSED and not self.outcome:
            raise ValueError("outcome is required to close a complaint: say how it was handled")
        return self


class ComplaintOut(ApiModel):
    id: str
    received_at: datetime
    channel: str
    topic: Topic
    summary: str
    reference: str | None
    dsar_id: str | None
    client_id: int | None
    status: Status
    outcome: str | None
    ap_involved: bool
    ap_status: ApStatus | None
    ap_reference: str | None
    closed_at: datetime | None


class ComplaintList(ApiModel):
    items: list[ComplaintOut]
    next: str | None


class ListQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100
    cursor: Annotated[str, Field(max_length=200)] | None = None
