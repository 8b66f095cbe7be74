"""The nightly retention sweep: each policy's due rows, in bounded batches, one transaction each,
with a checkpoint after every committed batch so a killed run resumes where it stopped.

Holds and restrictions are re-read for every batch, so a hold placed during a run takes effect at
the next batch (the held e-mails are resolved to their subjects' rows once per target, and again
when the holds change). Evidence holds counts, rules, periods and timestamps: never personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from shared import audit
from shared.datamap import runner
from shared.datamap.erasure import ErasureReport
from shared.datamap.runner import Batch, Erasing, Tally
from shared.holds import active_scope
from shared.jobs import JobContext
from shared.pseudonym import from_deps
from shared.retention import kept, open_claims, own_records, service
from shared.retention.plan import MAX_ROWS, Holds, plan_batch, resolve_holds
from shared.retention.policies import SWEEP_ORDER, Action, Policy
from shared.retention.rules import amsterdam_date
from shared.retention.targets import TARGETS, Target

log = logging.getLogger("privacy.retention")


def _merge(into: dict[str, int], counts: dict[str, int]) -> None:
    for k, v in counts.items():
        into[k] = into.get(k, 0) + v


def _policy_evidence(policy: Policy, today: date, now: Any) -> dict[str, Any]:
    return {"rule": policy.id, "legal_basis": policy.legal_basis, "period_months": policy.period_months,
            "action": str(policy.action), "enabled": policy.enabled, "version": policy.version,
            "today": today.isoformat(), "started_at": now.isoformat(), "finished_at": None, "batches": 0,
            "deleted": {}, "anonymised": {}, "skipped_hold": {}, "skipped_restriction": {},
            "already_anonymised": {}}


BATCH_ROWS = MAX_ROWS  # rows per batch and transaction (tests and the benchmark set it lower)


def run_sweep(ctx: JobContext, batch_rows: int | None = None) -> dict[str, Any]:
    """The body of the `retention_sweep` timer."""
    batch_rows = batch_rows or BATCH_ROWS
    deps = ctx.deps
    now = deps.clock.now()
    today = amsterdam_date(now)
    who = Erasing("retention", ctx.run_id, "", from_deps(deps))
    tally = Tally()
    with deps.store.connect() as conn:
        policies = service.load_policies(conn)
    start = ctx.checkpoint() or {}
    evidence = ctx.evidence  # kept up to date, so a failed run's record shows what it did
    evidence.update({"today": today.isoformat(), "policies": {}, **tally.evidence()})
    runner.clean_up(deps, tally)  # files any erasure left queued: a failed run's, a DSAR's, an exit's
    evidence.update(tally.evidence())
    if start.get("policy"):
        evidence["resumed_from"] = {"policy": start["policy"], "target": start.get("target"),
                                    "after_id": start.get("after_id")}
    if not start.get("policy") or start["policy"] == KEPT_STEP:
        _release_kept(ctx, policies, today, int(start.get("after_id") or 0), who, tally, batch_rows)
    order = list(SWEEP_ORDER)
    begin_at = order.index(start["policy"]) if start.get("policy") in order else 0
    for pid in order[begin_at:]:
        policy = policies[pid]
        pe = _policy_evidence(policy, today, deps.clock.now())
        evidence["policies"][pid] = pe
        if pid == open_claims.POLICY:  # never deleted by the sweep: reported to the creditor, who decides
            if policy.enabled and policy.period_months is not None:
                open_claims.report(deps, policies, today, ctx.run_id, pe)
        elif policy.enabled and policy.period_months is not None:
            for target in TARGETS[pid]:
                resume = start.get("policy") == pid and start.get("target")
                if resume and _before(pid, target, start["target"]):
                    continue
                after = int(start.get("after_id") or 0) if resume == target.table else 0
                batches = _TargetBatches(ctx, policy, target, today, pe, tally, batch_rows)
                runner.run_batches(deps, batches, Erasing(who.source, who.source_id, policy.id, who.pseudonymise),
                                   after, tally)
        pe["finished_at"] = deps.clock.now().isoformat()
        with deps.store.begin() as conn:
            audit.record(conn, audit.SYSTEM, "retention.policy_applied", "retention_policy", pid, deps.clock.now(),
                         {"run_id": ctx.run_id, **{k: pe[k] for k in ("deleted", "anonymised", "skipped_hold",
                                                                       "skipped_restriction")}})
    evidence["own_records"] = own_records.apply(deps, policies, now, ctx.run_id)  # the suite's own records
    evidence["access_packages"] = evidence["own_records"]["access_packages"]
    evidence["totals"] = totals(evidence["policies"])
    evidence.update(tally.evidence())
    runner.require_clean(deps, tally, source=who.source, source_id=who.source_id)
    return evidence


KEPT_STEP = "kept_rows"  # the checkpoint name of the first step: rows kept for a duty


@dataclass
class _KeptBatches:
    """Rows kept for a duty, a page of restrictions at a time: those whose duty ended go
    (shared/retention/kept.py), the others get their current duty and end recorded."""

    ctx: JobContext
    policies: dict[str, Policy]
    today: date
    ke: dict[str, Any]
    tally: Tally
    batch_rows: int

    def next_batch(self, store: Connection, platform: Connection, after: int) -> Batch | None:
        rows = store.execute(kept.kept_page(after, min(self.batch_rows, 1000))).all()
        if not rows:
            return None
        verdict = kept.review(platform, store, rows, policies=self.policies, scope=active_scope(store),
                              today=self.today)
        return Batch(verdict.erase, rows[-1].id, notes=verdict)

    def in_transaction(self, store: Connection, batch: Batch, report: ErasureReport, after: int) -> None:
        kept.lift(store, batch.notes.lift, at=self.ctx.deps.clock.now(), run_id=self.ctx.run_id)

    def committed(self, batch: Batch, report: ErasureReport) -> None:
        ke, verdict = self.ke, batch.notes
        ke["batches"] += 1
        _merge(ke["released"], verdict.released)
        _merge(ke["still_kept"], verdict.still_kept)
        _merge(ke["deleted"], report.deleted)
        _merge(ke["anonymised"], report.anonymised)
        self.ctx.evidence.update(self.tally.evidence())
        self.ctx.save_checkpoint({"policy": KEPT_STEP, "after_id": batch.last_id})


def _release_kept(ctx: JobContext, policies: dict[str, Policy], today: date, after: int, who: Erasing,
                  tally: Tally, batch_rows: int) -> None:
    ke: dict[str, Any] = {"rule": kept.RULE, "batches": 0, "released": {}, "still_kept": {}, "deleted": {},
                          "anonymised": {}}
    ctx.evidence["kept_rows"] = ke
    batches = _KeptBatches(ctx, policies, today, ke, tally, batch_rows)
    runner.run_batches(ctx.deps, batches, Erasing(who.source, who.source_id, kept.RULE, who.pseudonymise), after,
                       tally)
    with ctx.deps.store.begin() as conn:
        audit.record(conn, audit.SYSTEM, "retention.kept_rows_released", "retention_policy", KEPT_STEP,
                     ctx.deps.clock.now(), {"run_id": ctx.run_id, "released": ke["released"],
                                            "deleted": ke["deleted"], "anonymised": ke["anonymised"]})


def _before(pid: str, target: Target, checkpoint_table: str) -> bool:
    names = [t.table for t in TARGETS[pid]]
    return checkpoint_table in names and names.index(target.table) < names.index(checkpoint_table)


@dataclass
class _TargetBatches:
    """One policy target's due rows, batch after batch (holds and restrictions re-read each batch)."""

    ctx: JobContext
    policy: Policy
    target: Target
    today: date
    pe: dict[str, Any]
    tally: Tally
    batch_rows: int
    page: int | None = None  # due rows to try first: fills a batch at the last batch's fan-out
    holds: Holds | None = None  # resolved again only when the holds change

    def next_batch(self, store: Connection, platform: Connection, after: int) -> Batch | None:
        scope = active_scope(store)
        if self.holds is None or self.holds.scope != scope:
            self.holds = resolve_holds(platform, scope, self.target)
        plan = plan_batch(platform, store, self.target, self.policy, self.today, after, self.holds,
                          self.batch_rows, self.page)
        if plan.last_id is None:
            return None
        self.page = plan.next_page(self.batch_rows)
        return Batch(plan.erase, plan.last_id, keep_rows=self.policy.action is not Action.DELETE, notes=plan,
                     under=plan.under)

    def in_transaction(self, store: Connection, batch: Batch, report: ErasureReport, after: int) -> None:
        pass  # the checkpoint is the job's (after the commit): a batch redone after a crash changes nothing

    def committed(self, batch: Batch, report: ErasureReport) -> None:
        pe, plan = self.pe, batch.notes
        pe["batches"] += 1
        _merge(pe["deleted"], report.deleted)
        _merge(pe["anonymised"], report.anonymised)
        _merge(pe["skipped_hold"], plan.held)
        _merge(pe["skipped_restriction"], plan.restricted)
        _merge(pe["already_anonymised"], plan.already_anonymised)
        _merge(pe["already_anonymised"], report.already_anonymous)
        self.ctx.evidence.update(self.tally.evidence())
        self.ctx.save_checkpoint({"policy": self.policy.id, "target": self.target.table, "after_id": batch.last_id})
        done = sum(pe["deleted"].values()) + sum(pe["anonymised"].values())
        self.ctx.progress(f"{self.policy.id}:{self.target.table}", done, None)


def totals(per_policy: dict[str, dict[str, Any]]) -> dict[str, int]:
    out = {"deleted": 0, "anonymised": 0, "skipped_hold": 0, "skipped_restriction": 0}
    for pe in per_policy.values():
        for key in out:
            out[key] += sum(pe.get(key, {}).values())
    return out
