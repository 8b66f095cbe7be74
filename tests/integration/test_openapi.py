"""The OpenAPI document covers every registered route, with its security."""

import re

from shared.http.routes import ROUTES


def test_openapi_covers_every_route_with_security(client):
    doc = client.get("openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    for name, route in ROUTES.items():
        path = "/api/" + re.sub(r"\{(\w+)\}", r"{\1}", route.path)
        assert (route.method, path) in ops, f"{name} missing from OpenAPI"
        op = doc["paths"][path][route.method.lower()]
        assert op["operationId"] == name
        assert op["security"] == ([] if route.public else [{"entra": []}])
    assert doc["components"]["securitySchemes"]["entra"]["scheme"] == "bearer"


def test_request_bodies_reference_their_schemas(client):
    doc = client.get("openapi.json").json()
    for item in doc["paths"].values():
        for op in item.values():
            body = op.get("requestBody")
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"]
                assert ref.split("/")[-1] in doc["components"]["schemas"]
