"""Services of the retention area: policies (versioned), the preview, sweep runs, legal holds.
One transaction per operation; every change and every read of personal data is audited (ids only)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared import audit
from shared.audit import Actor
from shared.datamap.discovery import table
from shared.datamap.platform_map import DATA_MAP
from shared.deps import Deps
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from shared.holds import active_scope, legal_holds
from shared.jobs import job_runs
from shared.ledger import erasure_ledger
from shared.retention.models import HoldCreate, PolicyUpdate
from shared.retention.open_claims import barred
from shared.retention.plan import plan_batch, resolve_holds
from shared.retention.policies import (
    DEFAULT_POLICIES,
    OWN_ORDER,
    OWN_POLICIES,
    SWEEP_ORDER,
    Action,
    Policy,
    statement_nl,
    validate_change,
)
from shared.retention.rules import amsterdam_date
from shared.retention.tables import client_retention_settings as client_settings_t
from shared.retention.tables import retention_policy_settings as settings_t
from shared.retention.tables import retention_policy_versions as versions_t
from shared.retention.targets import TARGETS

JOB = "retention_sweep"

# --- Policies -------------------------------------------------------------------------------


def current_periods(conn: Connection) -> dict[str, tuple[tuple[int, int], ...]]:
    """policy id -> ((client_id, months), ...): each client's latest version."""
    c = client_settings_t.c
    latest = select(c.client_id, c.policy_id, func.max(c.version).label("v")).group_by(c.client_id, c.policy_id)
    last = latest.subquery()
    rows = conn.execute(select(c.policy_id, c.client_id, c.period_months)
                        .join(last, (last.c.client_id == c.client_id) & (last.c.policy_id == c.policy_id)
                              & (last.c.v == c.version))
                        .order_by(c.policy_id, c.client_id))
    out: dict[str, list[tuple[int, int]]] = {}
    for r in rows:
        out.setdefault(r.policy_id, []).append((r.client_id, r.period_months))
    return {k: tuple(v) for k, v in out.items()}


def load_policies(conn: Connection) -> dict[str, Policy]:
    """The defaults, with the officer's stored settings and each client's own periods applied."""
    out = {**DEFAULT_POLICIES, **OWN_POLICIES}
    for row in conn.execute(select(settings_t)):
        if row.policy_id in out:
            out[row.policy_id] = out[row.policy_id].changed(
                period_months=row.period_months, action=Action(row.action), enabled=row.enabled, version=row.version)
    for pid, periods in current_periods(conn).items():  # each client's own period for its files
        if pid in out:
            out[pid] = out[pid].changed(client_periods=periods)
    return out


def policy_values(p: Policy) -> dict[str, Any]:
    return {"period_months": p.period_months, "action": str(p.action), "enabled": p.enabled}


def policy_view(p: Policy) -> dict[str, Any]:
    return {"id": p.id, "trigger": p.trigger, "trigger_nl": p.trigger_nl, **policy_values(p),
            "min_period_months": p.min_period_months, "legal_basis": p.legal_basis, "version": p.version,
            "period_days": p.period_days, "statement_nl": statement_nl(p), "suite_records": p.id in OWN_POLICIES,
            "client_periods": {str(c): m for c, m in p.client_periods},
            "tables": sorted(t.table for t in DATA_MAP if p.id in t.retention),
            "sweeps": [t.table for t in TARGETS[p.id]] + [c.table for t in TARGETS[p.id] for c in t.children]}


def list_policies(deps: Deps) -> list[dict[str, Any]]:
    with deps.store.connect() as conn:
        policies = load_policies(conn)
    return [policy_view(policies[pid]) for pid in (*SWEEP_ORDER, *OWN_ORDER)]


def policy_versions(conn: Connection, policy_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(versions_t).where(versions_t.c.policy_id == policy_id).order_by(versions_t.c.version))
    return [{"version": r.version, "before": r.before, "after": r.after, "reason": r.reason,
             "changed_at": r.changed_at, "changed_by": r.changed_by} for r in rows]


def update_policy(deps: Deps, actor: Actor, policy_id: str, change: PolicyUpdate) -> dict[str, Any]:
    if policy_id not in DEFAULT_POLICIES and policy_id not in OWN_POLICIES:
        raise NotFound("No such retention policy")
    try:
        return _update_policy(deps, actor, policy_id, change)
    except IntegrityError:  # another officer stored the same version first
        raise Conflict("The policy was changed meanwhile; reload it") from None


