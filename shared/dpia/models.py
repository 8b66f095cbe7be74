"""API models of the DPIA register."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from shared.dpia.rules import AP_LIST, CRITERIA, Outcome
from shared.http.model import ApiModel


def _code_of(vocabulary: Mapping[str, str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown code; use one of {', '.join(vocabulary)}")
        return value

    return check


Criterion = Annotated[str, AfterValidator(_code_of(CRITERIA)), Field(json_schema_extra={"enum": list(CRITERIA)})]
ApItem = Annotated[str, AfterValidator(_code_of(AP_LIST)), Field(json_schema_extra={"enum": list(AP_LIST)})]
Text = Annotated[str, Field(min_length=1, max_length=8000)]


class DpiaIn(ApiModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=3, max_length=200)]
    activity_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    description: Text | None = None
    criteria: list[Criterion] = Field(default_factory=list, max_length=len(CRITERIA))
    ap_list: list[ApItem] = Field(default_factory=list, max_length=len(AP_LIST))
    risks: Text | None = None
    measures: Text | None = None
    outcome: Outcome | None = None
    conclusion: Text | None = None
    review_on: date | None = None


class DpiaOut(ApiModel):
    id: str
    title: str
    activity_id: str | None
    description: str | None
    criteria: list[str]
    ap_list: list[str]
    required: bool
    screening_nl: list[str]
    risks: str | None
    measures: str | None
    outcome: Outcome | None
    outcome_nl: str | None
    conclusion: str | None
    review_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class DpiaList(ApiModel):
    items: list[DpiaOut]
    next: str | None


class ListQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=500)] = 100
    cursor: Annotated[str, Field(max_length=200)] | None = None


class VocabularyItem(ApiModel):
    code: str
    label_nl: str


class Vocabulary(ApiModel):
    ap_list: list[VocabularyItem]
    ap_list_source: str
    criteria: list[VocabularyItem]
    outcomes: list[VocabularyItem]
