"""The structure of the data map. Pure values: no database access here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class SubjectCategory(StrEnum):
    DEBTOR = "debtor"  # a client's debtor
    CLIENT = "client"  # the client as Incassotool's customer: its contact person or sole trader
    CLIENT_EMPLOYEE = "client_employee"  # the client's own staff using the platform (its accounts)
    PROSPECT = "prospect"
    STAFF = "staff"

    @property
    def client_is_controller(self) -> bool:
        """Whose data these are, the one place this is said: a client's debtors and the client's
        own staff in the platform are the client's (the client is the controller, Incassotool its
        processor, Art. 28 GDPR). The client's contact person as Incassotool's customer, prospects
        and Incassotool's staff are Incassotool's own relations (it is the controller)."""
        return self in _CLIENTS_DATA


_CLIENTS_DATA = frozenset({SubjectCategory.DEBTOR, SubjectCategory.CLIENT_EMPLOYEE})


class DataCategory(StrEnum):
    KEY = "key"  # internal identifiers: pseudonymous, kept with the row
    NAME = "name"
    CONTACT = "contact"  # e-mail, phone, address
    BIRTH_DATE = "birth_date"
    FINANCIAL = "financial"  # IBAN, amounts, invoices, payments
    CASE = "case"  # collection file facts: status, dates, references
    COMMUNICATION = "communication"  # letters, contact registrations
    DOCUMENT = "document"
    ACCOUNT = "account"  # platform accounts, roles
    TECHNICAL = "technical"  # log data: IP addresses, login times
    CONSENT = "consent"
    BUSINESS = "business"  # company data (KvK): not personal on its own


class Erasure(StrEnum):
    DELETE = "delete"  # delete the row
    NULL = "null"  # set the column to NULL
    PSEUDONYMISE = "pseudonymise"  # replace by a keyed hash (stable, not reversible)
    KEEP = "keep"  # not personal on its own: stays with a kept row


class LegalDuty(StrEnum):
    """Why rows are kept, restricted, when erasure is asked (Art. 17(3))."""

    FISCAL = "fiscal"  # AWR art. 52(4): 7 years
    LEGAL_CLAIM = "legal_claim"  # an open claim (Art. 17(3)(e))


LEGAL_DUTY_TEXT_NL = {
    LegalDuty.FISCAL: "fiscale bewaarplicht (art. 52 lid 4 AWR): 7 jaar",
    LegalDuty.LEGAL_CLAIM: "instelling, uitoefening of onderbouwing van een rechtsvordering (art. 17 lid 3 sub e AVG)",
}


@dataclass(frozen=True)
class Col:
    category: DataCategory
    erasure: Erasure = Erasure.NULL
    provided_by_subject: bool = False  # Art. 20 portability covers what the subject provided
    label_nl: str = ""  # what the column holds, in Dutch (letters, exports, the register)
    type: str = ""  # the column's type family (shared/datamap/coltypes.py), for the drift check


@dataclass(frozen=True)
class Hop:
    """A foreign key from this table to its parent: `column` references `parent.parent_key`."""

    column: str
    parent: str
    parent_key: str = "id"


@dataclass(frozen=True)
class StatusColumn:
    """A mapped table's status column and the map's groups of its values (which count as open,
    which as closed). Not shared.status.StatusGroups, which groups the suite's own status enums."""

    column: str
    groups: Mapping[str, tuple[str, ...]]

    def values(self, group: str) -> tuple[str, ...]:
        return self.groups.get(group, ())


@dataclass(frozen=True)
class FeeInvoiceColumns:
    """Where Incassotool's invoice of the viewer-account fee is written (docs/datamap.md)."""

    number: str
    issued_on: str
    description: str
    amount: str  # excluding VAT
    vat: str
    paid_on: str


@dataclass(frozen=True)
class ExitRule:
    """What a client's exit needs to know of one table (each fact optional; docs/datamap.md)."""

    keep: bool = False  # kept whole at a client's exit: a duty of Incassotool's own
    reason_nl: str | None = None
    export_first: bool = False  # leads the exit export (what a client asks for first)
    file_name: str | None = None  # the column with a stored file's original name (blob_column's file)
    read_only: str | None = None  # the client table: its read-only flag, set for a viewer account
    ended_on: str | None = None  # the client table: the day the relationship ended
    write_flag: str | None = None  # a user table: the flag that lets a user change data, revoked
    fee_invoices: FeeInvoiceColumns | None = None  # the table of Incassotool's invoices to the client


@dataclass(frozen=True)
class StillValid:
    """Rows of `table` that keep their parent: `valid_until` not passed and not withdrawn."""

    table: str
    valid_until: str
    withdrawn: str | None = None


@dataclass(frozen=True)
class DueRule:
    """When a row falls due under a retention policy (shared/retention/targets.py applies it)."""

    date: str | None = None
    cutoff: str = "months"  # months | fiscal | open_claim
    status: str | None = None  # a status group of the table
    later: tuple[str, ...] = ()
    without: str | None = None
    no_valid: StillValid | None = None


