"""Triggers of the retention area: policies, preview, sweep runs, legal holds, and the nightly sweep."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import azure.functions as func

from shared.alerts import Alert
from shared.http.api import Call, api
from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:  # the job layer loads SQLAlchemy: not at indexing (cold start)
    from shared.jobs import JobContext

models = lazy_module("shared.retention.models")
paging = lazy_module("shared.http.paging")
service = lazy_module("shared.retention.service")
sweep = lazy_module("shared.retention.sweep")
bp = func.Blueprint()
open_claims = lazy_module("shared.retention.open_claims")


@api(bp, "retention_policies", query=lambda: paging.PageQuery, response=lambda: paging.Page[models.PolicyOut])
def retention_policies(call: Call) -> dict[str, Any]:
    return paging.page(service.list_policies(call.deps), call.query)


@api(bp, "retention_policy_update", body=lambda: models.PolicyUpdate, response=lambda: models.PolicyOut,
     responses={404: "No such policy", 409: "Changed meanwhile"})
def retention_policy_update(call: Call) -> dict[str, Any]:
    return service.update_policy(call.deps, call.principal.actor, call.params["id"], call.body)


@api(bp, "retention_preview", response=dict[str, Any])
def retention_preview(call: Call) -> dict[str, Any]:
    return service.preview(call.deps, call.principal.actor)


@api(bp, "retention_runs", query=lambda: models.RunsQuery, response=lambda: paging.Page[models.RunOut])
def retention_runs(call: Call) -> dict[str, Any]:
    return paging.fetch_page(lambda n: service.list_runs(call.deps, n), call.query)


@api(bp, "retention_run_get", response=lambda: models.RunOut, responses={404: "No such run"})
def retention_run_get(call: Call) -> dict[str, Any]:
    return service.get_run(call.deps, call.params["id"])


@api(bp, "time_barred_claims", query=lambda: models.ClaimsQuery,
     response=lambda: paging.Page[models.TimeBarredClaimOut])
def time_barred_claims(call: Call) -> dict[str, Any]:
    return open_claims.list_claims(call.deps, call.principal, call.query)


@api(bp, "time_barred_claim_decide", body=lambda: models.ClaimDecisionIn, response=lambda: models.TimeBarredClaimOut,
     responses={404: "No such time-barred claim", 409: "Already decided, or the file is no longer open"},
     example={"decision": "write_off", "reason": "Verjaard; de schuldenaar beroept zich op verjaring"})
def time_barred_claim_decide(call: Call) -> dict[str, Any]:
    return open_claims.decide(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "legal_hold_create", body=lambda: models.HoldCreate, response=lambda: models.HoldOut, status=201,
     example={"reason": "Procedure bij de rechtbank Rotterdam, zaaknummer C/10/123456", "client_id": 3})
def legal_hold_create(call: Call) -> dict[str, Any]:
    return service.create_hold(call.deps, call.principal.actor, call.body)


@api(bp, "legal_holds", query=lambda: models.HoldsQuery, response=lambda: paging.Page[models.HoldOut])
def legal_holds(call: Call) -> dict[str, Any]:
    return paging.page(service.list_holds(call.deps, call.principal.actor, call.query.active), call.query)


@api(bp, "legal_hold_lift", body=lambda: models.HoldLift, response=lambda: models.HoldOut,
     responses={404: "No such hold", 409: "Already lifted"})
def legal_hold_lift(call: Call) -> dict[str, Any]:
    return service.lift_hold(call.deps, call.principal.actor, call.params["id"], call.body.reason)


@timer(bp, "retention_sweep", Alert.RETENTION_SWEEP_FAILED)
def retention_sweep(ctx: JobContext) -> dict[str, Any]:
    return sweep.run_sweep(ctx)
