"""RFC 9457 problem details."""

from __future__ import annotations

import json
from typing import Any

PROBLEM_BASE = "https://privacy.incassotool.nl/problems/"
MIMETYPE = "application/problem+json"

SLUGS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         409: "conflict", 413: "too-large", 415: "unsupported-media-type", 422: "invalid-input",
         500: "internal-error", 503: "unavailable"}


def problem(status: int, title: str, detail: str, *, request_id: str | None = None,
            errors: list[dict[str, Any]] | None = None, slug: str | None = None,
            **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or SLUGS.get(status, "error")),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if request_id:
        body["request_id"] = request_id
    body.update(extra)
    return body


def dumps(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, default=str)


def pydantic_errors(exc: Any, where: str) -> list[dict[str, Any]]:
    """Validation errors as a list of fields: where (body or query), the field path, the message."""
    return [
        {"in": where, "field": ".".join(str(p) for p in e["loc"]) or where, "message": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_input=False)
    ]
