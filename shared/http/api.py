"""The one wrapper every HTTP function goes through:

request id -> identity (token, role, MFA) -> parse query and body into pydantic models ->
the handler (a domain service call) -> JSON, a file, or problem+json.

Bad input is a 4xx and changes nothing: parsing happens before the handler runs, and the
services work in one transaction that an error rolls back.
"""

from __future__ import annotations

import inspect
import json
import logging
import math
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import azure.functions as func

from shared.errors import ConfigError, DomainError, TooLarge, UnsupportedMediaType
from shared.http.problem import MIMETYPE, dumps, problem, pydantic_errors
from shared.http.routes import ROUTES, Route
from shared.identity.principal import Principal

if TYPE_CHECKING:  # pydantic loads at the first request or document, not when the app is indexed
    from pydantic import BaseModel

    from shared.deps import Deps

log = logging.getLogger("privacy.http")
MAX_BODY = 1_000_000
MAX_DEPTH = 32
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass
class Call:
    """What a handler gets: who calls, the parsed input, and the dependencies."""

    principal: Principal
    deps: Deps
    params: Mapping[str, str]
    body: Any
    query: Any
    request_id: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    mimetype: str | None = None  # None: JSON


# A model as @api is given it: the model itself (a pydantic class, or a type such as dict[str, Any]),
# or a function without arguments that returns it (`lambda: models.DsarOut`): the triggers name their
# models that way, so indexing the app imports no model module (the cold start).
Declared = Any
# One resolution at a time, as when the models were imported at indexing: two first requests in
# parallel then get one class for one Page[X] (pydantic's generic cache has no lock), and the
# document names each model once.
_RESOLVING = threading.Lock()


def _resolve(declared: Declared) -> Any:
    if not inspect.isfunction(declared):
        return declared
    with _RESOLVING:
        return declared()


@dataclass(frozen=True)
class ApiSpec:
    """One operation. Its models are resolved at first use (a request, the document) and kept."""

    name: str
    route: Route
    declared_body: Declared
    declared_query: Declared
    declared_response: Declared  # the success answer's model (required: the OpenAPI document refuses a route without)
    responses: Mapping[int, str]  # other statuses it answers, with what they mean
    status: int = 200  # the success status of a plain return value
    files: tuple[str, ...] = ()  # media types of file answers (e.g. application/zip), besides JSON
    example: Any = None  # an example request body for the document
    declared_other: Mapping[int, Declared] = field(default_factory=dict)  # another 2xx's own model

    @cached_property
    def body(self) -> type[BaseModel] | None:
        return _resolve(self.declared_body)

    @cached_property
    def query(self) -> type[BaseModel] | None:
        return _resolve(self.declared_query)

    @cached_property
    def response(self) -> Any:
        return _resolve(self.declared_response)

    @cached_property
    def other(self) -> Mapping[int, type[BaseModel]]:
        return {status: _resolve(model) for status, model in self.declared_other.items()}


@cache
def _base_model() -> type[BaseModel]:
    """pydantic's BaseModel, imported at the first answer (not when the app is indexed)."""
    from pydantic import BaseModel

    return BaseModel


def to_jsonable(value: Any) -> Any:
    if isinstance(value, _base_model()):
        return to_jsonable(value.model_dump(mode="python"))
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _response(status: int, body: Any, request_id: str, headers: Mapping[str, str] | None = None,
              mimetype: str = "application/json") -> func.HttpResponse:
    all_headers = {"X-Request-Id": request_id, "Cache-Control": "no-store", **(headers or {})}
    if mimetype == "application/json" or mimetype == MIMETYPE:
        payload: bytes | str | None = None if body is None and status == 204 else dumps(to_jsonable(body))
    else:
        payload = body
    return func.HttpResponse(payload, status_code=status, headers=all_headers, mimetype=mimetype, charset="utf-8")


