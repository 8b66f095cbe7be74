"""The OpenAPI document and what the host and handlers do agree, as schemathesis checks them:
a 405's `Allow` lists exactly the methods the document gives that path, and a request body is
`required` in the document exactly when a handler refuses a request without one."""

import json
import re

import azure.functions as func
import pytest
from pydantic import ValidationError

from devtools.host import FunctionHost, StartupError, _compile
from function_app import app
from shared.http.api import REGISTRY, _parse_body
from shared.http.openapi import document
from tests.support.http import sample_settings

SAMPLE = {"integer": "7", "string": "x7", "uuid": "0b0e7f3c-5d1a-4c2e-9f00-5a6b7c8d9e0f"}


def concrete(path: str, op: dict) -> str:
    """The path with each parameter filled by a value of its documented type."""
    types = {p["name"]: p["schema"].get("format", p["schema"].get("type")) for p in op.get("parameters", [])
             if p["in"] == "path"}
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE[types[m.group(1)]], path)


def test_a_405_allows_exactly_the_documented_methods_of_its_path():
    host = FunctionHost(app, environ=sample_settings())
    wrong = []
    for path, item in document()["paths"].items():
        url = "http://127.0.0.1" + concrete(path, next(iter(item.values())))
        status, headers, _ = host.dispatch("TRACE", url, {}, b"")
        assert status == 405, path
        documented = ", ".join(sorted(m.upper() for m in item))
        if headers["Allow"] != documented:
            wrong.append(f"{path}: Allow {headers['Allow']}, documented {documented}")
    assert wrong == []


def test_a_literal_segment_is_not_taken_for_a_guid_id():
    pattern, _ = _compile("dpias/{id:guid}")
    assert pattern.match("dpias/" + SAMPLE["uuid"]) and not pattern.match("dpias/criteria")
    with pytest.raises(StartupError, match="constraint"):
        _compile("dpias/{id:alpha}")


def test_guid_ids_are_documented_as_uuids():
    op = document()["paths"]["/api/dpias/{id}"]["get"]
    assert op["parameters"][0]["schema"] == {"type": "string", "format": "uuid"}


@pytest.mark.parametrize("name", sorted(n for n, s in REGISTRY.items() if s.body))
def test_a_body_is_required_in_the_document_exactly_when_a_missing_one_is_refused(name):
    spec = REGISTRY[name]
    path = "/api/" + re.sub(r"\{(\w+)(?::[^}]*)?\}", r"{\1}", spec.route.path)
    documented = document()["paths"][path][spec.route.method.lower()]["requestBody"]["required"]
    request = func.HttpRequest(spec.route.method, "http://127.0.0.1" + path, body=b"")
    try:
        _parse_body(request, spec.body)
        refused = False
    except ValidationError:
        refused = True
    assert documented == refused


def test_the_main_operations_carry_examples_their_handlers_accept():
    """A generated client's docs show a request that works: each example parses as its body."""
    with_example = {n for n, s in REGISTRY.items() if s.example is not None}
    assert {"dsar_create", "dsar_verify", "breach_create", "exit_create"} <= with_example
    for name in with_example:
        spec = REGISTRY[name]
        path = "/api/" + re.sub(r"\{(\w+)(?::[^}]*)?\}", r"{\1}", spec.route.path)
        body = document()["paths"][path][spec.route.method.lower()]["requestBody"]["content"]["application/json"]
        assert body["example"] == spec.example, name
        request = func.HttpRequest(spec.route.method, "http://127.0.0.1" + path, body=json.dumps(spec.example).encode(),
                                   headers={"Content-Type": "application/json"})
        _parse_body(request, spec.body)  # raises if the example is not a valid body
