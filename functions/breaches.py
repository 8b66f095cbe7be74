"""Triggers of the breaches area: intake, assessment, the FG's decision, the AP report,
notifications, evaluation, and the register (Art. 33/34 GDPR)."""

from typing import Any

import azure.functions as func

from shared.breaches.models import (
    AssessmentIn,
    AssessmentOut,
    BreachClientIn,
    BreachIn,
    CreatedOut,
    DecisionIn,
    EvaluationIn,
    ListQuery,
    NotificationIn,
    RegisterQuery,
    ReportQuery,
)
from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

commands = lazy_module("shared.breaches.commands")
views = lazy_module("shared.breaches.views")
bp = func.Blueprint()

CSV = "text/csv"
TEXT = "text/plain"


@api(bp, "breach_create", body=BreachIn, response=CreatedOut, responses={201: "Taken in"})
def breach_create(call: Call) -> Reply:
    return Reply(commands.report(call.deps, call.principal, call.body), status=201)


@api(bp, "breach_list", query=ListQuery)
def breach_list(call: Call) -> dict[str, Any]:
    query = call.query
    return views.list_(call.deps, call.principal, query.status, query.group, query.limit)


@api(bp, "breach_register", query=RegisterQuery)
def breach_register(call: Call) -> Any:
    from shared.breaches.register_export import row, to_csv

    fmt = call.query.format
    rows = [row(v) for v in views.register(call.deps, call.principal, fmt)]
    if fmt == "csv":
        # Content-Type also as a header: the local host passes headers, not the mimetype.
        return Reply(to_csv(rows), mimetype=CSV, headers={
            "Content-Type": f"{CSV}; charset=utf-8",
            "Content-Disposition": 'attachment; filename="datalekkenregister.csv"'})
    return {"items": rows, "count": len(rows)}


@api(bp, "breach_get")
def breach_get(call: Call) -> dict[str, Any]:
    return views.get(call.deps, call.principal, call.params["id"])


@api(bp, "breach_assess", body=AssessmentIn, response=AssessmentOut, responses={201: "Assessed"})
def breach_assess(call: Call) -> Reply:
    return Reply(commands.assess_breach(call.deps, call.principal, call.params["id"], call.body), status=201)


@api(bp, "breach_decide", body=DecisionIn, responses={201: "Decided"})
def breach_decide(call: Call) -> Reply:
    return Reply(commands.decide(call.deps, call.principal, call.params["id"], call.body), status=201)


@api(bp, "breach_authority_report", query=ReportQuery)
def breach_authority_report(call: Call) -> Any:
    from shared.breaches.authority_report import as_text

    report = views.authority_report(call.deps, call.principal, call.params["id"])
    if call.query.format == "text":
        return Reply(as_text(report), mimetype=TEXT, headers={"Content-Type": f"{TEXT}; charset=utf-8"})
    return report


@api(bp, "breach_notify", body=NotificationIn, responses={201: "Recorded"})
def breach_notify(call: Call) -> Reply:
    return Reply(commands.notify(call.deps, call.principal, call.params["id"], call.body), status=201)


@api(bp, "breach_client_update", body=BreachClientIn,
     responses={404: "No such breach, or the client is not affected"})
def breach_client_update(call: Call) -> dict:
    from shared.breaches import controllers

    raw = call.params["client_id"]
    if not raw.isdigit() or not 1 <= int(raw) < 2**31:
        from shared.errors import NotFound

        raise NotFound("This client is not affected by this breach")
    return controllers.record_client(call.deps, call.principal, call.params["id"], int(raw), call.body)


@api(bp, "breach_evaluate", body=EvaluationIn, responses={201: "Evaluated and closed"})
def breach_evaluate(call: Call) -> Reply:
    return Reply(commands.evaluate(call.deps, call.principal, call.params["id"], call.body), status=201)
