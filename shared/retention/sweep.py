"""The nightly retention sweep: each policy's due rows, in bounded batches, one transaction each,
with a checkpoint after every committed batch so a killed run resumes where it stopped.

Holds and restrictions are re-read for every batch, so a hold placed during a run takes effect at
the next batch. Evidence holds counts, rules, periods and timestamps: never personal data.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import Connection

from shared import audit, ledger
from shared.datamap.erasure import ErasureReport, anonymise_rows, anonymised_columns, erase_rows
from shared.datamap.platform_map import DATA_MAP
from shared.db.uow import store_and_platform
from shared.deps import Deps
from shared.holds import active_scope
from shared.jobs import JobContext
from shared.pseudonym import Pseudonymiser, from_deps
from shared.retention import kept, service
from shared.retention.plan import MAX_ROWS, BatchPlan, plan_batch
from shared.retention.policies import SWEEP_ORDER, Action, Policy
from shared.retention.rules import amsterdam_date
from shared.retention.targets import TARGETS, Target
from shared.storage import DOCUMENTS

log = logging.getLogger("privacy.retention")


def apply(platform: Connection, store: Connection, plan: BatchPlan, policy: Policy, *, at: Any, run_id: str,
          pseudonymise: Pseudonymiser) -> ErasureReport:
    """Erase the planned rows, children before parents, writing the ledger first."""
    report = ErasureReport()
    for name in reversed(list(plan.erase)):
        ids = plan.erase[name]
        if policy.action is Action.DELETE:
            report.add(erase_rows(platform, store, name, ids, at=at, source="retention", source_id=run_id,
                                  rule=policy.id, pseudonymise=pseudonymise))
            continue
        tm = DATA_MAP[name]
        ledger.append(store, at=at, source="retention", source_id=run_id, rule=policy.id, table=name,
                      row_ids=ids, action="anonymise", columns=anonymised_columns(tm))
        if anonymise_rows(platform, tm, ids, pseudonymise):
            report.anonymised[name] = report.anonymised.get(name, 0) + len(ids)
    return report


def _merge(into: dict[str, int], counts: dict[str, int]) -> None:
    for k, v in counts.items():
        into[k] = into.get(k, 0) + v


def _policy_evidence(policy: Policy, today: date, now: Any) -> dict[str, Any]:
    return {"rule": policy.id, "legal_basis": policy.legal_basis, "period_months": policy.period_months,
            "action": str(policy.action), "enabled": policy.enabled, "version": policy.version,
            "today": today.isoformat(), "started_at": now.isoformat(), "finished_at": None, "batches": 0,
            "deleted": {}, "anonymised": {}, "skipped_hold": {}, "skipped_restriction": {},
            "already_anonymised": {}}


def _delete_blobs(deps: Deps, paths: list[str]) -> int:
    """After the commit; a blob already gone is fine (a resumed run may try it twice)."""
    return sum(1 for p in paths if deps.blobs.delete(DOCUMENTS, p))


BATCH_ROWS = MAX_ROWS  # rows per batch and transaction (tests and the benchmark set it lower)


def run_sweep(ctx: JobContext, batch_rows: int | None = None) -> dict[str, Any]:
    """The body of the `retention_sweep` timer."""
    batch_rows = batch_rows or BATCH_ROWS
    deps = ctx.deps
    now = deps.clock.now()
    today = amsterdam_date(now)
    pseudonymise = from_deps(deps)
    with deps.store.connect() as conn:
        policies = service.load_policies(conn)
    start = ctx.checkpoint() or {}
    evidence = ctx.evidence  # kept up to date, so a failed run's record shows what it did
    evidence.update({"today": today.isoformat(), "policies": {}, "blobs_deleted": 0})
    if start.get("pending_blobs"):  # rows a failed run erased whose blobs it could not delete
        evidence["blobs_deleted"] += _delete_blobs(deps, start["pending_blobs"])
    if start.get("policy"):
        evidence["resumed_from"] = {"policy": start["policy"], "target": start.get("target"),
                                    "after_id": start.get("after_id")}
    if not start.get("policy") or start["policy"] == KEPT_STEP:
        _release_kept(ctx, policies, today, int(start.get("after_id") or 0), evidence, pseudonymise, batch_rows)
    order = list(SWEEP_ORDER)
    begin_at = order.index(start["policy"]) if start.get("policy") in order else 0
    for pid in order[begin_at:]:
        policy = policies[pid]
        pe = _policy_evidence(policy, today, deps.clock.now())
        evidence["policies"][pid] = pe
        if policy.enabled and policy.period_months is not None:
            for target in TARGETS[pid]:
                resume = start.get("policy") == pid and start.get("target")
                if resume and _before(pid, target, start["target"]):
                    continue
                after = int(start.get("after_id") or 0) if resume == target.table else 0
                _sweep_target(ctx, policy, target, today, after, pe, evidence, pseudonymise, batch_rows)
        pe["finished_at"] = deps.clock.now().isoformat()
        with deps.store.begin() as conn:
            audit.record(conn, audit.SYSTEM, "retention.policy_applied", "retention_policy", pid, deps.clock.now(),
                         {"run_id": ctx.run_id, **{k: pe[k] for k in ("deleted", "anonymised", "skipped_hold",
                                                                       "skipped_restriction")}})
    evidence["totals"] = totals(evidence["policies"])
    return evidence


KEPT_STEP = "kept_rows"  # the checkpoint name of the first step: rows kept for a duty


def _release_kept(ctx: JobContext, policies: dict[str, Policy], today: date, after: int, evidence: dict[str, Any],
                  pseudonymise: Pseudonymiser, batch_rows: int) -> None:
    """Kept rows whose duty ended are erased (shared/retention/kept.py); the others get their current end."""
    deps = ctx.deps
    ke: dict[str, Any] = {"rule": kept.RULE, "batches": 0, "released": {}, "still_kept": {}, "deleted": {},
                          "anonymised": {}}
    evidence["kept_rows"] = ke
    while True:
        with store_and_platform(deps) as (store, platform):
            rows = store.execute(kept.kept_page(after, min(batch_rows, 1000))).all()
            if not rows:
                break
            out = kept.release_batch(platform, store, rows, policies=policies, scope=active_scope(store),
                                     today=today, at=deps.clock.now(), run_id=ctx.run_id,
                                     pseudonymise=pseudonymise)
        after = rows[-1].id
        ke["batches"] += 1
        for key in ("released", "still_kept", "deleted", "anonymised"):
            _merge(ke[key], out[key])
        state = {"policy": KEPT_STEP, "after_id": after}
        if out["blob_paths"]:
            ctx.save_checkpoint({**state, "pending_blobs": out["blob_paths"]})
            evidence["blobs_deleted"] += _delete_blobs(deps, out["blob_paths"])
        ctx.save_checkpoint(state)
    with deps.store.begin() as conn:
        audit.record(conn, audit.SYSTEM, "retention.kept_rows_released", "retention_policy", KEPT_STEP,
                     deps.clock.now(), {"run_id": ctx.run_id, "released": ke["released"], "deleted": ke["deleted"],
                                        "anonymised": ke["anonymised"]})


def _before(pid: str, target: Target, checkpoint_table: str) -> bool:
    names = [t.table for t in TARGETS[pid]]
    return checkpoint_table in names and names.index(target.table) < names.index(checkpoint_table)


def _sweep_target(ctx: JobContext, policy: Policy, target: Target, today: date, after: int, pe: dict[str, Any],
                  evidence: dict[str, Any], pseudonymise: Pseudonymiser, batch_rows: int) -> None:
    deps = ctx.deps
    while True:
        with store_and_platform(deps) as (store, platform):
            scope = active_scope(store)
            plan = plan_batch(platform, store, target, policy, today, after, scope, batch_rows)
            if plan.last_id is None:
                return
            report = apply(platform, store, plan, policy, at=deps.clock.now(), run_id=ctx.run_id,
                           pseudonymise=pseudonymise)
        after = plan.last_id
        pe["batches"] += 1
        _merge(pe["deleted"], report.deleted)
        _merge(pe["anonymised"], report.anonymised)
        _merge(pe["skipped_hold"], plan.held)
        _merge(pe["skipped_restriction"], plan.restricted)
        _merge(pe["already_anonymised"], plan.already_anonymised)
        _merge(pe["already_anonymised"], report.already_anonymous)
        state = {"policy": policy.id, "target": target.table, "after_id": after}
        if report.blob_paths:
            ctx.save_checkpoint({**state, "pending_blobs": report.blob_paths})
            evidence["blobs_deleted"] += _delete_blobs(deps, report.blob_paths)
        ctx.save_checkpoint(state)
        done = sum(pe["deleted"].values()) + sum(pe["anonymised"].values())
        ctx.progress(f"{policy.id}:{target.table}", done, None)


def totals(per_policy: dict[str, dict[str, Any]]) -> dict[str, int]:
    out = {"deleted": 0, "anonymised": 0, "skipped_hold": 0, "skipped_restriction": 0}
    for pe in per_policy.values():
        for key in out:
            out[key] += sum(pe.get(key, {}).values())
    return out
