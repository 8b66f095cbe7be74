"""A local token issuer for development and demos (local mode only).

It signs RS256 tokens with a key kept in .data/dev-issuer/, whose JWKS the app reads from
that folder. It refuses to work when PRIVACY_ENV=azure or when a real issuer is configured.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.config import Env, Settings
from shared.errors import ConfigError

DEV_ISSUER = "https://dev-issuer.privacy.localhost/v2.0"
DEV_KID = "dev-issuer-1"
DEV_FOLDER = Path(".data/dev-issuer")


def ensure_allowed(settings: Settings) -> None:
    if settings.env is Env.AZURE:
        raise ConfigError("Dev tokens are impossible when PRIVACY_ENV=azure")
    if settings.auth_issuer:
        raise ConfigError("Dev tokens are impossible when a real issuer (PRIVACY_AUTH_ISSUER) is configured")


def _private_key(folder: Path) -> rsa.RSAPrivateKey:
    pem = folder / "key.pem"
    if not pem.exists():
        folder.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
        pem.chmod(0o600)
    loaded = serialization.load_pem_private_key(pem.read_bytes(), password=None)
    assert isinstance(loaded, rsa.RSAPrivateKey)
    return loaded


def jwks(folder: Path = DEV_FOLDER) -> dict[str, Any]:
    public = _private_key(folder).public_key()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public))
    jwk.update({"kid": DEV_KID, "use": "sig", "alg": "RS256"})
    return {"keys": [jwk]}


def mint(settings: Settings, *, role: str, mfa: bool = False, client_id: int | None = None,
         email: str | None = None, oid: str | None = None, lifetime: int = 3600,
         folder: Path = DEV_FOLDER) -> str:
    ensure_allowed(settings)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": DEV_ISSUER, "aud": settings.auth_audience, "iat": now, "nbf": now, "exp": now + lifetime,
        "oid": oid or str(uuid.uuid5(uuid.NAMESPACE_URL, f"dev:{role}:{email}:{client_id}")),
        "ver": "2.0", "roles": [role],
    }
    if mfa:
        claims["acrs"] = [settings.auth_mfa_context]
    if client_id is not None:
        claims[settings.auth_client_claim] = str(client_id)
    if email:
        claims["email"] = email
        claims["preferred_username"] = email
    return jwt.encode(claims, _private_key(folder), algorithm="RS256", headers={"kid": DEV_KID})