def _update_policy(deps: Deps, actor: Actor, policy_id: str, change: PolicyUpdate) -> dict[str, Any]:
    now = deps.clock.now()
    with deps.store.begin() as conn:
        current = load_policies(conn)[policy_id]
        errors = validate_change(current, change.period_months, change.action)
        if policy_id == "fiscal_7y" and change.period_months is not None and change.period_months % 12:
            errors.append({"field": "period_months", "message": "the fiscal period counts in whole years"})
        if errors:
            raise RuleViolation("The change is not allowed", errors=errors)
        after = current.changed(
            period_months=current.period_months if change.period_months is None else change.period_months,
            action=change.action or current.action,
            enabled=current.enabled if change.enabled is None else change.enabled,
            version=current.version + 1)
        values = {**policy_values(after), "version": after.version, "updated_at": now, "updated_by": actor.oid}
        if current.version == 1 and not conn.execute(
                select(settings_t.c.policy_id).where(settings_t.c.policy_id == policy_id)).first():
            conn.execute(insert(settings_t).values(policy_id=policy_id, **values))
        else:
            # Optimistic: two officers changing at once cannot both write the same version.
            done = conn.execute(update(settings_t).where(settings_t.c.policy_id == policy_id,
                                                         settings_t.c.version == current.version).values(**values))
            if done.rowcount != 1:
                raise Conflict("The policy was changed meanwhile; reload it")
        conn.execute(insert(versions_t).values(
            id=str(uuid.uuid4()), policy_id=policy_id, version=after.version, before=policy_values(current),
            after=policy_values(after), reason=change.reason, changed_at=now, changed_by=actor.oid))
        audit.record(conn, actor, "retention.policy_changed", "retention_policy", policy_id, now,
                     {"version": after.version, "before": policy_values(current), "after": policy_values(after)})
        versions = policy_versions(conn, policy_id)
    return {**policy_view(after), "versions": versions}


# --- Preview ----------------------------------------------------------------------------------


def preview(deps: Deps, actor: Actor) -> dict[str, Any]:
    """What a sweep now would do, per policy, changing nothing. Each policy is evaluated on today's
    data: a debtor that this sweep leaves without files shows in the next preview."""
    now = deps.clock.now()
    today = amsterdam_date(now)
    out: dict[str, Any] = {"today": today.isoformat(), "policies": []}
    with deps.platform.connect() as platform, deps.store.connect() as store:
        policies = load_policies(store)
        scope = active_scope(store)
        for pid in SWEEP_ORDER:
            p = policies[pid]
            entry: dict[str, Any] = {"id": pid, **policy_values(p), "due": {}, "held": {}, "restricted": {},
                                     "already_anonymised": {}}
            if pid == "open_claim":  # the sweep never deletes an open claim: the creditor decides
                entry["time_barred"] = _time_barred_count(platform, p, today)
            elif p.enabled and p.period_months is not None:
                for target in TARGETS[pid]:
                    after, holds = 0, resolve_holds(platform, scope, target)
                    while True:
                        plan = plan_batch(platform, store, target, p, today, after, holds)
                        if plan.last_id is None:
                            break
                        after = plan.last_id
                        for key, counts in (("due", plan.counts()), ("held", plan.held),
                                            ("restricted", plan.restricted),
                                            ("already_anonymised", plan.already_anonymised)):
                            for name, n in counts.items():
                                entry[key][name] = entry[key].get(name, 0) + n
            entry["total_due"] = sum(entry["due"].values())
            out["policies"].append(entry)
    out["total_due"] = sum(e["total_due"] for e in out["policies"])
    with deps.store.begin() as conn:
        audit.record(conn, actor, "retention.previewed", "retention", "preview", now, {"total_due": out["total_due"]})
    return out


def _time_barred_count(platform: Connection, policy: Policy, today: date) -> int:
    """Open files past their limitation (the sweep reports them to the client; it deletes none)."""
    n, after = 0, 0
    while True:
        last, found, _checked = barred(platform, policy, today, after)
        if last is None:
            return n
        n, after = n + len(found), last


# --- Runs -----------------------------------------------------------------------------------


def _run_view(r: Any) -> dict[str, Any]:
    return {"id": r.id, "status": r.status, "started_at": r.started_at, "finished_at": r.finished_at,
            "error": r.error, "totals": (r.evidence or {}).get("totals")}


