"""API models of the exits area."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, ConfigDict, Field

from shared.exits.status import Choice, ExitStatus, ViewerStatus
from shared.http.model import ApiModel
from shared.http.paging import PageQuery


class ExitCreate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    client_id: int = Field(gt=0)
    choice: Choice
    # Staff only, for a notice received by letter: when it arrived, why it is entered late, and the
    # letter's reference. Older than PRIVACY_EXIT_BACKDATE_DAYS only by the Privacy Officer.
    requested_at: AwareDatetime | None = None
    requested_reason: str | None = Field(default=None, min_length=3, max_length=200)
    letter_reference: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9./_-]+$")


class ExitUpdate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    choice: Choice


class ExitListQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    # A keyset cursor (created_at, id) is longer than a position cursor.
    cursor: str | None = Field(default=None, max_length=200, description="`next` of the previous page")

    client_id: int | None = Field(default=None, gt=0, lt=2**31, description="only this client's exits")
    status: ExitStatus | None = None


class ViewerListQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    client_id: int | None = Field(default=None, gt=0, lt=2**31, description="only this client's viewer account")


class ExportQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    download: bool = False  # ?download=1: sent on to the link (303), where Blob storage streams the zip


class ExportInfo(ApiModel):
    built_at: datetime
    sha256: str
    counts: dict[str, int]


class ExitOut(ApiModel):
    id: str
    client_id: int
    choice: Choice
    status: ExitStatus
    requested_at: datetime
    effective_date: date
    created_at: datetime
    cancelled_at: datetime | None = None
    reminder_sent_at: datetime | None = None
    waiting_reason: str | None = None
    export: ExportInfo | None = None
    destroyed_at: datetime | None = None
    certificate: dict[str, Any] | None = None
    certificate_text: str | None = None


class ExportLink(ApiModel):
    url: str
    expires_at: datetime
    built_at: datetime
    sha256: str


class ExportPreparing(ApiModel):
    """202: the export is not built yet; the nightly exit_processing builds it."""

    status: str = Field(default="being_prepared", description="always being_prepared")
    detail: str


class ViewerAccountOut(ApiModel):
    id: str
    client_id: int
    exit_id: str
    status: ViewerStatus
    period_start: date
    period_end: date
    fee_invoice: str
    fee_amount: Decimal | None = Field(default=None, description="this year's fee excluding VAT, in euros")
    fee_vat: Decimal | None = Field(default=None, description="the VAT on it, in euros")
    fee_paid_on: date | None = None
    renewed_until: date | None = None  # set once the next year is invoiced
    renewal_warned_for: date | None = None
    lapsed_at: datetime | None = None


class ViewerAccountList(ApiModel):
    items: list[ViewerAccountOut]
