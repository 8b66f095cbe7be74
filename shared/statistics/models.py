"""API models of the statistics route."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from shared.http.model import ApiModel


class StatisticsQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    year: Annotated[int, Field(ge=2000, le=2100)]


class RequestTotals(ApiModel):
    received: int
    open: int
    closed: int
    on_time: int
    late: int


class RequestsInMonth(ApiModel):
    month: int
    type: str
    received: int


class AnsweredInMonth(ApiModel):
    month: int
    closed: int
    on_time: int


class BreachCount(ApiModel):
    severity: str | None
    authority_notified: bool
    count: int


class SweepRemoval(ApiModel):
    policy: str
    action: str
    rows: int


class ComplaintTotals(ApiModel):
    received: int
    closed: int
    ap_involved: int


class DpiaTotals(ApiModel):
    total: int
    required: int
    completed: int
    prior_consultation: int


class StatisticsOut(ApiModel):
    year: int
    requests: RequestTotals
    requests_by_month: list[RequestsInMonth]
    answered_by_month: list[AnsweredInMonth]
    breaches: list[BreachCount]
    sweep_removals: list[SweepRemoval]
    complaints: ComplaintTotals
    dpias: DpiaTotals
