"""Planning one batch of a policy target: which rows go, and which are skipped and why.

The preview and the sweep share this, so the preview counts what the sweep will erase.
Every lookup is one set-based query per table and chunk of ids (never a query per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from shared.datamap.discovery import table
from shared.datamap.model import Erasure
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import chunks
from shared.holds import HoldScope
from shared.restrictions import restricted_ids
from shared.retention.policies import Action, Policy
from shared.retention.targets import (
    Target,
    anonymised_ids_query,
    any_restriction_query,
    child_ids_query,
    due_ids_query,
    held_ids_query,
)

MAX_ROWS = 5000  # rows erased per batch (one transaction), children included


@dataclass
class BatchPlan:
    erase: dict[str, list[int]] = field(default_factory=dict)  # parents before children
    held: dict[str, int] = field(default_factory=dict)
    restricted: dict[str, int] = field(default_factory=dict)
    already_anonymised: dict[str, int] = field(default_factory=dict)
    last_id: int | None = None  # None: no due rows after the given id

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.erase.values())


def _bump(counts: dict[str, int], name: str, n: int) -> None:
    if n:
        counts[name] = counts.get(name, 0) + n


def _held(platform: Connection, name: str, ids: Sequence[int], scope: HoldScope) -> set[int]:
    if scope.empty or not ids:
        return set()
    return {r for part in chunks(list(ids)) for (r,) in platform.execute(held_ids_query(name, part, scope))}


def _restricted(store: Connection, name: str, ids: Sequence[int]) -> set[int]:
    # Most tables have no active restriction at all: one cheap probe spares the IN lookups.
    if not ids or store.execute(any_restriction_query(name)).first() is None:
        return set()
    return {r for part in chunks(list(ids)) for r in restricted_ids(store, name, part)}


def _can_be_referenced(name: str) -> bool:
    """Whether any platform foreign key points at this table (only then can a row be kept anonymised)."""
    t = table(name)
    return any(fk.column.table is t for other in t.metadata.sorted_tables for fk in other.foreign_keys)


def _already_anonymised(platform: Connection, store: Connection, name: str, ids: Sequence[int],
                        action: Action) -> set[int]:
    """Rows that stay and already hold no personal value (a former run or a DSAR anonymised them):
    erasing them again would change nothing. Rows of a DELETE table are never skipped here: whether
    one is deleted or kept anonymised is decided when it is erased, after its children have gone
    (shared/datamap/erasure.py skips a kept row that is already anonymous)."""
    tm = DATA_MAP[name]
    keeps_rows = action is Action.PSEUDONYMISE or tm.erasure is not Erasure.DELETE
    if not ids or not keeps_rows:
        return set()
    return {int(r) for part in chunks(list(ids)) for (r,) in platform.execute(anonymised_ids_query(name, part))}


def _filter(platform: Connection, store: Connection, name: str, ids: list[int], scope: HoldScope,
            action: Action, plan: BatchPlan) -> tuple[list[int], list[int]]:
    """(rows not held nor restricted, of which the rows to erase now)."""
    held = _held(platform, name, ids, scope)
    rest = _restricted(store, name, [i for i in ids if i not in held])
    keep = [i for i in ids if i not in held and i not in rest]
    done = _already_anonymised(platform, store, name, keep, action)
    _bump(plan.held, name, len(held))
    _bump(plan.restricted, name, len(rest))
    _bump(plan.already_anonymised, name, len(done))
    return keep, [i for i in keep if i not in done]


def plan_batch(platform: Connection, store: Connection, target: Target, policy: Policy, today: date,
               after_id: int, scope: HoldScope, max_rows: int = MAX_ROWS) -> BatchPlan:
    """The next batch after `after_id`: at most `max_rows` rows to erase, children included (a page
    of due rows whose children overflow is planned again, smaller; one due row is never split)."""
    limit = max_rows
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
    plan.last_id = due[-1]
    # Children go with every due row that is neither held nor restricted, also with one that a
    # former run anonymised and kept (a child that was held or restricted then may go now).
    free: dict[str, list[int]] = {}
    free[target.table], erase = _filter(platform, store, target.table, due, scope, policy.action, plan)
    if erase:
        plan.erase[target.table] = erase
    for child in target.children:
        parents = free.get(child.parent, [])
        found = [cid for part in chunks(parents) for (cid, _) in platform.execute(child_ids_query(child, part))]
        free[child.table], erase = _filter(platform, store, child.table, sorted(found), scope, policy.action, plan)
        if erase:
            plan.erase[child.table] = erase
    return plan
