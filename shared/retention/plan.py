"""Planning one batch of a policy target: which rows go, and which are skipped and why.

The preview and the sweep share this, so the preview counts what the sweep will erase.
Every lookup is one set-based query per table and chunk of keys (never a query per row): the due
page judges holds in its own query, the children are found by their parents' keys, and the store's
restrictions are only looked up for tables that have any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from shared.datamap.discovery import table
from shared.datamap.erasure import Under, already_anonymised
from shared.datamap.model import Erasure
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import chunks, key_chunks, keys_in
from shared.holds import HoldScope
from shared.restrictions import restricted_ids
from shared.retention.policies import Action, Policy
from shared.retention.targets import (
    Child,
    HeldRoots,
    Target,
    child_ids_query,
    due_ids_query,
    held_clause,
    held_root,
    held_roots_query,
    restricted_in_range_query,
    restricted_tables_query,
)

MAX_ROWS = 10_000  # rows erased per batch (one transaction), children included


@dataclass
class BatchPlan:
    erase: dict[str, list[int]] = field(default_factory=dict)  # parents before children
    under: dict[str, Under] = field(default_factory=dict)  # children that go by their parents' keys
    under_rows: dict[str, int] = field(default_factory=dict)  # how many rows each of those has
    held: dict[str, int] = field(default_factory=dict)
    restricted: dict[str, int] = field(default_factory=dict)
    already_anonymised: dict[str, int] = field(default_factory=dict)
    last_id: int | None = None  # None: no due rows after the given id
    due_rows: int = 0  # due rows of the driving table in this page

    def next_page(self, max_rows: int) -> int:
        """A good first page for the next batch: as many due rows as fill `max_rows` at this batch's fan-out."""
        return max(1, self.due_rows * max_rows * 9 // (10 * max(self.size, 1)))

    def counts(self) -> dict[str, int]:
        """Rows to erase per table."""
        return {**{n: len(ids) for n, ids in self.erase.items()}, **self.under_rows}

    @property
    def size(self) -> int:
        return sum(self.counts().values())


def _bump(counts: dict[str, int], name: str, n: int) -> None:
    if n:
        counts[name] = counts.get(name, 0) + n


@dataclass(frozen=True)
class Holds:
    """The active holds, their e-mails resolved to the keys of the held subjects' root rows (once
    for a target's tables, and again when the holds change: `resolve_holds`). Each page then tests
    a foreign key against those keys: it does not look every held e-mail up again (on a large
    platform the held e-mails run into the thousands)."""

    scope: HoldScope
    roots: HeldRoots


def resolve_holds(platform: Connection, scope: HoldScope, target: Target) -> Holds:
    """The holds for the pages of this target's tables: one query per subject root they reach."""
    names = (target.table, *(c.table for c in target.children))
    reached = sorted({r for n in names if (r := held_root(n)) is not None}) if scope.emails else []
    return Holds(scope, {r: _held_keys(platform, *r, sorted(scope.emails)) for r in reached})


def _held_keys(platform: Connection, root: str, key: str, emails: list[str]) -> tuple[Any, ...]:
    return tuple(sorted(k for part in key_chunks(platform, emails)
                        for k in platform.execute(held_roots_query(root, key, part)).scalars()))


def _held(platform: Connection, name: str, ids: Sequence[int], holds: Holds) -> set[int]:
    """Which of these rows a hold covers: one query per key chunk."""
    if holds.scope.empty or not ids:
        return set()
    t = table(name)
    clause = held_clause(name, holds.scope, roots=holds.roots)
    return {r for part in key_chunks(platform, ids)
            for r in platform.execute(select(t.c.id).where(keys_in(t.c.id, part), clause)).scalars()}


def _with_restrictions(store: Connection, target: Target) -> set[str]:
    """Which of the target's tables have an active restriction at all (most have none): one query."""
    return set(store.execute(restricted_tables_query([target.table, *(c.table for c in target.children)])).scalars())


def _restricted(store: Connection, name: str, ids: Sequence[int], key_range: tuple[int, int] | None) -> set[int]:
    """Which of these rows are restricted (the store's list; by key range for the driving table)."""
    if not ids:
        return set()
    if key_range is not None:
        return set(ids) & set(store.execute(restricted_in_range_query(name, *key_range)).scalars())
    return {r for part in chunks(ids) for r in restricted_ids(store, name, part)}


def _already_anonymised(platform: Connection, name: str, ids: Sequence[int], action: Action) -> set[int]:
    """Rows that stay and already hold no personal value (a former run or a DSAR anonymised them):
    erasing them again would change nothing. Rows of a DELETE table are never skipped here: whether
    one is deleted or kept anonymised is decided when it is erased, after its children have gone
    (shared/datamap/erasure.py skips a kept row that is already anonymous)."""
    tm = DATA_MAP[name]
    keeps_rows = action is Action.PSEUDONYMISE or tm.erasure is not Erasure.DELETE
    if not ids or not keeps_rows:
        return set()
    t = table(name)
    return {int(r) for part in key_chunks(platform, ids)
            for r in platform.execute(select(t.c.id).where(keys_in(t.c.id, part), already_anonymised(tm))).scalars()}


def holds_follow_parent(child: Child) -> bool:
    """Whether a hold covers a child row exactly when it covers its parent: the child reaches its
    subject and its client only through that parent. Children of free parents are then never held."""
    tm = DATA_MAP[child.table]
    via_parent = tm.parent is not None and tm.parent.column == child.column and tm.parent.parent == child.parent
    client_via_parent = tm.client_path is None or (bool(tm.client_path) and tm.client_path[0].column == child.column)
    return via_parent and client_via_parent


def _sort_out(plan: BatchPlan, name: str, ids: list[int], held: set[int], restricted: set[int],
              done: set[int]) -> tuple[list[int], list[int]]:
    """(rows neither held nor restricted, of which the rows to erase now), with the counts."""
    _bump(plan.held, name, len(held))
    _bump(plan.restricted, name, len(restricted - held))
    _bump(plan.already_anonymised, name, len(done))
    keep = [i for i in ids if i not in held and i not in restricted] if held or restricted else ids
    return keep, ([i for i in keep if i not in done] if done else keep)


def by_parent(child: Child, target: Target, policy: Policy, restricted_tables: set[str]) -> bool:
    """Whether a child's rows go by their parents' keys, none of them selected first: each row under
    a free parent goes (no hold or restriction of its own, nothing to skip as already anonymised,
    a DELETE table), and no deeper child needs their keys."""
    return (child.parent == target.table and holds_follow_parent(child) and child.table not in restricted_tables
            and policy.action is Action.DELETE and DATA_MAP[child.table].erasure is Erasure.DELETE
            and not any(c.parent == child.table for c in target.children))


def plan_batch(platform: Connection, store: Connection, target: Target, policy: Policy, today: date,
               after_id: int, holds: Holds, max_rows: int = MAX_ROWS, first_page: int | None = None) -> BatchPlan:
    """The next batch after `after_id`: at most `max_rows` rows to erase, children included (a page
    of due rows whose children overflow is planned again, smaller; one due row is never split).
    `first_page`: the number of due rows to try first (the sweep's guess from the batch before)."""
    limit = min(max_rows, first_page or max_rows)
    restricted_tables = _with_restrictions(store, target)
    while True:
        plan = _plan(platform, store, target, policy, today, after_id, holds, limit, restricted_tables, max_rows)
        if plan.size <= max_rows or limit == 1:
            return plan
        limit = max(1, min(limit - 1, limit * max_rows // plan.size))


def _plan(platform: Connection, store: Connection, target: Target, policy: Policy, today: date, after_id: int,
          holds: Holds, limit: int, restricted_tables: set[str], max_rows: int) -> BatchPlan:
    plan = BatchPlan()
    counted = [c for c in target.children if by_parent(c, target, policy, restricted_tables)]
    page = platform.execute(due_ids_query(target, policy, today, after_id, limit, holds.scope, counted,
                                          holds.roots)).all()
    if not page:
        return plan
    rest = _restricted(store, target.table, [r[0] for r in page], (after_id, page[-1][0])) \
        if target.table in restricted_tables else set()
    if counted:  # without counted children the page (of at most max_rows) fits
        page = _fitting(page, rest, max_rows)
    due = [r[0] for r in page]
    plan.last_id, plan.due_rows = due[-1], len(due)
    held = {r[0] for r in page if r[1]}  # the hold is judged in the page's own query
    free = [i for i in due if i not in held and i not in rest]
    done = _already_anonymised(platform, target.table, free, policy.action)
    # Children go with every due row that is neither held nor restricted, also with one that a
    # former run anonymised and kept (a child that was held or restricted then may go now).
    frees: dict[str, list[int]] = {}
    frees[target.table], erase = _sort_out(plan, target.table, due, held, rest & set(due), done)
    if erase:
        plan.erase[target.table] = erase
    goes = set(frees[target.table])
    for n, child in enumerate(counted):
        if rows := sum(r[2 + n] for r in page if r[0] in goes):
            plan.under[child.table] = Under(child.column, child.parent, frees[target.table])
            plan.under_rows[child.table] = rows
    for child in target.children:
        if child in counted:
            continue
        found = _children(platform, child, frees.get(child.parent, []))
        held = set() if holds_follow_parent(child) else _held(platform, child.table, found, holds)
        rest = _restricted(store, child.table, [i for i in found if i not in held], None) \
            if child.table in restricted_tables else set()
        done = _already_anonymised(platform, child.table, [i for i in found if i not in held and i not in rest],
                                   policy.action)
        frees[child.table], erase = _sort_out(plan, child.table, found, held, rest, done)
        if erase:
            plan.erase[child.table] = erase
    return plan


def _fitting(page: Sequence[Any], restricted: set[int], max_rows: int) -> Sequence[Any]:
    """The first due rows of the page whose counted children fit in `max_rows` with them (at least one)."""
    size = 0
    for n, row in enumerate(page):
        if not row[1] and row[0] not in restricted:
            size += 1 + sum(row[2:])
        if size > max_rows and n:
            return page[:n]
    return page


def _children(platform: Connection, child: Child, parents: Sequence[int]) -> list[int]:
    """The keys of the child rows under these parent rows, sorted (one query per key chunk)."""
    found: list[int] = []
    for part in key_chunks(platform, parents):
        found += platform.execute(child_ids_query(child, part)).scalars().all()
    return sorted(found)
