"""What each policy sweeps, as set-based SQL on indexed columns (SQLAlchemy Core; renders on T-SQL).

A policy has targets: a driving table whose rows fall due by a date rule, plus the child rows that
go with each due row. Both come from the data map's `retention_rules`; the child's foreign key is
its hop in the map. A row still pointed at by a kept row (a fiscal payment under a swept file) is
anonymised by erase_rows, not deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal_column, or_, select

from shared.datamap.coltypes import type_name
from shared.datamap.discovery import table
from shared.datamap.model import DataMap, DueRule, Hop, RetentionTarget
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import keys_in
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


def _is_timestamp(column: Any) -> bool:
    return type_name(column.type) == "datetime"


def _on_or_before(column: Any, cutoff: date) -> ColumnElement[bool]:
    """A date on or before `cutoff`; a timestamp whose Amsterdam date is."""
    if _is_timestamp(column):
        return column < day_start_utc(cutoff + timedelta(days=1))
    return column <= cutoff


def _before(column: Any, first_kept: date) -> ColumnElement[bool]:
    return column < (day_start_utc(first_kept) if _is_timestamp(column) else first_kept)


def _hop_column(child: str, parent: str) -> str:
    """The child's foreign key towards `parent`: its parent hop, else the first hop of its client path."""
    tm = DATA_MAP[child]
    for hop in ([tm.parent] if tm.parent else []) + list(tm.client_path or ())[:1]:
        if hop.parent == parent:
            return hop.column
    raise ValueError(f"data map: {child} has no hop to {parent}")


