"""The schema of a data-map file (YAML), as pydantic models, and its translation into the map
objects the suite reads (shared/datamap/model.py). Pure: no file or database access here."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.datamap.model import (
    ClaimLimitation,
    Col,
    DataCategory,
    DataMap,
    DueRule,
    Erasure,
    ExitRule,
    FeeInvoiceColumns,
    Hop,
    LegalDuty,
    RetentionTarget,
    StatusColumn,
    StillValid,
    SubjectCategory,
    TableMap,
)

NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
Name = Field(pattern=NAME, max_length=128)
OptionalName = Field(default=None, pattern=NAME, max_length=128)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HopSpec(_Strict):
    column: str = Name
    parent: str = Name
    parent_key: str = "id"


class Evidence(_Strict):
    """Why `privacy datamap generate` proposed a category: counts only, never a sampled value."""

    rule: str
    matched: int = Field(ge=0)
    sampled: int = Field(ge=0)
    confidence: float = Field(ge=0, le=1)


class ColumnSpec(_Strict):
    category: DataCategory
    erasure: Erasure = Erasure.NULL
    provided: bool = False  # Art. 20: the subject provided it
    type: str = ""
    label_nl: str = Field(min_length=1)
    review: Literal["pending", "confirmed"] = "confirmed"
    evidence: list[Evidence] = []


class StatusSpec(_Strict):
    column: str = Name
    groups: dict[str, list[str]]


class FeeInvoiceSpec(_Strict):
    """The columns of Incassotool's invoice to the client for the viewer-account fee."""

    number: str = Name
    issued_on: str = Name
    description: str = Name
    amount: str = Name
    vat: str = Name
    paid_on: str = Name


class ExitSpec(_Strict):
    keep: bool = False  # kept whole at a client's exit (a duty of Incassotool's own)
    reason_nl: str | None = None
    export_first: bool = False  # this table leads the exit export
    file_name: str | None = OptionalName  # the original name of blob_column's file
    read_only: str | None = OptionalName  # on the client table
    ended_on: str | None = OptionalName  # on the client table
    write_flag: str | None = OptionalName  # on a table of the client's users
    fee_invoices: FeeInvoiceSpec | None = None

    @model_validator(mode="after")
    def _reason(self) -> ExitSpec:
        if self.keep and not self.reason_nl:
            raise ValueError("a table kept at exit needs its reason_nl")
        return self

    def columns(self) -> list[str]:
        fee = list(self.fee_invoices.model_dump().values()) if self.fee_invoices else []
        return [c for c in (self.file_name, self.read_only, self.ended_on, self.write_flag, *fee) if c]


class StillValidSpec(_Strict):
    table: str = Name
    valid_until: str = Name
    withdrawn: str | None = None


class DueSpec(_Strict):
    date: str | None = None
    cutoff: Literal["months", "fiscal", "open_claim"] = "months"
    status: str | None = None
    later: list[str] = []
    without: str | None = None
    no_valid: StillValidSpec | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> DueSpec:
        if (self.date is None) == (self.no_valid is None):
            raise ValueError("a due rule has either a date or no_valid")
        return self


class TargetSpec(_Strict):
    table: str = Name
    due: DueSpec
    children: list[str] = []


class VerificationSpec(_Strict):
    reference: str = Field(pattern=r"^\w+\.\w+$")  # table.column of a unique reference
    postcode: str = Field(pattern=r"^\w+\.\w+$")  # table.column on the reference table's root


class LimitationSpec(_Strict):
    """The facts an open claim's limitation follows (shared/retention/claims.py), on the claim table."""

    table: str = Name  # the collection files
    due: str = Name  # the date the claim fell due (BW 3:307)
    restarts: list[Annotated[str, Field(pattern=r"^\w+\.\w+$")]] = []  # table.column: reminders, payments, ...
    proceedings_started: str | None = None
    proceedings_ended: str | None = None
    judgment: str | None = None
    written_off: str = Field(min_length=1)  # the status value a creditor's write-off sets (a closed value)
    closed_on: str = Name  # the closing date the write-off sets


