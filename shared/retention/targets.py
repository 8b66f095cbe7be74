"""What each policy sweeps, as set-based SQL on indexed columns (SQLAlchemy Core; renders on T-SQL).

A policy has targets: a driving table whose rows fall due by a date rule, plus the child rows that
go with each due row (a closed dossier's letters, contact registrations and documents).
Payments stay under fiscal_7y: a dossier they still point at is anonymised by erase_rows, not deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select

from shared.datamap.discovery import table
from shared.datamap.erasure import already_anonymised
from shared.datamap.model import DataMap, Hop
from shared.datamap.platform_map import DATA_MAP
from shared.holds import HoldScope
from shared.restrictions import restrictions
from shared.retention.policies import Policy
from shared.retention.rules import day_start_utc, fiscal_cutoff, months_cutoff, open_claim_cutoff


@dataclass(frozen=True)
class Child:
    table: str
    column: str  # the foreign key in the child
    parent: str


@dataclass(frozen=True)
class Target:
    table: str
    due: Callable[[Policy, date], ColumnElement[bool]]
    children: tuple[Child, ...] = ()  # parents before children


def _in_group(name: str, group: str) -> ColumnElement[bool]:
    """The table's status is in one of the data map's status groups."""
    status = DATA_MAP[name].status
    if status is None or not status.values(group):
        return false()
    return table(name).c[status.column].in_(status.values(group))


def _before_day_after(column: Any, cutoff: date) -> ColumnElement[bool]:
    """A timestamp whose Amsterdam date is on or before `cutoff`."""
    return column < day_start_utc(cutoff + timedelta(days=1))


def _fiscal(column: str, tname: str) -> Callable[[Policy, date], ColumnElement[bool]]:
    def due(p: Policy, today: date) -> ColumnElement[bool]:
        return table(tname).c[column] < fiscal_cutoff(today, (p.period_months or 84) // 12)
    return due


def _logins(tname: str) -> Callable[[Policy, date], ColumnElement[bool]]:
    def due(p: Policy, today: date) -> ColumnElement[bool]:
        return _before_day_after(table(tname).c.occurred_at, months_cutoff(today, p.period_months or 0))
    return due


def _ex_client(p: Policy, today: date) -> ColumnElement[bool]:
    c = table("clients").c
    cut = months_cutoff(today, p.period_months or 0)
    return and_(c.relationship_ended_on.is_not(None), c.relationship_ended_on <= cut)


def _closed_file(p: Policy, today: date) -> ColumnElement[bool]:
    d = table("dossiers").c
    return and_(_in_group("dossiers", "closed"), d.closed_on.is_not(None),
                d.closed_on <= months_cutoff(today, p.period_months or 0))


def _open_claim(p: Policy, today: date) -> ColumnElement[bool]:
    d = table("dossiers").c
    cut = open_claim_cutoff(today, p.period_months or 0)
    return and_(_in_group("dossiers", "open"), d.opened_on <= cut,
                or_(d.last_reminder_on.is_(None), d.last_reminder_on <= cut))


def _debtor_without_files(p: Policy, today: date) -> ColumnElement[bool]:
    debtors, dossiers = table("debtors"), table("dossiers")
    return and_(~exists().where(dossiers.c.debtor_id == debtors.c.id),
                _before_day_after(debtors.c.created_at, months_cutoff(today, p.period_months or 0)))


def _prospect(p: Policy, today: date) -> ColumnElement[bool]:
    """No consent still holds: each has expired (valid_until before the cutoff) or was withdrawn
    on or before it. A prospect without any consent is due at once."""
    prospects, consents = table("prospects"), table("prospect_consents")
    cut = months_cutoff(today, p.period_months or 0)
    holding = and_(consents.c.prospect_id == prospects.c.id, consents.c.valid_until >= cut,
                   or_(consents.c.withdrawn_at.is_(None), ~_before_day_after(consents.c.withdrawn_at, cut)))
    return ~exists().where(holding)


def _staff(p: Policy, today: date) -> ColumnElement[bool]:
    c = table("staff").c
    return and_(c.employed_until.is_not(None), c.employed_until <= months_cutoff(today, p.period_months or 0))


FILE_CHILDREN = (Child("letters", "dossier_id", "dossiers"), Child("contact_registrations", "dossier_id", "dossiers"),
                 Child("documents", "dossier_id", "dossiers"))

TARGETS: dict[str, tuple[Target, ...]] = {
    "active_client": (),
    "ex_client_liability": (Target("clients", _ex_client, (
        Child("client_users", "client_id", "clients"),
        Child("client_user_logins", "client_user_id", "client_users"))),),
    "fiscal_7y": (Target("client_invoices", _fiscal("issued_on", "client_invoices")),
                  Target("payments", _fiscal("paid_on", "payments"))),
    "account_logs": (Target("client_user_logins", _logins("client_user_logins")),
                     Target("staff_logins", _logins("staff_logins"))),
    "debtor_without_files": (Target("debtors", _debtor_without_files),),
    "collection_file_closed": (Target("dossiers", _closed_file, FILE_CHILDREN),),
    "open_claim": (Target("dossiers", _open_claim, FILE_CHILDREN),),
    "prospect_consent": (Target("prospects", _prospect, (Child("prospect_consents", "prospect_id", "prospects"),)),),
    "staff_records": (Target("staff", _staff),),
}


# --- Queries (small functions, so the T-SQL test can compile each) --------------------------


def due_ids_query(target: Target, policy: Policy, today: date, after_id: int, limit: int) -> Select[Any]:
    """One keyset page of due ids of the driving table."""
    t = table(target.table)
    return select(t.c.id).where(target.due(policy, today), t.c.id > after_id).order_by(t.c.id).limit(limit)


def child_ids_query(child: Child, parent_ids: Sequence[int]) -> Select[Any]:
    t = table(child.table)
    return select(t.c.id, t.c[child.column]).where(t.c[child.column].in_(list(parent_ids)))


def _along(name: str, hops: Sequence[Hop], end: Callable[[Any], ColumnElement[bool]]) -> ColumnElement[bool]:
    """A clause on `name`: following `hops` from its rows reaches a row for which `end` holds."""
    if not hops:
        return end(table(name))
    hop = hops[0]
    parent = table(hop.parent)
    return table(name).c[hop.column].in_(select(parent.c[hop.parent_key]).where(_along(hop.parent, hops[1:], end)))


def _equals(column: str, value: Any) -> Callable[[Any], ColumnElement[bool]]:
    def end(t: Any) -> ColumnElement[bool]:
        return t.c[column] == value

    return end


def held_clause(name: str, scope: HoldScope, data_map: DataMap = DATA_MAP) -> ColumnElement[bool]:
    """Rows of `name` in the scope of an active hold: their subject root's e-mail is held, their
    client (along client_path) is held, or both for a hold on a subject within one client."""
    tm, root = data_map[name], data_map.root_of(name)
    to_root = data_map.path_to_root(name)
    key = root.identity_keys[0] if root.identity_keys else None
    clauses: list[ColumnElement[bool]] = []
    if key and scope.emails:
        clauses.append(_along(name, to_root, lambda r: r.c[key].in_(sorted(scope.emails))))
    if tm.client_path is not None and scope.client_ids:
        clauses.append(_along(name, tm.client_path, lambda c: c.c.id.in_(sorted(scope.client_ids))))
    if key and tm.client_path is not None:
        for email, client_id in sorted(scope.pairs):
            clauses.append(and_(_along(name, to_root, _equals(key, email)),
                                _along(name, tm.client_path, _equals("id", client_id))))
    return or_(*clauses) if clauses else false()


def held_ids_query(name: str, ids: Sequence[int], scope: HoldScope) -> Select[Any]:
    t = table(name)
    return select(t.c.id).where(t.c.id.in_(list(ids)), held_clause(name, scope))


def anonymised_ids_query(name: str, ids: Sequence[int]) -> Select[Any]:
    """Which of these rows already hold no personal value (they stay: skip them)."""
    t = table(name)
    return select(t.c.id).where(t.c.id.in_(list(ids)), already_anonymised(DATA_MAP[name]))


def any_restriction_query(name: str) -> Select[Any]:
    """Whether any row of this table is restricted now (TOP 1 on T-SQL)."""
    c = restrictions.c
    return select(c.id).where(c.table_name == name, c.lifted_at.is_(None)).limit(1)
