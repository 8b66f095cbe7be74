"""Triggers of the dsar area: data subject requests (Art. 12-22 GDPR)."""

import azure.functions as func

from shared.dsar.models import (
    CompleteIn,
    DecisionIn,
    DsarCreate,
    DsarListQuery,
    DsarOut,
    ExportQuery,
    ExtendIn,
    LiftIn,
    LiftNoticeIn,
    RejectIn,
    RestrictionOut,
    VerifyIn,
)
from shared.http.api import Call, Reply, api

bp = func.Blueprint()
NEW_OR_EXISTING = {201: "Created", 200: "An open request of the same subject and type exists: returned"}


@api(bp, "dsar_create", body=DsarCreate, response=DsarOut, responses=NEW_OR_EXISTING)
def dsar_create(call: Call) -> Reply:
    from shared.dsar import service

    body, status = service.create(call.deps, call.principal, call.body)
    return Reply(body, status=status)


@api(bp, "dsar_list", query=DsarListQuery)
def dsar_list(call: Call) -> dict:
    from shared.dsar import views

    return views.listing(call.deps, call.principal, call.query)


@api(bp, "dsar_get", response=DsarOut)
def dsar_get(call: Call) -> dict:
    from shared.dsar import views

    return views.get(call.deps, call.principal, call.params["id"])


@api(bp, "dsar_verify", body=VerifyIn, response=DsarOut)
def dsar_verify(call: Call) -> dict:
    from shared.dsar import service

    return service.verify(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_decision", body=DecisionIn, response=DsarOut)
def dsar_decision(call: Call) -> dict:
    from shared.dsar import service

    return service.decide(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_extend", body=ExtendIn, response=DsarOut)
def dsar_extend(call: Call) -> dict:
    from shared.dsar import service

    return service.extend(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_complete", body=CompleteIn, response=DsarOut)
def dsar_complete(call: Call) -> dict:
    from shared.dsar import service

    return service.complete(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_reject", body=RejectIn, response=DsarOut)
def dsar_reject(call: Call) -> dict:
    from shared.dsar import service

    return service.reject(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_export", query=ExportQuery, responses={409: "No export yet"})
def dsar_export(call: Call) -> dict | Reply:
    from shared.dsar import service

    result = service.export_link(call.deps, call.principal, call.params["id"], call.query.download)
    if isinstance(result, bytes):
        return Reply(result, mimetype="application/zip",
                     headers={"Content-Disposition": f'attachment; filename="dsar-{call.params["id"][:8]}.zip"'})
    return result


@api(bp, "dsar_restriction_get", response=RestrictionOut)
def dsar_restriction_get(call: Call) -> dict:
    from shared.dsar import lifting

    return lifting.view(call.deps, call.principal, call.params["id"])


@api(bp, "dsar_restriction_notice", body=LiftNoticeIn, response=RestrictionOut)
def dsar_restriction_notice(call: Call) -> dict:
    from shared.dsar import lifting

    return lifting.notify(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_restriction_lift", body=LiftIn, response=RestrictionOut)
def dsar_restriction_lift(call: Call) -> dict:
    from shared.dsar import lifting

    return lifting.lift(call.deps, call.principal, call.params["id"], call.body)