def problem_response(status: int, title: str, detail: str, request_id: str,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> func.HttpResponse:
    body = problem(status, title, detail, request_id=request_id, **extra)
    return _response(status, body, request_id, headers, MIMETYPE)


def _request_id(req: func.HttpRequest) -> str:
    given = req.headers.get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else str(uuid.uuid4())


def _parse_body(req: func.HttpRequest, model: type[BaseModel]) -> BaseModel:
    from shared.http.bounds import check_bounds  # it imports pydantic: at the first request, not at indexing

    raw = req.get_body() or b""
    if len(raw) > MAX_BODY:
        raise TooLarge(f"The request body is larger than {MAX_BODY:,} bytes")
    ctype = (req.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if ctype not in ("application/json", "application/merge-patch+json"):
        raise UnsupportedMediaType("Send the body as application/json")
    if not raw.strip():
        raw = b"{}"  # no body: every field takes its default (required ones are reported missing)
    parse_json(raw)  # valid JSON within bounds, else a 400
    # Strict JSON: a number is not a timestamp, "3" is not an integer and null is not an object.
    return check_bounds(model.model_validate_json(raw, strict=True), "body")


def _refuse_constant(name: str) -> Any:
    raise DomainError(f"The body is not valid JSON ({name} is not a number)")


def parse_json(raw: bytes) -> Any:
    """JSON within bounds: at most MAX_DEPTH levels, finite numbers, integers of at most 4,300
    digits (Python's limit), no lone surrogates. Anything else is a 400, never a 500."""
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise DomainError(f"The body is nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError):  # JSONDecodeError, and integers past 4,300 digits
        raise DomainError("The body is not valid JSON") from None
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise DomainError(f"The body is nested deeper than {MAX_DEPTH} levels")
            items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
            for key, item in items:
                if key is not None:
                    _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, str):
            _check_text(value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise DomainError("The body holds a number too large to represent")
    return data


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DomainError("The body holds text that is not valid Unicode (a lone surrogate)") from None


def _parse_query(req: func.HttpRequest, model: type[BaseModel]) -> BaseModel:
    from shared.http.bounds import check_bounds  # it imports pydantic: at the first request, not at indexing

    return check_bounds(model.model_validate(dict(req.params)), "query")


def _render(result: Any, request_id: str, status: int = 200) -> func.HttpResponse:
    if isinstance(result, func.HttpResponse):
        return result
    if isinstance(result, Reply):
        if result.mimetype:
            return _response(result.status, result.body, request_id, result.headers, result.mimetype)
        return _response(result.status, result.body, request_id, result.headers)
    return _response(status, result, request_id)


Handler = Callable[[Call], Any]

# Filled by @api as the blueprints are imported (indexing). The OpenAPI document is built from it:
# a second app.get_functions() is refused by azure-functions once the worker has indexed the app.
REGISTRY: dict[str, ApiSpec] = {}


def api(bp: func.Blueprint, name: str, *, body: Declared = None, query: Declared = None, response: Declared = None,
        responses: Mapping[int, str] | None = None, status: int = 200, files: tuple[str, ...] = (),
        example: Any = None, other: Mapping[int, Declared] | None = None) -> Callable[[Handler], Handler]:
    """Register `handler` as the HTTP function `name`, with the method, path and roles of ROUTES.
    A handler's plain return value is answered with `status`; a `Reply` names its own. The models
    (body, query, response, other) may be given as functions that return them (see `Declared`)."""
    route = ROUTES[name]
    spec = ApiSpec(name, route, body, query, response, responses or {}, status, files, example, other or {})
    REGISTRY[name] = spec

    def register(handler: Handler) -> Handler:
        def http_function(req: func.HttpRequest) -> func.HttpResponse:
            return handle(req, spec, handler)

        http_function.__name__ = http_function.__qualname__ = name
        http_function.__privacy_api__ = spec  # type: ignore[attr-defined]
        bp.function_name(name)(
            bp.route(route=route.path, methods=[route.method], auth_level=func.AuthLevel.ANONYMOUS)(http_function)
        )
        return handler

    return register


def handle(req: func.HttpRequest, spec: ApiSpec, handler: Handler) -> func.HttpResponse:
    from shared.telemetry import configure, span  # at the first request, not at indexing: a small cold start

    configure()
    request_id = _request_id(req)
    # The span names the route template, never the raw path (it may hold an e-mail address).
    with span(f"{spec.route.method} /api/{spec.route.path}", **{"privacy.function": spec.name,
                                                                 "privacy.request_id": request_id}) as current:
        caller: list[Principal] = []
        resp = _handle(req, spec, handler, request_id, caller)
        if current is not None:
            current.set_attribute("http.response.status_code", resp.status_code)
    if not spec.route.public:
        from shared.http.access_audit import record_access

        record_access(spec.name, spec.route, req.route_params, caller[0] if caller else None, resp.status_code)
    return resp


def _handle(req: func.HttpRequest, spec: ApiSpec, handler: Handler, request_id: str,
            caller: list[Principal]) -> func.HttpResponse:
    """The answer; `caller` gets the token's principal once it is known (for the access audit)."""
    from pydantic import ValidationError

    from shared.audit import chain_key
    from shared.config import get_settings
    from shared.deps import get_deps
    from shared.identity.auth import AuthError, authenticate, authorize
    from shared.telemetry import record_exception

    try:
        settings = get_settings()
        if spec.route.public:
            principal = Principal("anonymous", frozenset(), False)
        else:
            caller.append(authenticate(req.headers, settings))
            principal = authorize(caller[0], spec.route.roles, settings)
            caller[0] = principal
            chain_key()  # the audit key, before any transaction: no connection waits on Key Vault
        parsed_query = _parse_query(req, spec.query) if spec.query else None
        parsed_body = _parse_body(req, spec.body) if spec.body else None
        deps = get_deps()
        call = Call(principal, deps, dict(req.route_params), parsed_body, parsed_query, request_id,
                    dict(req.headers))
        return _render(handler(call), request_id, spec.status)
    except AuthError as exc:
        headers = {"WWW-Authenticate": exc.challenge} if exc.challenge else None
        title = {401: "Unauthorized", 403: "Forbidden"}.get(exc.status, "Service unavailable")
        return problem_response(exc.status, title, exc.detail, request_id, headers)
    except ValidationError as exc:
        where = "body" if spec.body and exc.title == spec.body.__name__ else "query"
        errors = pydantic_errors(exc, where)
        # One bad field: its own message is the detail (it may explain a rule, e.g. why ID copies are refused).
        detail = (f"{errors[0]['field']}: {errors[0]['message'].removeprefix('Value error, ')}" if len(errors) == 1
                  else "Some fields are not valid: see errors")
        return problem_response(422, "Invalid input", detail, request_id, errors=errors)
    except DomainError as exc:
        return problem_response(exc.status, exc.title, exc.detail, request_id, errors=exc.errors, **exc.extra)
    except ConfigError as exc:
        log.error("configuration error in %s: %s", spec.name, exc)
        return problem_response(503, "Service not configured", str(exc), request_id)
    except Exception as exc:
        record_exception(exc)
        log.exception("unhandled error in %s (request %s)", spec.name, request_id)
        return problem_response(500, "Internal error", "An unexpected error occurred; quote the request id",
                                request_id)


def api_spec(fn: Any) -> ApiSpec | None:
    return getattr(fn, "__privacy_api__", None)
