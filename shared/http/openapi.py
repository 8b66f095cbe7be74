"""OpenAPI 3.1, generated from the registered functions and their pydantic models."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, TypeAdapter

from shared.http.api import REGISTRY, ApiSpec
from shared.http.problem import MIMETYPE

_PARAM = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def _schema(model: Any, components: dict[str, Any]) -> dict[str, Any]:
    schema = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    if isinstance(model, type) and issubclass(model, BaseModel):
        components[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}
    return schema


def document() -> dict[str, Any]:
    """The document of every HTTP function registered with @api in this process."""
    return build(list(REGISTRY.values()))


def build(specs: list[ApiSpec], title: str = "Incassotool privacy suite", version: str = "1") -> dict[str, Any]:
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    problem_ref = {"content": {MIMETYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for spec in specs:
        route = spec.route
        path = "/api/" + _PARAM.sub(r"{\1}", route.path)
        op: dict[str, Any] = {"operationId": spec.name, "summary": route.summary,
                              "tags": [route.path.split("/")[0]]}
        params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                  for p in _PARAM.findall(route.path)]
        if spec.query:
            qschema = _schema(spec.query, components)
            props = components[spec.query.__name__].get("properties", {})
            required = set(components[spec.query.__name__].get("required", []))
            params += [{"name": k, "in": "query", "required": k in required, "schema": v} for k, v in props.items()]
            del qschema
        if params:
            op["parameters"] = params
        if spec.body:
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": _schema(spec.body, components)}}}
        ok: dict[str, Any] = {"description": "OK"}
        if spec.response is not None:
            ok["content"] = {"application/json": {"schema": _schema(spec.response, components)}}
        op["responses"] = {"200": ok, **{str(k): {"description": v} for k, v in spec.responses.items()},
                           "4XX": {"description": "A problem (RFC 9457)", **problem_ref}}
        if route.public:
            op["security"] = []
        else:
            op["security"] = [{"entra": []}]
            op["x-roles"] = sorted(str(r) for r in route.roles)
            op["description"] = "Roles: " + ", ".join(sorted(str(r) for r in route.roles))
        paths.setdefault(path, {})[route.method.lower()] = op
    components["Problem"] = {
        "type": "object", "required": ["type", "title", "status", "detail"],
        "properties": {"type": {"type": "string", "format": "uri"}, "title": {"type": "string"},
                       "status": {"type": "integer"}, "detail": {"type": "string"},
                       "request_id": {"type": "string"},
                       "errors": {"type": "array", "items": {"type": "object"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "Data subject requests, retention, breaches, exits, backups and the Art. 30 register."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": components,
            "securitySchemes": {"entra": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                          "description": "An Entra ID access token (RS256) with app roles; "
                                                         "staff roles need MFA (auth context or amr=mfa)."}},
        },
    }
