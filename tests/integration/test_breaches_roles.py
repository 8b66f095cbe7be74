"""Who may do what with breaches: clients and subjects never reach them; the on-call engineer
takes breaches in and follows them, but does not assess, decide or notify; only the FG decides
and records notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.breaches import intake_body, strong_assessment

OFFICER, STAFF, OPS = "Privacy.Officer", "Privacy.Staff", "Ops.Engineer"
OUTSIDERS = ["Client.Admin", "Privacy.Subject"]


@pytest.fixture
def bid(client, clock):
    return client.post("breaches", intake_body(clock.at - timedelta(hours=1)), role=STAFF).json()["id"]


def calls(bid):
    return {
        "create": ("POST", "breaches", {"summary": "x", "became_aware_at": "2026-11-24T08:00:00+00:00"}),
        "list": ("GET", "breaches", None),
        "register": ("GET", "breaches/register", None),
        "get": ("GET", f"breaches/{bid}", None),
        "assess": ("POST", f"breaches/{bid}/assessment", strong_assessment()),
        "decide": ("POST", f"breaches/{bid}/decision", {}),
        "report": ("GET", f"breaches/{bid}/authority-report", None),
        "notify": ("POST", f"breaches/{bid}/notifications", {"target": "public", "reason": "r", "channel": "c"}),
        "evaluate": ("POST", f"breaches/{bid}/evaluation", {"lessons_learned": "x"}),
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_clients_and_subjects_get_403_everywhere(client, bid, role):
    for name, (method, path, body) in calls(bid).items():
        resp = client.request(method, path, role=role, json_body=body, client_id=1, email="a@example.nl")
        assert resp.status == 403, f"{role} reached {name}"


def test_the_on_call_engineer_takes_in_and_follows_but_does_not_assess(client, bid):
    c = calls(bid)
    created = client.request(*c["create"][:2], role=OPS, json_body=c["create"][2])
    assert created.status == 201
    assert client.get("breaches", role=OPS).status == 200
    assert client.get(f"breaches/{bid}", role=OPS).status == 200
    for name in ("assess", "decide", "report", "notify", "evaluate", "register"):
        method, path, body = c[name]
        assert client.request(method, path, role=OPS, json_body=body).status == 403, name
    # Nothing the engineer was refused happened.
    assert client.get(f"breaches/{bid}", role=OPS).json()["assessments"] == []


def test_staff_assess_but_only_the_officer_decides_and_notifies(client, bid):
    c = calls(bid)
    assert client.request(*c["assess"][:2], role=STAFF, json_body=c["assess"][2]).status == 201
    for name in ("decide", "notify"):
        method, path, body = c[name]
        assert client.request(method, path, role=STAFF, json_body=body).status == 403, name
    assert client.request(*c["decide"][:2], role=OFFICER, json_body={}).status == 201
    assert client.request(*c["notify"][:2], role=OFFICER, json_body=c["notify"][2]).status == 201


def test_the_reporter_is_recorded_by_role(client, bid):
    one = client.get(f"breaches/{bid}", role=OFFICER).json()
    assert one["reported_by_role"] == STAFF