def _due(name: str, rule: DueRule) -> Callable[[Policy, date], ColumnElement[bool]]:
    def due(p: Policy, today: date) -> ColumnElement[bool]:
        """Due under the policy's period, or, for a client's files, under that client's own period."""
        path = DATA_MAP[name].client_path
        if not p.client_periods or path is None:
            return due_after(p.period_months or 0, today)
        by_months: dict[int, list[int]] = {}
        for client_id, months in p.client_periods:
            by_months.setdefault(months, []).append(client_id)
        every = [c for c, _ in p.client_periods]
        parts = [and_(_along(name, path, _within(ids)), due_after(months, today)) for months, ids in by_months.items()]
        parts.append(and_(~_along(name, path, _within(every)), due_after(p.period_months or 0, today)))
        return or_(*parts)

    def due_after(months: int, today: date) -> ColumnElement[bool]:
        t = table(name)
        clauses: list[ColumnElement[bool]] = []
        if rule.status:
            clauses.append(_in_group(name, rule.status))
        if rule.date and rule.cutoff == "fiscal":
            clauses.append(_before(t.c[rule.date], fiscal_cutoff(today, (months or 84) // 12)))
        elif rule.date:
            cut = open_claim_cutoff(today, months) if rule.cutoff == "open_claim" else months_cutoff(today, months)
            clauses.append(_on_or_before(t.c[rule.date], cut))
            clauses += [or_(t.c[c].is_(None), _on_or_before(t.c[c], cut)) for c in rule.later]
        if rule.without:
            other = table(rule.without)
            clauses.append(~exists().where(other.c[_hop_column(rule.without, name)] == t.c.id))
        if rule.no_valid:
            v, other = rule.no_valid, table(rule.no_valid.table)
            cut = months_cutoff(today, months)
            holding = [other.c[_hop_column(v.table, name)] == t.c.id, other.c[v.valid_until] >= cut]
            if v.withdrawn:
                holding.append(or_(other.c[v.withdrawn].is_(None), ~_on_or_before(other.c[v.withdrawn], cut)))
            clauses.append(~exists().where(and_(*holding)))
        return and_(*clauses)

    return due


def _target(rule: RetentionTarget) -> Target:
    children: list[Child] = []
    seen = [rule.table]
    for child in rule.children:  # parents before children; the nearest one the child has a hop to
        parent = next((p for p in reversed(seen) if _has_hop(child, p)), None)
        if parent is None:
            raise ValueError(f"data map: retention child {child} has no hop to {' or '.join(seen)}")
        children.append(Child(child, _hop_column(child, parent), parent))
        seen.append(child)
    return Target(rule.table, _due(rule.table, rule.due), tuple(children))


def _has_hop(child: str, parent: str) -> bool:
    try:
        _hop_column(child, parent)
    except ValueError:
        return False
    return True


class _Targets(Mapping[str, tuple[Target, ...]]):
    """Each policy's targets, from the data map in use (read at first use)."""

    def _all(self) -> dict[str, tuple[Target, ...]]:
        rules = DATA_MAP.retention_rules
        built = _cache.get(id(rules))
        if built is None or built[0] is not rules:
            built = (rules, {pid: tuple(_target(r) for r in targets) for pid, targets in rules.items()})
            _cache[id(rules)] = built
        return built[1]

    def __getitem__(self, pid: str) -> tuple[Target, ...]:
        return self._all().get(pid, ())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


_cache: dict[int, tuple[Any, dict[str, tuple[Target, ...]]]] = {}
NO_HOLDS = HoldScope(frozenset(), frozenset(), frozenset())
TARGETS: Mapping[str, tuple[Target, ...]] = _Targets()


# --- Queries (small functions, so the T-SQL test can compile each) --------------------------


def due_ids_query(target: Target, policy: Policy, today: date, after_id: int, limit: int,
                  scope: HoldScope = NO_HOLDS, counted: Sequence[Child] = (),
                  roots: HeldRoots | None = None) -> Select[Any]:
    """One keyset page of due rows of the driving table: (id, held, then for each `counted` child
    the number of its rows under the due row). `held` is 1 when an active hold covers the row
    (`roots`: the held e-mails resolved already, see held_clause)."""
    t = table(target.table)
    held = literal_column("0") if scope.empty else case((held_clause(target.table, scope, roots=roots), 1), else_=0)
    under = [select(func.count()).where(table(c.table).c[c.column] == t.c.id).scalar_subquery() for c in counted]
    return (select(t.c.id, held.label("held"), *under).where(target.due(policy, today), t.c.id > after_id)
            .order_by(t.c.id).limit(limit))


def child_ids_query(child: Child, parent_keys: Sequence[int]) -> Select[Any]:
    """The keys of the child rows under these parents (one key list: shared.db.params.keys_in)."""
    t = table(child.table)
    return select(t.c.id).where(keys_in(t.c[child.column], parent_keys))


def _along(name: str, hops: Sequence[Hop], end: Callable[[Any], ColumnElement[bool]]) -> ColumnElement[bool]:
    """A clause on `name`: following `hops` from its rows reaches a row for which `end` holds."""
    if not hops:
        return end(table(name))
    hop = hops[0]
    parent = table(hop.parent)
    return table(name).c[hop.column].in_(select(parent.c[hop.parent_key]).where(_along(hop.parent, hops[1:], end)))


def _within(client_ids: Sequence[int]) -> Callable[[Any], ColumnElement[bool]]:
    def end(t: Any) -> ColumnElement[bool]:
        return t.c.id.in_(sorted(client_ids))

    return end


def _equals(column: str, value: Any) -> Callable[[Any], ColumnElement[bool]]:
    def end(t: Any) -> ColumnElement[bool]:
        return t.c[column] == value

    return end


HeldRoots = Mapping[tuple[str, str], Sequence[Any]]  # (root table, key column): keys of the held roots


def held_root(name: str, data_map: DataMap = DATA_MAP) -> tuple[str, str] | None:
    """(root table, key column) that a hold on an e-mail reaches the rows of `name` through: the
    last hop of its path to its subject root. None for a root itself, or a root without e-mail."""
    to_root = data_map.path_to_root(name)
    if not to_root or not data_map.root_of(name).identity_keys:
        return None
    return to_root[-1].parent, to_root[-1].parent_key


def held_roots_query(root: str, key: str, emails: Sequence[str], data_map: DataMap = DATA_MAP) -> Select[Any]:
    """The keys (`key`) of the root rows whose e-mail is held."""
    t = table(root)
    return select(t.c[key]).where(keys_in(t.c[data_map[root].identity_keys[0]], sorted(emails)))


def held_clause(name: str, scope: HoldScope, data_map: DataMap = DATA_MAP,
                roots: HeldRoots | None = None) -> ColumnElement[bool]:
    """Rows of `name` in the scope of an active hold: their subject root's e-mail is held, their
    client (along client_path) is held, or both for a hold on a subject within one client.
    `roots`: the held e-mails resolved to their roots' keys (held_roots_query), so the rows are
    tested on the foreign key of their last hop instead of looking every held e-mail up again."""
    tm, root = data_map[name], data_map.root_of(name)
    to_root = data_map.path_to_root(name)
    key = root.identity_keys[0] if root.identity_keys else None
    clauses: list[ColumnElement[bool]] = []
    # The held keys as one parameter (shared.db.params.keys_in): a statement the driver parses once.
    reached = held_root(name, data_map)
    if key and scope.emails and roots is not None and reached is not None:
        if held := roots[reached]:
            last = to_root[-1]
            clauses.append(_along(name, to_root[:-1], lambda r: keys_in(r.c[last.column], held)))
    elif key and scope.emails:
        clauses.append(_along(name, to_root, lambda r: keys_in(r.c[key], sorted(scope.emails))))
    if tm.client_path is not None and scope.client_ids:
        clauses.append(_along(name, tm.client_path, lambda c: keys_in(c.c.id, sorted(scope.client_ids))))
    if key and tm.client_path is not None:
        for email, client_id in sorted(scope.pairs):
            clauses.append(and_(_along(name, to_root, _equals(key, email)),
                                _along(name, tm.client_path, _equals("id", client_id))))
    return or_(*clauses) if clauses else false()


def held_ids_query(name: str, ids: Sequence[int], scope: HoldScope) -> Select[Any]:
    t = table(name)
    return select(t.c.id).where(t.c.id.in_(list(ids)), held_clause(name, scope))


def restricted_in_range_query(name: str, after_id: int, upto_id: int) -> Select[Any]:
    """The restricted rows of a table with keys in (after_id, upto_id]: one batch's page."""
    c = restrictions.c
    return select(c.row_id).where(c.table_name == name, c.lifted_at.is_(None), c.row_id > after_id,
                                  c.row_id <= upto_id)


def restricted_tables_query(names: Sequence[str]) -> Select[Any]:
    """Which of these tables have any row restricted now (most have none: their lookups are spared)."""
    c = restrictions.c
    return select(c.table_name).where(c.table_name.in_(sorted(set(names))), c.lifted_at.is_(None)).distinct()
