"""OpenAPI 3.1, built from the `@api` registry and the pydantic models, for a generated client.

- Component names are unique: two models with one name (e.g. the DSAR and the breach DecisionIn)
  are named after their area (`DsarDecisionIn`, `BreachesDecisionIn`).
- Every success status an operation answers (201 included) carries its schema; files carry their
  media type; every error is problem+json.
- The security scheme is Entra's OAuth 2.0 (authorization code with PKCE), with the app's scopes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.json_schema import models_json_schema

from shared.http.api import REGISTRY, ApiSpec
from shared.http.problem import MIMETYPE

_PARAM = re.compile(r"\{(\w+)(?::([^}]*))?\}")
_REF = "#/components/schemas/"
ENTRA = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/"
_TENANT = re.compile(r"^https://login\.microsoftonline\.com/([0-9a-fA-F-]{36})/")
SCOPE = "api://privacy-suite/access_as_user"

PROBLEM = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "request_id": {"type": "string"},
                   "errors": {"type": "array", "items": {"type": "object"}}},
}
ERRORS = {"4XX": "A problem (RFC 9457): bad input, no or wrong token, no access, not found, a conflict",
          "503": "A dependency (database, Blob storage, Key Vault, the JWKS) cannot be reached: retry later"}


def document(issuer: str | None = None) -> dict[str, Any]:
    """The document of every HTTP function registered with @api in this process. The Entra tenant
    of the OAuth endpoints comes from the accepted issuer; without one, `organizations`."""
    m = _TENANT.match(issuer or "")
    return _cached(tuple(sorted(REGISTRY)), m.group(1) if m else "organizations")


@lru_cache(maxsize=4)
def _cached(names: tuple[str, ...], tenant: str) -> dict[str, Any]:
    return build([REGISTRY[n] for n in names], tenant=tenant)


def _models(specs: list[ApiSpec]) -> tuple[dict[Any, dict[str, Any]], dict[str, Any]]:
    """One pass over every model, so pydantic sees the name clashes; then readable unique names."""
    pairs: list[tuple[type[BaseModel], Any]] = []
    for spec in specs:
        for model, mode in ((spec.body, "validation"), (spec.query, "validation"), (spec.response, "serialization"),
                            *((m, "serialization") for m in spec.other.values())):
            if isinstance(model, type) and issubclass(model, BaseModel) and (model, mode) not in pairs:
                pairs.append((model, mode))
    refs, top = models_json_schema(pairs, ref_template=_REF + "{model}")
    defs = top.get("$defs", {})
    rename = {name: _readable(name) for name in defs if name.startswith("shared__")}
    text = _rewrite(defs, rename)
    # Generators name classes after `title`: make it the unique component name.
    components = {rename.get(k, k): {**v, "title": rename.get(k, k)} for k, v in text.items()}
    return {cast(Any, k): _rewrite(v, rename) for k, v in refs.items()}, components


def _readable(qualified: str) -> str:
    # shared__dsar__models__DecisionIn -> DsarDecisionIn
    parts = qualified.split("__")
    area = parts[1] if parts[0] == "shared" and len(parts) > 2 else parts[0]
    return area.title().replace("_", "") + parts[-1]


def _rewrite(value: Any, rename: dict[str, str]) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(_REF) and v[len(_REF):] in rename:
                v = _REF + rename[v[len(_REF):]]
            out[k] = _rewrite(v, rename)
        return out
    if isinstance(value, list):
        return [_rewrite(v, rename) for v in value]
    return value


def build(specs: list[ApiSpec], title: str = "Incassotool privacy suite", version: str = "1",
          tenant: str = "organizations") -> dict[str, Any]:
    refs, components = _models(specs)
    paths: dict[str, Any] = {}
    for spec in specs:
        route = spec.route
        path = "/api/" + _PARAM.sub(r"{\1}", route.path)
        paths.setdefault(path, {})[route.method.lower()] = _operation(spec, refs, components)
    components["Problem"] = PROBLEM
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "Data subject requests, retention, breaches, exits, backups and the Art. 30 "
                                "register. Lists answer {items, next}: pass `next` back as `cursor` for the "
                                "following page; null means the last page."},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": components, "securitySchemes": {"entra": _entra(tenant)}},
    }


def _operation(spec: ApiSpec, refs: dict[Any, Any], components: dict[str, Any]) -> dict[str, Any]:
    route = spec.route
    op: dict[str, Any] = {"operationId": spec.name, "summary": route.summary, "tags": [route.path.split("/")[0]]}
    params: list[dict[str, Any]] = [{"name": p, "in": "path", "required": True, "schema": _path_schema(p, c)}
                                    for p, c in _PARAM.findall(route.path)]
    if spec.query:
        qschema = refs[(spec.query, "validation")]
        qschema = components.get(qschema["$ref"][len(_REF):], qschema) if "$ref" in qschema else qschema
        required = set(qschema.get("required", []))
        params += [{"name": k, "in": "query", "required": k in required, "schema": v}
                   for k, v in qschema.get("properties", {}).items()]
    if params:
        op["parameters"] = params
    if spec.body:
        body: dict[str, Any] = {"schema": refs[(spec.body, "validation")]}
        if spec.example is not None:
            body["example"] = spec.example
        model = body["schema"]
        model = components.get(model["$ref"][len(_REF):], model) if "$ref" in model else model
        # Required exactly when the handler refuses a request without a body (it parses a missing body
        # as {}): a body whose fields are all optional may be left out (DELETE /legal-holds/{id} without
        # a reason), one that must name at least one change (PATCH, PUT) may not.
        body_required = refuses_empty(spec.body)
        if body_required and not model.get("required"):
            model["minProperties"] = 1
        op["requestBody"] = {"required": body_required, "content": {"application/json": body}}
    op["responses"] = _responses(spec, refs)
    if route.public:
        op["security"] = []
    else:
        op["security"] = [{"entra": [SCOPE]}]
        op["x-roles"] = sorted(str(r) for r in route.roles)
        op["description"] = "Roles: " + ", ".join(sorted(str(r) for r in route.roles))
    return op


def refuses_empty(model: type[BaseModel]) -> bool:
    try:
        model.model_validate_json(b"{}", strict=True)
    except ValidationError:
        return True
    return False


def _path_schema(name: str, constraint: str = "") -> dict[str, Any]:
    """A constrained parameter (`{id:guid}`) is what the host routes: anything else finds no route."""
    if constraint == "guid":
        return {"type": "string", "format": "uuid"}
    if name == "client_id" or constraint == "int":
        return {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    return {"type": "string", "minLength": 1, "maxLength": 64}


def _responses(spec: ApiSpec, refs: dict[Any, Any]) -> dict[str, Any]:
    if spec.response is None:  # tests/integration/test_openapi.py names every route without a model
        schema: dict[str, Any] = {"type": "object"}
    elif isinstance(spec.response, type) and issubclass(spec.response, BaseModel):
        schema = refs[(spec.response, "serialization")]
    else:
        schema = TypeAdapter(spec.response).json_schema(mode="serialization")
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    for mimetype in spec.files:
        content[mimetype] = {"schema": {"type": "string", "format": "binary"}}
    out: dict[str, Any] = {}
    for status in sorted({spec.status, *(s for s in spec.responses if s < 300)}):
        own = spec.other.get(status)
        out[str(status)] = {"description": spec.responses.get(status, "OK" if status == 200 else "Created"),
                            "content": {"application/json": {"schema": refs[(own, "serialization")]}} if own
                            else content}
    problem = {"content": {MIMETYPE: {"schema": {"$ref": _REF + "Problem"}}}}
    for status, text in sorted(spec.responses.items()):
        if 300 <= status < 400:  # a redirect: no body to speak of, the Location header
            out[str(status)] = {"description": text, "headers": {"Location": {"schema": {"type": "string"}}}}
        elif status >= 400:
            out[str(status)] = {"description": text, **problem}
    for code, text in ERRORS.items():
        out.setdefault(code, {"description": text, **problem})
    return out


def _entra(tenant: str) -> dict[str, Any]:
    base = ENTRA.format(tenant=tenant)
    return {
        "type": "oauth2",
        "description": "An Entra ID access token (RS256) with app roles in `roles`. Every role except "
                       "Privacy.Subject needs MFA (the `c1` authentication context, or amr=mfa); without it "
                       "the answer is 401 with the claims challenge, so MSAL steps up.",
        "flows": {"authorizationCode": {
            "authorizationUrl": base + "authorize", "tokenUrl": base + "token",
            "scopes": {SCOPE: "Use the privacy suite as the signed-in user (the app roles decide what)"}}},
    }
