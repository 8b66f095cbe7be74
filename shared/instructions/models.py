"""API models of the controllers' instructions (no database imports: the triggers load these)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, ConfigDict, Field

from shared.http.model import ApiModel


class InstructionChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    PORTAL = "portal"
    IN_PERSON = "in_person"


class InstructionIn(ApiModel):
    """The controller's instruction, recorded as evidence when staff decide on its behalf."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(min_length=1, max_length=100, description="the client's mail, letter or call reference")
    received_at: AwareDatetime
    channel: InstructionChannel
    given_by: str = Field(min_length=2, max_length=200, description="who at the client gave the instruction")


class InstructionOut(ApiModel):
    id: str
    client_id: int
    decision: str
    object_type: str
    object_id: str
    reference: str
    received_at: datetime
    channel: str
    given_by: str
    recorded_at: datetime


class LogQuery(ApiModel):  # the query of GET /clients/{client_id}/instructions
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=500, ge=1, le=5000)
