"""The served app over a real socket: health, OpenAPI, identity at the door, demo data."""

from tests.support.bad_tokens import bad_tokens


def test_demo_data_has_every_subject_category(demo):
    categories = {s["category"] for s in demo["samples"]}
    assert {"debtor", "client", "client_employee", "prospect", "staff"} <= categories
    assert demo["counts"]["debtors"] >= 60


def test_health_and_openapi_over_http(api):
    assert api("GET", "health").json()["status"] == "ok"
    doc = api("GET", "openapi.json").json()
    assert "/api/dsar" in doc["paths"]


def test_bad_tokens_and_missing_mfa_are_refused_over_http(api, issuer):
    for kind, token in bad_tokens(issuer, "Privacy.Officer").items():
        resp = api("GET", "breaches", headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 401, kind
    resp = api("GET", "breaches", role="Privacy.Officer", mfa=False)
    assert resp.status_code == 401
    assert 'error="insufficient_claims"' in resp.headers["www-authenticate"]
    assert api("GET", "breaches", role="Privacy.Officer").status_code == 200


def test_a_timer_can_be_started_like_core_tools(api, server):
    import httpx

    resp = httpx.post(server.replace("/api", "") + "/admin/functions/audit_chain_verify", timeout=10)
    assert resp.status_code == 202
    assert httpx.post(server.replace("/api", "") + "/admin/functions/nope", timeout=10).status_code == 404
