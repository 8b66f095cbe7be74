"""Every registered HTTP function has a rule in ROUTES, and refuses missing and bad tokens,
wrong roles, and staff without MFA (with the Entra claims challenge)."""

import base64
import json
import re

import pytest

from devtools.app_index import index
from function_app import app
from shared.http.api import api_spec
from shared.http.routes import ROUTES
from shared.identity.roles import NEEDS_MFA, Role
from tests.support.bad_tokens import bad_tokens


def registered():
    out = {}
    for f in index(app):
        if f.trigger["type"] == "httpTrigger":
            out[f.name] = api_spec(f.fn)
    return out


def concrete(path: str) -> str:
    """Each parameter filled with a value its route takes (`{id:guid}` routes a UUID only)."""
    path = re.sub(r"\{\w+:guid\}", "0b0e7f3c-5d1a-4c2e-9f00-5a6b7c8d9e0f", path)
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture
def db_url(tmp_path):
    """Refusals happen before any database access: SQLite is enough here."""
    return f"sqlite:///{tmp_path / 'acl.sqlite'}"


PROTECTED = sorted(n for n, r in ROUTES.items() if not r.public)


def test_every_registered_http_function_has_a_rule_and_every_rule_is_registered():
    functions = registered()
    assert all(spec is not None for spec in functions.values()), "an HTTP function bypasses the api wrapper"
    assert set(functions) == set(ROUTES)


@pytest.mark.parametrize("name", PROTECTED)
def test_missing_token_is_401_with_bearer_challenge(client, name):
    route = ROUTES[name]
    resp = client.request(route.method, concrete(route.path))
    assert resp.status == 401
    assert resp.header("WWW-Authenticate").startswith("Bearer")
    assert resp.header("Content-Type").startswith("application/problem+json")


@pytest.mark.parametrize("name", PROTECTED)
def test_every_bad_token_is_401(client, issuer, name):
    route = ROUTES[name]
    role = sorted(route.roles)[0]
    for kind, token in bad_tokens(issuer, role).items():
        resp = client.request(route.method, concrete(route.path), headers={"Authorization": f"Bearer {token}"})
        assert resp.status == 401, f"{name} accepted a token of kind {kind}"


@pytest.mark.parametrize("name", PROTECTED)
def test_a_role_the_route_does_not_allow_is_403(client, name):
    route = ROUTES[name]
    others = [r for r in Role if r not in route.roles]
    for role in others:
        resp = client.request(route.method, concrete(route.path), role=role, client_id=1, email="x@example.nl")
        assert resp.status == 403, f"{name} let {role} through"


@pytest.mark.parametrize("name", PROTECTED)
def test_staff_roles_without_mfa_get_the_claims_challenge(client, name):
    route = ROUTES[name]
    for role in sorted(route.roles & NEEDS_MFA):
        resp = client.request(route.method, concrete(route.path), role=role, mfa=False, client_id=1)
        assert resp.status == 401, f"{name} let {role} through without MFA"
        challenge = resp.header("WWW-Authenticate")
        assert 'error="insufficient_claims"' in challenge
        claims = re.search(r'claims="([^"]+)"', challenge).group(1)
        decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
        assert decoded == {"access_token": {"acrs": {"essential": True, "value": "c1"}}}


def test_amr_mfa_counts_as_mfa_evidence_for_v1_tokens(client):
    resp = client.get("breaches", role="Privacy.Officer", mfa=False, amr=["pwd", "mfa"])
    assert resp.status == 200


def test_a_client_admin_token_without_client_claim_is_refused(client):
    resp = client.get("dsar", role="Client.Admin")
    assert resp.status == 403
    assert "extn.clientId" in resp.json()["detail"]


def test_public_routes_need_no_token(client):
    assert client.get("health").status == 200
    assert client.get("openapi.json").status == 200
