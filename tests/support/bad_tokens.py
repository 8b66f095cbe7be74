"""Every kind of token the suite must refuse, made by the test issuer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from cryptography.hazmat.primitives import serialization

from tests.support.identity import Issuer, new_key


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _hs256(claims: dict, secret: bytes, kid: str) -> str:
    """An HS256 token keyed with the RSA public key: the classic algorithm-confusion attack.
    Built by hand, because PyJWT rightly refuses to sign it."""
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{_b64(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def bad_tokens(issuer: Issuer, role: str) -> dict[str, str]:
    now = int(time.time())
    claims = issuer.claims(role)
    public_pem = issuer.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    return {
        "alg_none": f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': issuer.kid})}.{_b64(claims)}.",
        "hmac_with_public_key": _hs256(claims, public_pem, issuer.kid),
        "foreign_key_same_kid": issuer.token(role, key=new_key()),
        "unknown_kid": issuer.token(role, kid="not-a-key"),
        "expired": issuer.token(role, exp=now - 600, iat=now - 4200, nbf=now - 4200),
        "not_yet_valid": issuer.token(role, nbf=now + 600),
        "wrong_audience": issuer.token(role, aud="api://someone-else"),
        "wrong_issuer": issuer.token(role, iss="https://login.microsoftonline.com/other-tenant/v2.0"),
        "garbage": "not.a.jwt",
    }