def list_runs(deps: Deps, limit: int) -> list[dict[str, Any]]:
    q = select(job_runs).where(job_runs.c.job == JOB).order_by(job_runs.c.started_at.desc(), job_runs.c.id).limit(limit)
    with deps.store.connect() as conn:
        return [_run_view(r) for r in conn.execute(q)]


def ledger_counts_query(run_id: str) -> Any:
    c = erasure_ledger.c
    return (select(c.rule, c.table_name, c.action, func.sum(c.row_count).label("n"))
            .where(c.source == "retention", c.source_id == run_id)
            .group_by(c.rule, c.table_name, c.action).order_by(c.rule, c.table_name, c.action))


def get_run(deps: Deps, run_id: str) -> dict[str, Any]:
    with deps.store.connect() as conn:
        r = conn.execute(select(job_runs).where(job_runs.c.id == run_id, job_runs.c.job == JOB)).first()
        if r is None:
            raise NotFound("No such retention run")
        # The ledger is written in the batch's own transaction: it shows what a killed run did.
        ledger_rows = [{"rule": x.rule, "table": x.table_name, "action": x.action, "rows": int(x.n)}
                       for x in conn.execute(ledger_counts_query(run_id))]
    return {**_run_view(r), "evidence": r.evidence or {}, "ledger": ledger_rows}


# --- Legal holds ----------------------------------------------------------------------------


def hold_view(r: Any) -> dict[str, Any]:
    return {"id": r.id, "reason": r.reason, "subject": {"email": r.subject_email} if r.subject_email else None,
            "client_id": r.client_id, "created_at": r.created_at, "created_by": r.created_by,
            "active": r.lifted_at is None, "lifted_at": r.lifted_at, "lifted_by": r.lifted_by,
            "lift_reason": r.lift_reason}


def create_hold(deps: Deps, actor: Actor, body: HoldCreate) -> dict[str, Any]:
    now = deps.clock.now()
    if body.client_id is not None:
        client_root = DATA_MAP.client_root()
        assert client_root is not None, "a client hold needs the map's client table"
        clients = table(client_root.table)
        with deps.platform.connect() as platform:
            if platform.execute(select(clients.c.id).where(clients.c.id == body.client_id)).first() is None:
                raise InvalidInput("Unknown client", errors=[{"field": "client_id", "message": "no such client"}])
    hold_id = str(uuid.uuid4())
    with deps.store.begin() as conn:
        conn.execute(insert(legal_holds).values(
            id=hold_id, reason=body.reason, subject_email=body.subject.email if body.subject else None,
            client_id=body.client_id, created_at=now, created_by=actor.oid))
        audit.record(conn, actor, "legal_hold.placed", "legal_hold", hold_id, now,
                     {"client_id": body.client_id, "subject_scope": body.subject is not None})
        row = conn.execute(select(legal_holds).where(legal_holds.c.id == hold_id)).one()
    return hold_view(row)


def list_holds(deps: Deps, actor: Actor, active: bool | None) -> list[dict[str, Any]]:
    q = select(legal_holds).order_by(legal_holds.c.created_at.desc(), legal_holds.c.id)
    if active is not None:
        q = q.where(legal_holds.c.lifted_at.is_(None) if active else legal_holds.c.lifted_at.is_not(None))
    now = deps.clock.now()
    with deps.store.begin() as conn:
        rows = [hold_view(r) for r in conn.execute(q)]
        # The list shows held e-mail addresses: a read of personal data.
        audit.record(conn, actor, "legal_hold.listed", "legal_hold", "*", now, {"count": len(rows)})
    return rows


def lift_hold(deps: Deps, actor: Actor, hold_id: str, reason: str | None) -> dict[str, Any]:
    now = deps.clock.now()
    with deps.store.begin() as conn:
        row = conn.execute(select(legal_holds).where(legal_holds.c.id == hold_id)).first()
        if row is None:
            raise NotFound("No such legal hold")
        lifted = conn.execute(update(legal_holds).where(legal_holds.c.id == hold_id, legal_holds.c.lifted_at.is_(None))
                              .values(lifted_at=now, lifted_by=actor.oid, lift_reason=reason))
        if lifted.rowcount != 1:
            raise Conflict("The legal hold was already lifted")
        audit.record(conn, actor, "legal_hold.lifted", "legal_hold", hold_id, now,
                     {"client_id": row.client_id, "subject_scope": row.subject_email is not None,
                      "reason_given": bool(reason)})
        row = conn.execute(select(legal_holds).where(legal_holds.c.id == hold_id)).one()
    return hold_view(row)
