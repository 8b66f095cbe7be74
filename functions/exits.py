"""Triggers of the exits area: client exits (opzegging), the export, viewer accounts, and the
nightly exit_processing timer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.alerts import Alert
from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:
    from shared.exits.models import ExitOut, ViewerAccountOut
    from shared.jobs import JobContext

# The services (and with them the database layer) and the models load at first call, not when the
# app is indexed.
ids = lazy_module("shared.ids")
models = lazy_module("shared.exits.models")
paging = lazy_module("shared.http.paging")
processing = lazy_module("shared.exits.processing")
service = lazy_module("shared.exits.service")
bp = func.Blueprint()


@api(bp, "exit_create", body=lambda: models.ExitCreate, response=lambda: models.ExitOut, status=201,
     example={"client_id": 3, "choice": "delete"},
     responses={404: "No such client", 409: "An open exit exists", 422: "Invalid input"})
def exit_create(call: Call) -> ExitOut:
    return service.create_exit(call.deps, call.principal, call.body)


@api(bp, "exit_list", query=lambda: models.ExitListQuery, response=lambda: paging.Page[models.ExitOut],
     responses={404: "Another client named (client admin)", 422: "Invalid filter or cursor"})
def exit_list(call: Call) -> dict:
    return service.list_exits(call.deps, call.principal, call.query)


@api(bp, "exit_get", response=lambda: models.ExitOut, responses={404: "No such exit"})
def exit_get(call: Call) -> ExitOut:
    return service.get_exit(call.deps, call.principal, call.params["id"])


@api(bp, "exit_update", body=lambda: models.ExitUpdate, response=lambda: models.ExitOut,
     responses={404: "No such exit", 422: "The effective date has been reached"})
def exit_update(call: Call) -> ExitOut:
    return service.update_exit(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "exit_cancel", response=lambda: models.ExitOut,
     responses={404: "No such exit", 422: "The effective date has been reached"})
def exit_cancel(call: Call) -> ExitOut:
    return service.cancel_exit(call.deps, call.principal, call.params["id"])


@api(bp, "exit_export", query=lambda: models.ExportQuery, response=lambda: models.ExportLink,
     other={202: lambda: models.ExportPreparing},
     responses={202: "Being prepared: the nightly run builds it (ExportPreparing)",
                303: "?download=1: See Other, Location is the short-lived link; Blob storage streams the zip",
                404: "No such exit", 410: "Destroyed or cancelled"})
def exit_export(call: Call) -> object:
    result = service.export_for(call.deps, call.principal, call.params["id"], call.query.download)
    if isinstance(result, models.ExportPreparing):
        return Reply(result, status=202, headers={"Retry-After": "3600"})
    if call.query.download:
        return Reply(result, status=303, headers={"Location": result.url})
    return result


@api(bp, "viewer_accounts", query=lambda: models.ViewerListQuery,
     response=lambda: paging.Page[models.ViewerAccountOut], responses={404: "Another client named (client admin)"})
def viewer_accounts(call: Call) -> dict:
    return paging.page(service.list_viewers(call.deps, call.principal, call.query).items, call.query)


@api(bp, "client_viewer_account", response=lambda: models.ViewerAccountOut,
     responses={404: "No viewer account for this client"})
def client_viewer_account(call: Call) -> ViewerAccountOut:
    return service.viewer_of_client(call.deps, call.principal, ids.parse_id(call.params["client_id"], "client"))


@api(bp, "viewer_account_renew", response=lambda: models.ViewerAccountOut,
     responses={404: "No such viewer account", 409: "Already renewed", 422: "Lapsed"})
def viewer_account_renew(call: Call) -> ViewerAccountOut:
    return service.renew_viewer(call.deps, call.principal, ids.parse_id(call.params["client_id"], "viewer account"))


@timer(bp, "exit_processing", Alert.EXIT_PROCESSING_FAILED)
def exit_processing(ctx: JobContext) -> dict:
    return processing.run(ctx)
