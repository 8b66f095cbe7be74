"""Service routes: health and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import azure.functions as func

from shared.http.api import Call, Reply, api

bp = func.Blueprint()


@api(bp, "health", responses={503: "The database cannot be reached"})
def health(call: Call) -> Reply:
    from shared.health import check

    report = check(call.deps)
    return Reply(report, status=200 if report["status"] == "ok" else 503)


@api(bp, "openapi")
def openapi(call: Call) -> dict[str, Any]:
    from shared.http.openapi import document

    return document()
