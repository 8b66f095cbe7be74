"""Triggers about one client as controller: its instruction log, its processor record (Art. 30(2))
and its own retention periods."""

from typing import Any

import azure.functions as func
from pydantic import ConfigDict, Field

from shared.http.api import Call, api
from shared.http.model import ApiModel
from shared.http.paging import Page
from shared.lazy import lazy_module
from shared.retention.models import ClientPeriodIn

ids = lazy_module("shared.ids")
instructions = lazy_module("shared.instructions.log")
retention = lazy_module("shared.retention.controllers")
service = lazy_module("shared.register.service")
bp = func.Blueprint()


class LogQuery(ApiModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=500, ge=1, le=5000)


def _client_id(raw: str) -> int:
    return ids.parse_id(raw, "client")  # digits only, at most 10 of them, 1..2^31-1: else 404


@api(bp, "client_instructions", query=LogQuery, response=Page[dict[str, Any]])
def client_instructions(call: Call) -> dict:
    return instructions.log_for(call.deps, call.principal, _client_id(call.params["client_id"]), call.query.limit)


@api(bp, "client_processor_record", response=dict[str, Any])
def client_processor_record(call: Call) -> dict:
    return service.processor_record(call.deps, call.principal, _client_id(call.params["client_id"]))


@api(bp, "client_retention", response=dict[str, Any])
def client_retention(call: Call) -> dict:
    return retention.get_client(call.deps, call.principal, _client_id(call.params["client_id"]))



@api(bp, "client_retention_update", response=dict[str, Any], body=ClientPeriodIn,
     responses={404: "No such client or policy"})
def client_retention_update(call: Call) -> dict:
    return retention.set_client(call.deps, call.principal, _client_id(call.params["client_id"]),
                                call.params["policy_id"], call.body)