class TableSpec(_Strict):
    label_nl: str = Field(min_length=1)
    subject: SubjectCategory
    activities: list[str] = Field(min_length=1)
    retention: list[str] = []
    erasure: Erasure
    key: str = "id"  # the primary key column
    identity_keys: list[str] = []
    parent: HopSpec | None = None
    client_path: list[HopSpec] | None = None
    legal_duty: LegalDuty | None = None
    blob_column: str | None = None
    order_by: str | None = None
    name_column: str | None = OptionalName  # the column that names a row in letters (the client's name)
    generated: bool = False
    status: StatusSpec | None = None
    exit: ExitSpec = ExitSpec()
    review: Literal["pending", "confirmed"] = "confirmed"
    columns: dict[str, ColumnSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns_known(self) -> TableSpec:
        named = [self.key, *self.identity_keys, self.blob_column, self.order_by, self.name_column,
                 self.parent.column if self.parent else None, self.status.column if self.status else None,
                 self.client_path[0].column if self.client_path else None, *self.exit.columns()]
        unknown = sorted({c for c in named if c and c not in self.columns})
        if unknown:
            raise ValueError(f"names columns the table does not list: {', '.join(unknown)}")
        if "id" in self.columns and self.key != "id":
            raise ValueError("a column named id must be the table's key")
        if self.erasure not in (Erasure.DELETE, Erasure.NULL):
            raise ValueError("a table's erasure is 'delete' or 'null'")
        return self._exit_fits()

    def _exit_fits(self) -> TableSpec:
        x = self.exit
        if (x.read_only or x.ended_on) and self.client_path != []:
            raise ValueError("exit.read_only and exit.ended_on belong on the clients' own table (client_path: [])")
        if (x.write_flag or x.fee_invoices) and (self.client_path is None or len(self.client_path) != 1):
            raise ValueError("exit.write_flag and exit.fee_invoices need a table with one hop to the client")
        if x.file_name and not self.blob_column:
            raise ValueError("exit.file_name names the file of blob_column, which the table does not have")
        if x.export_first and self.client_path is None:
            raise ValueError("exit.export_first: only a client's table is in the exit export")
        return self


class MapFile(_Strict):
    version: Literal[1]
    reference: bool = False
    tables: dict[str, TableSpec] = Field(min_length=1)
    retention_rules: dict[str, list[TargetSpec]] = {}
    portal_verification: VerificationSpec | None = None
    claim_limitation: LimitationSpec | None = None

    @model_validator(mode="after")
    def _links(self) -> MapFile:
        problems = []
        for name, t in self.tables.items():
            hops = ([t.parent] if t.parent else []) + list(t.client_path or [])
            for hop in hops:
                parent = self.tables.get(hop.parent)
                if parent is None:
                    problems.append(f"{name}: points at table {hop.parent}, which the map does not list")
                elif hop.parent_key not in parent.columns:
                    problems.append(f"{name}: {hop.parent}.{hop.parent_key} is not a mapped column")
            if t.identity_keys and t.parent:
                problems.append(f"{name}: identity_keys belong on a subject's root (a table without parent)")
        problems += self._rule_problems() + self._limitation_problems() + self._exit_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _rule_problems(self) -> list[str]:
        problems = []
        for pid, targets in self.retention_rules.items():
            for target in targets:
                t = self.tables.get(target.table)
                if t is None:
                    problems.append(f"retention_rules.{pid}: unknown table {target.table}")
                    continue
                if pid not in t.retention:
                    problems.append(f"retention_rules.{pid}: {target.table} does not list {pid} under retention")
                due = target.due
                for col in [due.date, *due.later]:
                    if col and col not in t.columns:
                        problems.append(f"retention_rules.{pid}: {target.table}.{col} is not a mapped column")
                if due.status and not (t.status and due.status in t.status.groups):
                    problems.append(f"retention_rules.{pid}: {target.table} has no status group {due.status}")
                for other in [due.without, due.no_valid.table if due.no_valid else None, *target.children]:
                    if other and other not in self.tables:
                        problems.append(f"retention_rules.{pid}: unknown table {other}")
        return problems

    def _limitation_problems(self) -> list[str]:
        lim = self.claim_limitation
        if lim is None:
            return []
        t = self.tables.get(lim.table)
        if t is None:
            return [f"claim_limitation: unknown table {lim.table}"]
        named = [f"{lim.table}.{c}" for c in (lim.due, lim.proceedings_started, lim.proceedings_ended, lim.judgment,
                                            lim.closed_on) if c] + list(lim.restarts)
        problems = [f"claim_limitation: {n} is not a mapped column" for n in named
                    if n.split(".")[1] not in getattr(self.tables.get(n.split(".")[0]), "columns", {})]
        if not t.status or lim.written_off not in t.status.groups.get("closed", []):
            problems.append(f"claim_limitation: {lim.written_off} is not a closed status of {lim.table}")
        return problems

    def _exit_problems(self) -> list[str]:
        problems = []
        for fact in ("export_first", "fee_invoices", "read_only"):
            named = [n for n, t in self.tables.items() if getattr(t.exit, fact)]
            if len(named) > 1:
                problems.append(f"exit.{fact}: on one table only, not on {', '.join(named)}")
        return problems

    def pending(self) -> list[str]:
        """What a person has not confirmed yet: `table` or `table.column`."""
        out = []
        for name, t in self.tables.items():
            if t.review == "pending":
                out.append(name)
            out.extend(f"{name}.{c}" for c, col in t.columns.items() if col.review == "pending")
        return out


def exit_rule(x: ExitSpec) -> ExitRule:
    fee = FeeInvoiceColumns(**x.fee_invoices.model_dump()) if x.fee_invoices else None
    return ExitRule(x.keep, x.reason_nl, export_first=x.export_first, file_name=x.file_name, read_only=x.read_only,
                    ended_on=x.ended_on, write_flag=x.write_flag, fee_invoices=fee)


KEY = "id"  # inside the suite every table's primary key is addressed as `id` (shared/datamap/tables.py)


def to_data_map(spec: MapFile, source: str) -> DataMap:
    keys = {name: t.key for name, t in spec.tables.items()}

    def internal(table: str, column: str) -> str:
        return KEY if column == keys[table] else column

    def hop(h: HopSpec) -> Hop:
        return Hop(h.column, h.parent, internal(h.parent, h.parent_key))

    tables = []
    for name, t in spec.tables.items():
        tables.append(TableMap(
            name, t.subject, activities=tuple(t.activities), retention=tuple(t.retention), erasure=t.erasure,
            columns={internal(name, c): Col(col.category, col.erasure, col.provided, label_nl=col.label_nl,
                                            type=col.type) for c, col in t.columns.items()},
            identity_keys=tuple(t.identity_keys), parent=hop(t.parent) if t.parent else None,
            client_path=tuple(hop(h) for h in t.client_path) if t.client_path is not None else None,
            legal_duty=t.legal_duty, blob_column=t.blob_column, order_by=internal(name, t.order_by or t.key),
            key=t.key, label_nl=t.label_nl, generated=t.generated, name_column=t.name_column,
            status=StatusColumn(t.status.column, {g: tuple(v) for g, v in t.status.groups.items()})
            if t.status else None,
            exit=exit_rule(t.exit),
        ))
    rules = {pid: tuple(RetentionTarget(
        t.table, DueRule(t.due.date, t.due.cutoff, t.due.status, tuple(t.due.later), t.due.without,
                         StillValid(t.due.no_valid.table, t.due.no_valid.valid_until, t.due.no_valid.withdrawn)
                         if t.due.no_valid else None),
        tuple(t.children)) for t in targets) for pid, targets in spec.retention_rules.items()}
    v = spec.portal_verification
    verification = (tuple(v.reference.split(".")), tuple(v.postcode.split("."))) if v else None
    lim = spec.claim_limitation
    limitation = ClaimLimitation(
        lim.table, lim.due, tuple(tuple(r.split(".")) for r in lim.restarts),  # type: ignore[misc]
        lim.proceedings_started, lim.proceedings_ended, lim.judgment, lim.written_off, lim.closed_on) if lim else None
    return DataMap(tuple(tables), source=source, reference=spec.reference, retention_rules=rules,
                   portal_verification=verification, claim_limitation=limitation)  # type: ignore[arg-type]
