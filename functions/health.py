"""Service routes: health and the OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.http.model import ApiModel


class HealthOut(ApiModel):
    status: Literal["ok", "degraded"]
    checks: dict[str, str]
    time: datetime

bp = func.Blueprint()


@api(bp, "health", response=HealthOut, responses={503: "The database cannot be reached"})
def health(call: Call) -> Reply:
    from shared.health import check

    report = check(call.deps)
    return Reply(report, status=200 if report["status"] == "ok" else 503)


@api(bp, "openapi", response=dict[str, Any])
def openapi(call: Call) -> dict[str, Any]:
    from shared.http.openapi import document

    return document(call.deps.settings.auth_issuer)
