"""The structure of the data map. Pure values: no database access here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class SubjectCategory(StrEnum):
    DEBTOR = "debtor"
    CLIENT = "client"  # the client's own contact person or sole trader
    CLIENT_EMPLOYEE = "client_employee"
    PROSPECT = "prospect"
    STAFF = "staff"


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


@dataclass(frozen=True)
class Hop:
    """A foreign key from this table to its parent: `column` references `parent.parent_key`."""

    column: str
    parent: str
    parent_key: str = "id"


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

    @property
    def is_root(self) -> bool:
        return self.parent is None


@dataclass(frozen=True)
class DataMap:
    tables: tuple[TableMap, ...]
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
