"""The OpenAPI document is one a generated client can trust: every route, unique component names,
a schema for every success status (201 included), enums for closed vocabularies, one list shape,
and Entra's OAuth 2.0 endpoints."""

import re

from shared.http.routes import ROUTES


def doc_of(client):
    resp = client.get("openapi.json")
    assert resp.status == 200
    return resp.json()


def operations(doc):
    return [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()]


def test_openapi_covers_every_route_with_security(client):
    doc = doc_of(client)
    assert doc["openapi"].startswith("3.1")
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    for name, route in ROUTES.items():
        path = "/api/" + re.sub(r"\{(\w+)(?::\w+)?\}", r"{\1}", route.path)
        assert (route.method, path) in ops, f"{name} missing from OpenAPI"
        op = doc["paths"][path][route.method.lower()]
        assert op["operationId"] == name
        assert op["security"] == ([] if route.public else [{"entra": ["api://privacy-suite/access_as_user"]}])


def test_the_security_scheme_is_entra_oauth2(client):
    scheme = doc_of(client)["components"]["securitySchemes"]["entra"]
    assert scheme["type"] == "oauth2"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"].startswith("https://login.microsoftonline.com/")
    assert flow["authorizationUrl"].endswith("/oauth2/v2.0/authorize")
    assert flow["tokenUrl"].endswith("/oauth2/v2.0/token")
    assert "api://privacy-suite/access_as_user" in flow["scopes"]


def test_every_success_status_has_a_schema_and_every_ref_resolves(client):
    doc = doc_of(client)
    schemas = doc["components"]["schemas"]
    for path, method, op in operations(doc):
        successes = {s: r for s, r in op["responses"].items() if s.startswith("2")}
        assert successes, f"{method} {path} has no success response"
        for status, resp in successes.items():
            assert resp["content"]["application/json"]["schema"], f"{method} {path} {status}"
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(doc).replace("'", '"'))
    assert set(refs) <= set(schemas)


def test_creates_document_201_with_their_model(client):
    doc = doc_of(client)
    create = doc["paths"]["/api/dsar"]["post"]["responses"]
    assert create["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/DsarOut"}
    assert create["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/DsarOut"}
    assert "201" in doc["paths"]["/api/legal-holds"]["post"]["responses"]


def test_two_models_of_one_name_get_distinct_components(client):
    doc = doc_of(client)
    dsar = doc["paths"]["/api/dsar/{id}/decision"]["post"]["requestBody"]["content"]["application/json"]
    breach = doc["paths"]["/api/breaches/{id}/decision"]["post"]["requestBody"]["content"]["application/json"]
    assert dsar["schema"]["$ref"] != breach["schema"]["$ref"]
    dsar_model = doc["components"]["schemas"][dsar["schema"]["$ref"].split("/")[-1]]
    assert "admissible" in dsar_model["properties"]


def test_closed_vocabularies_are_enums(client):
    schemas = doc_of(client)["components"]["schemas"]
    verify = schemas["VerifyIn"]["properties"]["method"]
    method = schemas[verify["$ref"].split("/")[-1]] if "$ref" in verify else verify
    assert "dossier_number_postcode" in method["enum"]


def test_every_list_answers_items_and_next(client):
    doc = doc_of(client)
    schemas = doc["components"]["schemas"]
    lists = ["dsar_list", "breach_list", "breach_register", "retention_policies", "retention_runs", "legal_holds",
             "viewer_accounts", "backups", "register_activities", "register_processors"]
    by_id = {op["operationId"]: op for _, _, op in operations(doc)}
    for name in lists:
        schema = by_id[name]["responses"]["200"]["content"]["application/json"]["schema"]
        model = schemas[schema["$ref"].split("/")[-1]]
        assert set(model["properties"]) == {"items", "next"}, name
        assert "cursor" in {p["name"] for p in by_id[name]["parameters"]}, name


def test_request_bodies_reference_their_schemas(client):
    doc = doc_of(client)
    for item in doc["paths"].values():
        for op in item.values():
            body = op.get("requestBody")
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"]
                assert ref.split("/")[-1] in doc["components"]["schemas"]


def test_every_route_declares_its_response_model():
    import function_app  # noqa: F401 - registers every route
    from shared.http.api import REGISTRY

    assert [name for name, spec in REGISTRY.items() if spec.response is None] == []
