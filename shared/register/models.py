"""API models of the register. Shapes only; the rules that need the data map or the store live in
rules.py and service.py."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from shared.http.model import ApiModel
from shared.register.countries import Safeguard

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{1,63}$")]
Country = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]


class Strict(ApiModel):
    model_config = ConfigDict(extra="forbid")


class Role(StrEnum):
    CONTROLLER = "controller"
    PROCESSOR = "processor"
    BOTH = "both"  # controller for its own relations, processor for the clients' data


class LegalBasis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class Scope(StrEnum):
    TABLES = "tables"  # the tables the data map ties to this activity
    ALL = "all"  # every mapped table (backups, access requests)
    NONE = "none"  # no platform table (website tools, the breach register)


class BasisItem(Strict):
    basis: LegalBasis
    explanation: Text


class Recipient(Strict):
    name: Text
    kind: Literal["processor", "joint_controller", "third_party", "authority", "client", "internal"]
    processor_id: Code | None = None  # a row of the third-party register
    country: Country | None = None


class Transfer(Strict):
    recipient: Name
    country: Country
    safeguard: Safeguard | None = None
    verified: bool = False  # has the FG checked the safeguard (certificate, signed clauses)?
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class Retention(Strict):
    policy_ids: list[Code] = Field(default_factory=list, max_length=20)
    description: Text


class DataMapScope(Strict):
    scope: Scope = Scope.TABLES
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class RiskInput(Strict):
    special_categories: bool = False
    large_scale: bool = False
    new_technology: bool = False
    measures_sufficient: bool | None = None  # None: not yet judged
    notes: list[Text] = Field(default_factory=list, max_length=50)


class ActivityIn(Strict):
    """PUT body: the whole activity (the id is in the path)."""

    name: Name
    description: Text
    role: Role
    purposes: list[Text] = Field(min_length=1, max_length=30)
    legal_basis: list[BasisItem] = Field(min_length=1, max_length=10)
    subject_categories: list[Code] = Field(min_length=1, max_length=30)
    data_categories: list[Code] = Field(min_length=1, max_length=50)
    recipients: list[Recipient] = Field(min_length=1, max_length=50)
    transfers: list[Transfer] = Field(default_factory=list, max_length=50)
    retention: Retention
    security_measures: list[Code] = Field(min_length=1, max_length=50)
    data_map: DataMapScope = Field(default_factory=DataMapScope)
    risk: RiskInput = Field(default_factory=RiskInput)
    reviewed: bool = False  # the FG reviewed the risk assessment now (stamps reviewed_at/by)


class ActivityCreate(ActivityIn):
    id: Code


class SubProcessor(Strict):
    name: Name
    service: Text
    country: Country
    safeguard: Safeguard | None = None


class Agreement(Strict):
    reference: Text
    date: dt.date


class ProcessorIn(Strict):
    """PUT body of a processor: every processor has a written agreement with its date."""

    name: Name
    service: Text
    location: Name
    country: Country
    safeguard: Safeguard | None = None  # needed when `country` is outside the EU/EEA without adequacy
    agreement: Agreement
    sub_processors: list[SubProcessor] = Field(default_factory=list, max_length=100)
    transfers: list[Transfer] = Field(default_factory=list, max_length=50)
    notes: list[Text] = Field(default_factory=list, max_length=50)


class ProcessorCreate(ProcessorIn):
    id: Code


class ExportQuery(Strict):
    format: Literal["json", "csv", "html"] = "json"


# --- responses (documented in the OpenAPI; a test validates real answers against them) -----------

class Party(ApiModel):
    name: str
    contact: str
    address: str | None = None
    title: str | None = None
    phone: str | None = None


class MeasureOut(ApiModel):
    id: str
    text_nl: str
    text_en: str


class TransferOut(Transfer):
    model_config = ConfigDict(extra="forbid")
    via: str | None  # the processor the transfer comes through; None: the activity's own
    safeguard_nl: str | None


class MapTable(ApiModel):
    table: str
    columns: list[str]


class MapLink(ApiModel):
    scope: Scope
    reason: str
    tables: list[MapTable]
    subject_categories: list[str]
    data_categories: list[str]
    retention_policy_ids: list[str]


class RiskFlags(ApiModel):
    special_categories: bool
    large_scale: bool
    transfers: bool
    new_technology: bool


class RiskOut(ApiModel):
    flags: RiskFlags
    measures: list[str]
    rating: Literal["low", "medium", "high"]
    rating_nl: str
    dpia_indicated: bool
    measures_sufficient: bool | None
    problems: list[str]
    notes: list[str]
    reviewed_at: str | None
    reviewed_by: str | None


class BasisOut(BasisItem):
    basis_nl: str


class PolicyStatement(ApiModel):
    id: str
    statement_nl: str


class RetentionOut(ApiModel):
    policy_ids: list[str]
    policies: list[PolicyStatement]  # each policy as it applies now (the live retention settings)
    description: str  # from the live policies; the stored text where the activity names none
    note_nl: str  # the stored text, when the policies describe the retention


class ActivityOut(ApiModel):
    id: str
    name: str
    description: str
    role: Role
    role_nl: str
    controller: Party
    processor: Party | None
    dpo: Party
    purposes: list[str]
    legal_basis: list[BasisOut]
    subject_categories: list[str]
    data_categories: list[str]
    recipients: list[Recipient]
    transfers: list[TransferOut]
    transfers_statement: str
    retention: RetentionOut
    security_measures: list[MeasureOut]
    data_map: MapLink
    risk: RiskOut
    art30_missing: list[str]  # Art. 30(1) elements left empty: [] when complete
    version: int
    updated_at: dt.datetime
    updated_by: str


class AgreementOut(ApiModel):
    reference: str | None
    date: dt.date | None


class ProcessorOut(ApiModel):
    id: str
    name: str
    service: str
    location: str
    country: str
    safeguard: Safeguard | None
    agreement: AgreementOut
    sub_processors: list[SubProcessor]
    transfers: list[Transfer]
    notes: list[str]
    missing: list[str]  # fields still to record, e.g. agreement.date of a seeded processor
    version: int
    updated_at: dt.datetime
    updated_by: str


class MapColumn(ApiModel):
    name: str
    label_nl: str
    category: str
    erasure: str
    provided_by_subject: bool


class MapTableOut(ApiModel):
    table: str
    label_nl: str
    subject_category: str
    activities: list[str]
    retention: list[str]
    legal_duty: str | None
    legal_duty_nl: str | None
    erasure: str
    client_scoped: bool
    identity_keys: list[str]
    columns: list[MapColumn]


class DataMapOut(ApiModel):
    tables: list[MapTableOut]
    activities: list[str]
    retention_policies: list[str]
    unknown_activities: list[str]  # activity ids of the map that the register does not know
    link_problems: list[str]  # where the stored register and the map disagree: [] when they agree
    coverage: MapCoverage | None  # the last nightly check against the live schema; null before the first


class Coverage(ApiModel):
    tables: int
    tables_mapped: int
    columns: int
    columns_mapped: int
    percent: float


class MapCoverage(ApiModel):
    checked_at: dt.datetime
    ok: bool
    findings: int
    coverage: Coverage
