"""The HTTP plumbing: health, problem+json, request ids, routing."""


def test_health_reports_both_databases_ok(client):
    resp = client.get("health")
    assert resp.status == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"store": "ok", "platform": "ok"}
    assert body["time"].endswith("+00:00")


def test_health_reports_an_unmigrated_store_as_degraded_not_as_an_error(client, deps):
    from sqlalchemy import text

    with deps.store.begin() as conn:
        conn.execute(text("DROP TABLE job_runs"))
    resp = client.get("health")
    assert resp.status == 503
    body = resp.json()
    assert body["status"] == "degraded"
    assert body["checks"]["store"].startswith("unreadable: ")  # the error class differs per database


def test_request_id_is_echoed_or_made(client):
    given = client.get("health", headers={"X-Request-Id": "abc-123"})
    assert given.header("X-Request-Id") == "abc-123"
    made = client.get("health", headers={"X-Request-Id": "not valid!"})
    assert made.header("X-Request-Id") not in (None, "not valid!")


def test_unknown_route_is_a_problem_404(client):
    resp = client.get("nope")
    assert resp.status == 404
    assert resp.header("Content-Type").startswith("application/problem+json")


def test_wrong_method_is_405_with_allow(client):
    resp = client.request("DELETE", "health")
    assert resp.status == 405
    assert "GET" in resp.header("Allow")


def test_bad_bodies_are_clear_4xx_problems(client):
    """Malformed JSON, another media type, a body too large: each a problem, never a 5xx."""
    from shared.http.api import MAX_BODY

    officer = {"role": "Privacy.Officer"}
    cases = [
        (b"{not json", {"Content-Type": "application/json"}, 400),
        (b"summary=x", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        (b"{" + b" " * (MAX_BODY + 1) + b"}", {"Content-Type": "application/json"}, 413),
    ]
    for body, headers, status in cases:
        resp = client.request("POST", "breaches", body=body, headers=headers, **officer)
        assert resp.status == status, (status, resp.body[:200])
        problem = resp.json()
        assert problem["status"] == status and problem["type"].startswith("https://")
        assert problem["title"] and problem["detail"]
    assert client.get("breaches", **officer).json()["items"] == []  # nothing was created


def test_validation_errors_list_the_fields(client):
    resp = client.post("breaches", {"summary": ""}, role="Privacy.Officer")
    assert resp.status == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert "became_aware_at" in fields and all(e["in"] == "body" for e in resp.json()["errors"])
