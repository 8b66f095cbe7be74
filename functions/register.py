"""Triggers of the register area: the Art. 30 register, the third parties and the data map.
The FG (Privacy.Officer) writes; staff read (roles in shared/http/routes.py)."""

from typing import Any

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

export = lazy_module("shared.register.export")
models = lazy_module("shared.register.models")
paging = lazy_module("shared.http.paging")
service = lazy_module("shared.register.service")
bp = func.Blueprint()


@api(bp, "register_activities", query=lambda: paging.PageQuery, response=lambda: paging.Page[models.ActivityOut])
def register_activities(call: Call) -> dict:
    """The activities; the controller and the FG are named in GET /register/export."""
    return paging.page(service.list_activities(call.deps)["activities"], call.query)


@api(bp, "register_activity_create", body=lambda: models.ActivityCreate, response=lambda: models.ActivityOut,
     status=201, responses={409: "The id exists"})
def register_activity_create(call: Call) -> dict:
    return service.create_activity(call.deps, call.principal, call.body)


@api(bp, "register_activity_update", body=lambda: models.ActivityIn, response=lambda: models.ActivityOut,
     responses={404: "No such activity"})
def register_activity_update(call: Call) -> dict:
    return service.update_activity(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "register_processors", query=lambda: paging.PageQuery, response=lambda: paging.Page[models.ProcessorOut])
def register_processors(call: Call) -> dict:
    return paging.page(service.list_processors(call.deps)["processors"], call.query)


@api(bp, "register_processor_create", body=lambda: models.ProcessorCreate, response=lambda: models.ProcessorOut,
     status=201, responses={409: "The id exists"})
def register_processor_create(call: Call) -> dict:
    return service.create_processor(call.deps, call.principal, call.body)


@api(bp, "register_processor_update", body=lambda: models.ProcessorIn, response=lambda: models.ProcessorOut,
     responses={404: "No such processor"})
def register_processor_update(call: Call) -> dict:
    return service.update_processor(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "register_data_map", response=lambda: models.DataMapOut)
def register_data_map(call: Call) -> dict:
    return service.data_map(call.deps)


@api(bp, "register_export", query=lambda: models.ExportQuery, response=dict[str, Any], files=("text/csv", "text/html"))
def register_export(call: Call) -> Reply:
    fmt = call.query.format
    doc = service.build_export(call.deps, call.principal, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{export.filename(doc, fmt)}"'}
    if fmt == "json":
        return Reply(doc, headers=headers)
    return Reply(export.render(doc, fmt), headers=headers, mimetype=export.MIMETYPES[fmt])
