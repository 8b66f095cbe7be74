"""Triggers of the dsar area: data subject requests (Art. 12-22 GDPR)."""


import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

letters = lazy_module("shared.dsar.letters")
lifting = lazy_module("shared.dsar.lifting")
intake = lazy_module("shared.dsar.intake")
models = lazy_module("shared.dsar.models")
paging = lazy_module("shared.http.paging")
service = lazy_module("shared.dsar.service")
views = lazy_module("shared.dsar.views")
bp = func.Blueprint()
NEW_OR_EXISTING = {201: "Created", 200: "An open request of the same subject and type exists: returned"}
EXAMPLE = {"type": "access", "subject": {"email": "j.jansen@example.nl", "name": "J. Jansen"}, "client_id": 3,
           "channel": "email", "received_at": "2026-11-24T09:30:00+01:00"}


@api(bp, "dsar_create", body=lambda: models.DsarCreate, response=lambda: models.DsarOut, status=201,
     responses=NEW_OR_EXISTING, example=EXAMPLE)
def dsar_create(call: Call) -> Reply:
    view, created = intake.create(call.deps, call.principal, call.body)
    return Reply(view, status=201 if created else 200)


@api(bp, "dsar_list", query=lambda: models.DsarListQuery, response=lambda: paging.Page[models.DsarOut])
def dsar_list(call: Call) -> dict:
    return views.listing(call.deps, call.principal, call.query)


@api(bp, "dsar_get", response=lambda: models.DsarOut)
def dsar_get(call: Call) -> dict:
    return views.get(call.deps, call.principal, call.params["id"])


@api(bp, "dsar_verify", body=lambda: models.VerifyIn, response=lambda: models.DsarOut,
     example={"method": "dossier_number_postcode", "dossier_reference": "D-2026-0042", "postcode": "3011AB"})
def dsar_verify(call: Call) -> dict:
    return service.verify(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_decision", body=lambda: models.DecisionIn, response=lambda: models.DsarOut)
def dsar_decision(call: Call) -> dict:
    return service.decide(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_extend", body=lambda: models.ExtendIn, response=lambda: models.DsarOut)
def dsar_extend(call: Call) -> dict:
    return service.extend(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_complete", body=lambda: models.CompleteIn, response=lambda: models.DsarOut)
def dsar_complete(call: Call) -> dict:
    return service.complete(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_reject", body=lambda: models.RejectIn, response=lambda: models.DsarOut)
def dsar_reject(call: Call) -> dict:
    return service.reject(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_export", query=lambda: models.ExportQuery, response=lambda: models.PackageLink,
     files=("application/zip",), responses={409: "No export yet"})
def dsar_export(call: Call) -> dict | Reply:
    result = service.export_link(call.deps, call.principal, call.params["id"], call.query.download)
    if isinstance(result, bytes):
        return Reply(result, mimetype="application/zip",
                     headers={"Content-Disposition": f'attachment; filename="dsar-{call.params["id"][:8]}.zip"'})
    return result


@api(bp, "dsar_letters", query=lambda: models.LettersQuery, response=lambda: paging.Page[models.LetterOut])
def dsar_letters(call: Call) -> dict:
    return letters.listing(call.deps, call.principal, call.params["id"], call.query)


@api(bp, "dsar_restriction_get", response=lambda: models.RestrictionOut)
def dsar_restriction_get(call: Call) -> dict:
    return lifting.view(call.deps, call.principal, call.params["id"])


@api(bp, "dsar_restriction_notice", body=lambda: models.LiftNoticeIn, response=lambda: models.RestrictionOut)
def dsar_restriction_notice(call: Call) -> dict:
    return lifting.notify(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_restriction_lift", body=lambda: models.LiftIn, response=lambda: models.RestrictionOut)
def dsar_restriction_lift(call: Call) -> dict:
    return lifting.lift(call.deps, call.principal, call.params["id"], call.body)
