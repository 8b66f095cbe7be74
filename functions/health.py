"""Service routes: health and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

health_check = lazy_module("shared.health")
openapi_document = lazy_module("shared.http.openapi")
bp = func.Blueprint()


@api(bp, "health", response=lambda: health_check.HealthOut, responses={503: "The database cannot be reached"})
def health(call: Call) -> Reply:
    report = health_check.check(call.deps)
    return Reply(report, status=200 if report["status"] == "ok" else 503)


@api(bp, "openapi", response=dict[str, Any])
def openapi(call: Call) -> dict[str, Any]:
    return openapi_document.document(call.deps.settings.auth_issuer)
