"""Planning one batch of a policy target: which rows go, and which are skipped and why.

The preview and the sweep share this, so the preview counts what the sweep will erase.
Every lookup is one set-based query per table and chunk of ids (never a query per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, select

from shared.datamap.discovery import table
from shared.datamap.erasure import already_anonymised
from shared.datamap.model import Erasure
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import chunks
from shared.holds import HoldScope
from shared.restrictions import restricted_ids
from shared.retention.policies import Action, Policy
from shared.retention.targets import (
    Child,
    Target,
    any_restriction_query,
    child_rows_query,
    due_ids_query,
    held_clause,
    restricted_in_range_query,
)

MAX_ROWS = 5000  # rows erased per batch (one transaction), children included


@dataclass
class BatchPlan:
    erase: dict[str, list[int]] = field(default_factory=dict)  # parents before children
    held: dict[str, int] = field(default_factory=dict)
    restricted: dict[str, int] = field(default_factory=dict)
    already_anonymised: dict[str, int] = field(default_factory=dict)
    last_id: int | None = None  # None: no due rows after the given id
    due_rows: int = 0  # due rows of the driving table in this page

    def next_page(self, max_rows: int) -> int:
        """A good first page for the next batch: as many due rows as fill `max_rows` at this batch's fan-out."""
        return max(1, self.due_rows * max_rows * 9 // (10 * max(self.size, 1)))

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.erase.values())


def _bump(counts: dict[str, int], name: str, n: int) -> None:
    if n:
        counts[name] = counts.get(name, 0) + n


def _held(platform: Connection, name: str, ids: Sequence[int], rows: Any, scope: HoldScope) -> set[int]:
    """Which of these rows a hold covers: one query over the batch's rows (`rows`, a WHERE clause)."""
    if scope.empty or not ids:
        return set()
    t = table(name)
    return set(ids) & {r for (r,) in platform.execute(select(t.c.id).where(rows, held_clause(name, scope)))}


def _restricted(store: Connection, name: str, ids: Sequence[int], key_range: tuple[int, int] | None) -> set[int]:
    """Which of these rows are restricted (the store's list; by key range for the driving table)."""
    # Most tables have no active restriction at all: one cheap probe spares the lookups.
    if not ids or store.execute(any_restriction_query(name)).first() is None:
        return set()
    if key_range is not None:
        return set(ids) & set(store.execute(restricted_in_range_query(name, *key_range)).scalars())
    return {r for part in chunks(list(ids)) for r in restricted_ids(store, name, part)}


def _already_anonymised(platform: Connection, name: str, ids: Sequence[int], rows: Any, action: Action) -> set[int]:
    """Rows that stay and already hold no personal value (a former run or a DSAR anonymised them):
    erasing them again would change nothing. Rows of a DELETE table are never skipped here: whether
    one is deleted or kept anonymised is decided when it is erased, after its children have gone
    (shared/datamap/erasure.py skips a kept row that is already anonymous)."""
    tm = DATA_MAP[name]
    keeps_rows = action is Action.PSEUDONYMISE or tm.erasure is not Erasure.DELETE
    if not ids or not keeps_rows:
        return set()
    t = table(name)
    return set(ids) & {int(r) for (r,) in platform.execute(select(t.c.id).where(rows, already_anonymised(tm)))}


def holds_follow_parent(child: Child) -> bool:
    """Whether a hold covers a child row exactly when it covers its parent: the child reaches its
    subject and its client only through that parent. Children of free parents are then never held."""
    tm = DATA_MAP[child.table]
    via_parent = tm.parent is not None and tm.parent.column == child.column and tm.parent.parent == child.parent
    client_via_parent = tm.client_path is None or (bool(tm.client_path) and tm.client_path[0].column == child.column)
    return via_parent and client_via_parent


NO_HOLDS = HoldScope(frozenset(), frozenset(), frozenset())


def _filter(platform: Connection, store: Connection, name: str, ids: list[int], rows: Any, scope: HoldScope,
            action: Action, plan: BatchPlan, key_range: tuple[int, int] | None = None) -> tuple[list[int], list[int]]:
    """(rows not held nor restricted, of which the rows to erase now). `rows` is a WHERE clause that
    selects the batch's candidate rows of this table (a superset of `ids`): each check is one query."""
    held = _held(platform, name, ids, rows, scope)
    rest = _restricted(store, name, [i for i in ids if i not in held], key_range)
    keep = [i for i in ids if i not in held and i not in rest]
    done = _already_anonymised(platform, name, keep, rows, action)
    _bump(plan.held, name, len(held))
    _bump(plan.restricted, name, len(rest))
    _bump(plan.already_anonymised, name, len(done))
    return keep, [i for i in keep if i not in done]


def plan_batch(platform: Connection, store: Connection, target: Target, policy: Policy, today: date,
               after_id: int, scope: HoldScope, max_rows: int = MAX_ROWS, first_page: int | None = None) -> BatchPlan:
    """The next batch after `after_id`: at most `max_rows` rows to erase, children included (a page
    of due rows whose children overflow is planned again, smaller; one due row is never split).
    `first_page`: the number of due rows to try first (the sweep's guess from the batch before)."""
    limit = min(max_rows, first_page or max_rows)
    while True:
        plan = _plan(platform, store, target, policy, today, after_id, scope, limit)
        if plan.size <= max_rows or limit == 1:
            return plan
        limit = max(1, min(limit - 1, limit * max_rows // plan.size))


def _plan(platform: Connection, store: Connection, target: Target, policy: Policy, today: date,
          after_id: int, scope: HoldScope, limit: int) -> BatchPlan:
    plan = BatchPlan()
    due = list(platform.execute(due_ids_query(target, policy, today, after_id, limit)).scalars())
    if not due:
        return plan
    plan.last_id, plan.due_rows = due[-1], len(due)
    # Each table's candidate rows as one WHERE clause: the driving table's due rows in the page's key
    # range, each child's rows under those (by the parent's key range, never long IN lists).
    t = table(target.table)
    rows = {target.table: and_(t.c.id > after_id, t.c.id <= due[-1], target.due(policy, today))}
    # Children go with every due row that is neither held nor restricted, also with one that a
    # former run anonymised and kept (a child that was held or restricted then may go now).
    free: dict[str, list[int]] = {}
    free[target.table], erase = _filter(platform, store, target.table, due, rows[target.table], scope,
                                        policy.action, plan, key_range=(after_id, due[-1]))
    if erase:
        plan.erase[target.table] = erase
    for child in target.children:
        c, parent = table(child.table), table(child.parent)
        rows[child.table] = c.c[child.column].in_(select(parent.c.id).where(rows[child.parent]))
        parents = set(free.get(child.parent, []))
        found = sorted(cid for cid, pid in platform.execute(child_rows_query(child, rows[child.table]))
                       if pid in parents)
        free[child.table], erase = _filter(platform, store, child.table, found, rows[child.table],
                                           NO_HOLDS if holds_follow_parent(child) else scope,
                                           policy.action, plan)
        if erase:
            plan.erase[child.table] = erase
    return plan
