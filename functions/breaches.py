"""Triggers of the breaches area: intake, assessment, the FG's decision, the AP report,
notifications, evaluation, and the register (Art. 33/34 GDPR)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

if TYPE_CHECKING:
    from shared.breaches.models import AssessmentOut, CreatedOut

authority_report = lazy_module("shared.breaches.authority_report")
commands = lazy_module("shared.breaches.commands")
controllers = lazy_module("shared.breaches.controllers")
errors = lazy_module("shared.errors")
models = lazy_module("shared.breaches.models")
paging = lazy_module("shared.http.paging")
register_export = lazy_module("shared.breaches.register_export")
views = lazy_module("shared.breaches.views")
bp = func.Blueprint()

CSV = "text/csv"
TEXT = "text/plain"


EXAMPLE = {"summary": "Een laptop met klantgegevens is gestolen uit een auto",
           "became_aware_at": "2026-11-24T08:15:00+01:00", "nature": ["confidentiality"]}


@api(bp, "breach_create", body=lambda: models.BreachIn, response=lambda: models.CreatedOut, status=201,
     example=EXAMPLE)
def breach_create(call: Call) -> CreatedOut:
    return commands.report(call.deps, call.principal, call.body)


@api(bp, "breach_list", query=lambda: models.ListQuery, response=lambda: paging.Page[models.BreachSummary])
def breach_list(call: Call) -> dict[str, Any]:
    query = call.query
    return paging.fetch_page(lambda n: views.list_(call.deps, call.principal, query.status, query.group, n), query)


@api(bp, "breach_register", query=lambda: models.RegisterQuery, response=lambda: paging.Page[dict[str, Any]],
     files=(CSV,))
def breach_register(call: Call) -> Any:
    fmt = call.query.format
    rows = [register_export.row(v) for v in views.register(call.deps, call.principal, fmt)]
    if fmt == "csv":
        # Content-Type also as a header: the local host passes headers, not the mimetype.
        return Reply(register_export.to_csv(rows), mimetype=CSV, headers={
            "Content-Type": f"{CSV}; charset=utf-8",
            "Content-Disposition": 'attachment; filename="datalekkenregister.csv"'})
    return paging.page(rows, call.query)


@api(bp, "breach_get", response=lambda: models.BreachView)
def breach_get(call: Call) -> dict[str, Any]:
    return views.get(call.deps, call.principal, call.params["id"])


@api(bp, "breach_assess", body=lambda: models.AssessmentIn, response=lambda: models.AssessmentOut, status=201)
def breach_assess(call: Call) -> AssessmentOut:
    return commands.assess_breach(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "breach_decide", body=lambda: models.DecisionIn, response=dict[str, Any], status=201)
def breach_decide(call: Call) -> dict[str, Any]:
    return commands.decide(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "breach_authority_report", query=lambda: models.ReportQuery, response=dict[str, Any], files=(TEXT,))
def breach_authority_report(call: Call) -> Any:
    report = views.authority_report(call.deps, call.principal, call.params["id"])
    if call.query.format == "text":
        return Reply(authority_report.as_text(report), mimetype=TEXT,
                     headers={"Content-Type": f"{TEXT}; charset=utf-8"})
    return report


@api(bp, "breach_notify", body=lambda: models.NotificationIn, response=dict[str, Any], status=201)
def breach_notify(call: Call) -> dict[str, Any]:
    return commands.notify(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "breach_client_update", body=lambda: models.BreachClientIn, response=dict[str, Any],
     responses={404: "No such breach, or the client is not affected"})
def breach_client_update(call: Call) -> dict:
    raw = call.params["client_id"]
    if not raw.isdigit() or not 1 <= int(raw) < 2**31:
        raise errors.NotFound("This client is not affected by this breach")
    return controllers.record_client(call.deps, call.principal, call.params["id"], int(raw), call.body)


@api(bp, "breach_evaluate", body=lambda: models.EvaluationIn, response=dict[str, Any], status=201)
def breach_evaluate(call: Call) -> dict[str, Any]:
    return commands.evaluate(call.deps, call.principal, call.params["id"], call.body)
