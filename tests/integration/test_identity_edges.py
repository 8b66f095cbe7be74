"""Identity at the edges, through the host: look-alike and padded e-mail claims, claims of the
wrong type, and an issuer that cannot be reached."""

from __future__ import annotations

import socket

import pytest

from shared.config import reset_settings
from tests.support.dsar_platform import JAN, PIET

KELVIN = "\u212a"  # KELVIN SIGN: lower-cases (and NFKC-normalises) to an ASCII "k"


@pytest.mark.parametrize("claim", [PIET.replace("k", KELVIN), PIET.replace("a", "\uff41"), f" {JAN}", f"{JAN}\t",
                                   f"{JAN}\u00a0"])
def test_a_look_alike_or_padded_email_claim_reaches_no_ones_data(client, platform, claim):
    resp = client.get("me/data", role="Privacy.Subject", email=claim, mfa=False)
    assert resp.status == 403, resp.body
    assert resp.header("content-type").startswith("application/problem+json")
    assert b"bakkerij" not in resp.body and b"A-0001" not in resp.body
    erasure = client.post("me/erasure", {}, role="Privacy.Subject", email=claim, mfa=False)
    assert erasure.status == 403


def test_ascii_case_in_the_claim_is_folded(client, platform):
    resp = client.get("me/data", role="Privacy.Subject", email=JAN.upper(), mfa=False)
    assert resp.status == 200 and resp.json()["email"] == JAN


@pytest.mark.parametrize("claims", [{"roles": 5}, {"roles": "Privacy.Officer"}, {"acrs": "xc1x"},
                                    {"amr": "nomfa", "acrs": None}, {"email": 5}])
def test_claims_of_the_wrong_type_give_401(client, platform, claims):
    resp = client.get("breaches", role="Privacy.Officer", **claims)
    assert resp.status == 401, resp.body
    assert resp.json()["status"] == 401


def test_mfa_by_substring_does_not_pass(client, platform):
    resp = client.get("breaches", role="Privacy.Officer", mfa=False, acrs=["xc1x"], amr=["nomfa"])
    assert resp.status == 401 and "insufficient_claims" in resp.header("www-authenticate")


def test_a_token_valid_until_2100_is_refused(client, platform):
    resp = client.get("breaches", role="Privacy.Officer", exp=4102444800)
    assert resp.status == 401 and "lifetime" in resp.json()["detail"]


def test_an_unreachable_issuer_gives_503_problem_json(client, platform, monkeypatch):
    with socket.socket() as s:  # a loopback port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PRIVACY_AUTH_JWKS_URL", f"http://127.0.0.1:{port}/keys")
    reset_settings()
    resp = client.get("breaches", role="Privacy.Officer")
    assert resp.status == 503, resp.body
    assert resp.header("content-type").startswith("application/problem+json")
    assert resp.json()["type"].endswith("/unavailable")
