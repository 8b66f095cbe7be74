"""The HTTP plumbing: health, problem+json, request ids, routing."""


def test_health_reports_both_databases_ok(client):
    resp = client.get("health")
    assert resp.status == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"store": "ok", "platform": "ok"}
    assert body["time"].endswith("+00:00")


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
