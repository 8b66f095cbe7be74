"""Retention per controller: a client sets its own periods for its files (it is the controller of
its debtors' data), within the legal floors (the Bki two years for closed consumer files; the
fiscal duty is not the client's call). Versioned and audited; the sweep, the preview and the
register read them through `load_policies`.

Who may set them is the one rule of shared.decisions (retention): the client's Client.Admin, or
staff who record the client's instruction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from shared import audit, decisions
from shared.decisions import Basis, Decision
from shared.deps import Deps
from shared.errors import Conflict, NotFound, RuleViolation
from shared.identity.principal import Principal
from shared.instructions import log as instructions
from shared.retention.models import ClientPeriodIn
from shared.retention.policies import CLIENT_SETTABLE, Policy, statement_nl, validate_client_period
from shared.retention.service import load_policies
from shared.retention.tables import client_retention_settings as settings_t


def versions_of(conn: Connection, client_id: int) -> list[Any]:
    return list(conn.execute(select(settings_t).where(settings_t.c.client_id == client_id)
                        .order_by(settings_t.c.policy_id, settings_t.c.version)).all())


def client_view(policies: dict[str, Policy], client_id: int, versions: list[Any]) -> list[dict[str, Any]]:
    """Per settable policy: the default, the floor, the client's period in force and its history."""
    out = []
    for pid in CLIENT_SETTABLE:
        p = policies[pid]
        mine = [v for v in versions if v.policy_id == pid]
        own, applied = p.own_period_of(client_id), p.for_client(client_id)
        out.append({"policy_id": pid, "default_period_months": p.period_months,
                    "min_period_months": p.min_period_months,
                    "client_period_months": own, "period_months": applied.period_months,
                    "statement_nl": statement_nl(applied), "version": mine[-1].version if mine else 0,
                    "versions": [{"version": v.version, "period_months": v.period_months, "reason": v.reason,
                                  "basis": v.basis, "changed_at": v.changed_at} for v in mine]})
    return out


def _client_known(deps: Deps, client_id: int) -> None:
    from shared.dsar import queries as dq

    with deps.platform.connect() as pconn:
        if pconn.execute(dq.client_exists(client_id)).first() is None:
            raise NotFound("No such client")


def get_client(deps: Deps, principal: Principal, client_id: int) -> dict[str, Any]:
    principal.require_client(client_id, "client")
    _client_known(deps, client_id)
    with deps.store.connect() as conn:
        view = client_view(load_policies(conn), client_id, versions_of(conn, client_id))
    return {"client_id": client_id, "items": view, "next": None}


def set_client(deps: Deps, principal: Principal, client_id: int, policy_id: str,
               body: ClientPeriodIn) -> dict[str, Any]:
    principal.require_client(client_id, "client")
    basis = decisions.authorize(Decision.RETENTION, principal, client_id, body.instruction)
    _client_known(deps, client_id)
    now: datetime = deps.now()
    try:
        with deps.store.begin() as conn:
            policies = load_policies(conn)
            if policy_id not in policies:
                raise NotFound("No such retention policy")
            errors = validate_client_period(policies[policy_id], body.period_months)
            if errors:
                raise RuleViolation("The period is not allowed", errors=errors)
            before = policies[policy_id].own_period_of(client_id)
            version = len([v for v in versions_of(conn, client_id) if v.policy_id == policy_id]) + 1
            conn.execute(insert(settings_t).values(
                id=str(uuid.uuid4()), client_id=client_id, policy_id=policy_id, version=version,
                period_months=body.period_months, reason=body.reason, basis=basis.value, changed_at=now,
                changed_by=principal.oid))
            details: dict[str, Any] = {"policy_id": policy_id, "version": version, "before": before,
                                       "after": body.period_months, "basis": basis.value}
            if basis is Basis.INSTRUCTION:
                assert body.instruction is not None
                details["instruction_id"] = instructions.record(
                    conn, principal.actor, client_id=client_id, decision=Decision.RETENTION.value,
                    object_type="retention", object_id=policy_id, instruction=body.instruction, now=now)
            audit.record(conn, principal.actor, "retention.client_period_set", "client", str(client_id), now, details)
            view = client_view(load_policies(conn), client_id, versions_of(conn, client_id))
    except IntegrityError:  # the same version stored at the same moment
        raise Conflict("The setting was changed meanwhile; reload it") from None
    return {"client_id": client_id, "items": view, "next": None}