@dataclass(frozen=True)
class RetentionTarget:
    table: str
    due: DueRule
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableMap:
    table: str
    subject: SubjectCategory
    activities: tuple[str, ...]  # ids of the processing activities in the register
    retention: tuple[str, ...]  # ids of the retention policies
    erasure: Erasure  # DELETE: the row goes; NULL/PSEUDONYMISE: per-column strategies, the row stays
    columns: Mapping[str, Col]
    identity_keys: tuple[str, ...] = ()  # on subject roots: the columns a subject is found by
    parent: Hop | None = None  # towards the subject root
    client_path: tuple[Hop, ...] | None = None  # towards clients.id; () is the clients table itself
    legal_duty: LegalDuty | None = None  # rows kept (restricted) when erasure is asked
    blob_column: str | None = None  # a blob path: the blob goes with the row
    order_by: str = "id"
    key: str = "id"  # the primary key
    label_nl: str = ""  # what the table holds, in Dutch
    name_column: str | None = None  # the column that names a row in letters (the client's name)
    generated: bool = False  # rows the subject generated by its own actions (portability)
    status: StatusColumn | None = None
    exit: ExitRule = ExitRule()

    @property
    def is_root(self) -> bool:
        return self.parent is None


@dataclass(frozen=True)
class ClaimLimitation:
    """Where an open claim's limitation facts are (docs/lifecycles.md): columns of `table`, and
    (table, column) pairs of the rows whose dates restart it (reminders, letters, payments)."""

    table: str
    due: str
    restarts: tuple[tuple[str, str], ...]
    proceedings_started: str | None
    proceedings_ended: str | None
    judgment: str | None
    written_off: str
    closed_on: str


@dataclass(frozen=True)
class DataMap:
    tables: tuple[TableMap, ...]
    source: str = ""  # the file it was read from
    reference: bool = False  # the suite's own reference schema (shared/platform/schema.py)
    retention_rules: Mapping[str, tuple[RetentionTarget, ...]] = field(default_factory=dict)
    # ((table, reference column), (table, postcode column)): a debtor's proof without signing in
    portal_verification: tuple[tuple[str, str], tuple[str, str]] | None = None
    claim_limitation: ClaimLimitation | None = None
    by_name: Mapping[str, TableMap] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {t.table: t for t in self.tables})

    def __iter__(self) -> Iterator[TableMap]:
        return iter(self.tables)

    def __getitem__(self, name: str) -> TableMap:
        return self.by_name[name]

    def roots(self) -> list[TableMap]:
        return [t for t in self.tables if t.is_root]

    def children_of(self, table: str) -> list[TableMap]:
        return [t for t in self.tables if t.parent and t.parent.parent == table]

    def descendants(self, root: str) -> list[TableMap]:
        """The subject tree under a root, parents before children (the order to read in)."""
        out: list[TableMap] = []
        frontier = [root]
        while frontier:
            name = frontier.pop(0)
            for child in self.children_of(name):
                out.append(child)
                frontier.append(child.table)
        return out

    def path_to_root(self, table: str) -> list[Hop]:
        hops: list[Hop] = []
        current = self[table]
        while current.parent is not None:
            hops.append(current.parent)
            current = self[current.parent.parent]
        return hops

    def root_of(self, table: str) -> TableMap:
        hops = self.path_to_root(table)
        return self[hops[-1].parent] if hops else self[table]

    def client_scoped(self) -> list[TableMap]:
        return [t for t in self.tables if t.client_path is not None]

    def columns_of(self, activity: str) -> list[tuple[str, str]]:
        return [(t.table, c) for t in self.tables if activity in t.activities for c in t.columns]

    def activities(self) -> set[str]:
        return {a for t in self.tables for a in t.activities}

    def retention_policies(self) -> set[str]:
        return {p for t in self.tables for p in t.retention}

    def processor_roots(self) -> list[TableMap]:
        """The roots of the data Incassotool processes for a client (the controller): its debtors
        and its own staff's accounts (SubjectCategory.client_is_controller)."""
        return [t for t in self.roots() if t.subject.client_is_controller and t.client_path]

    def direct_client_column(self, tm: TableMap) -> str | None:
        """The column holding a root's client id: its own key for the client table, else its one hop."""
        if tm.client_path == ():
            return "id"
        return tm.client_path[0].column if tm.client_path and len(tm.client_path) == 1 else None

    def client_root(self) -> TableMap | None:
        """The table of the clients themselves (its client path is empty)."""
        return next((t for t in self.tables if t.client_path == ()), None)

    def with_status(self, group: str) -> list[tuple[TableMap, tuple[str, ...]]]:
        return [(t, t.status.values(group)) for t in self.tables if t.status and t.status.values(group)]
