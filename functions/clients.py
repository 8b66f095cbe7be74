"""Triggers about one client as controller: its instruction log, its processor record (Art. 30(2))
and its own retention periods."""

from typing import Any

import azure.functions as func

from shared.http.api import Call, api
from shared.lazy import lazy_module

ids = lazy_module("shared.ids")
instructions = lazy_module("shared.instructions.log")
instruction_models = lazy_module("shared.instructions.models")
paging = lazy_module("shared.http.paging")
retention = lazy_module("shared.retention.controllers")
retention_models = lazy_module("shared.retention.models")
service = lazy_module("shared.register.service")
bp = func.Blueprint()


def _client_id(raw: str) -> int:
    return ids.parse_id(raw, "client")  # digits only, at most 10 of them, 1..2^31-1: else 404


@api(bp, "client_instructions", query=lambda: instruction_models.LogQuery,
     response=lambda: paging.Page[dict[str, Any]])
def client_instructions(call: Call) -> dict:
    return instructions.log_for(call.deps, call.principal, _client_id(call.params["client_id"]), call.query.limit)


@api(bp, "client_processor_record", response=dict[str, Any])
def client_processor_record(call: Call) -> dict:
    return service.processor_record(call.deps, call.principal, _client_id(call.params["client_id"]))


@api(bp, "client_retention", response=dict[str, Any])
def client_retention(call: Call) -> dict:
    return retention.get_client(call.deps, call.principal, _client_id(call.params["client_id"]))



@api(bp, "client_retention_update", response=dict[str, Any], body=lambda: retention_models.ClientPeriodIn,
     responses={404: "No such client or policy"})
def client_retention_update(call: Call) -> dict:
    return retention.set_client(call.deps, call.principal, _client_id(call.params["client_id"]),
                                call.params["policy_id"], call.body)
