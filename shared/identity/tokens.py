"""Access-token validation (PyJWT): RS256 only, keys by `kid` from a cached JWKS.

The JWKS is cached for at most 24 h; an unknown `kid` refreshes it at most once a minute,
so a flood of forged tokens cannot turn into a flood of fetches.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import jwt

from shared.errors import ConfigError

ALGORITHMS = ["RS256"]
MAX_KEY_AGE = 24 * 3600
MIN_REFRESH_INTERVAL = 60
LEEWAY_SECONDS = 60


class InvalidToken(Exception):
    """The token is missing, malformed, forged or not for us. The message is safe to return."""


def check_jwks_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme == "https":
        return url
    host = parsed.hostname or ""
    loopback = host == "localhost"
    with contextlib.suppress(ValueError):  # a host name, not an address
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parsed.scheme == "http" and loopback:
        return url
    raise ConfigError("PRIVACY_AUTH_JWKS_URL must use https (plain http only on a loopback address)")


def fetch_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - scheme checked by check_jwks_url
        return dict(json.load(resp))


@dataclass
class JwksCache:
    url: str
    fetch: Callable[[str], dict[str, Any]] = fetch_json
    monotonic: Callable[[], float] = time.monotonic
    fetches: int = 0
    _keys: dict[str, Any] = field(default_factory=dict)
    _fetched_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        check_jwks_url(self.url)

    def _refresh(self) -> None:
        doc = self.fetch(self.url)
        self.fetches += 1
        keys = {}
        for jwk in doc.get("keys", []):
            if jwk.get("kty") == "RSA" and jwk.get("kid") and jwk.get("use", "sig") == "sig":
                keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
        self._keys, self._fetched_at = keys, self.monotonic()

    def key(self, kid: str) -> Any:
        with self._lock:
            now = self.monotonic()
            age = None if self._fetched_at is None else now - self._fetched_at
            if age is None or age > MAX_KEY_AGE:
                self._refresh()
            elif kid not in self._keys and age >= MIN_REFRESH_INTERVAL:
                self._refresh()  # a key rotation: at most once a minute
            if kid not in self._keys:
                raise InvalidToken("The token is signed with an unknown key")
            return self._keys[kid]


def accepted_issuers(issuer: str) -> list[str]:
    """The configured issuer, plus the tenant's other issuer (v1 <-> v2) for Entra tenants."""
    out = [issuer]
    parsed = urlparse(issuer)
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.hostname == "login.microsoftonline.com" and parts:
        out.append(f"https://sts.windows.net/{parts[0]}/")
    elif parsed.hostname == "sts.windows.net" and parts:
        out.append(f"https://login.microsoftonline.com/{parts[0]}/v2.0")
    return out


@dataclass
class TokenValidator:
    issuers: list[str]
    audience: str
    jwks: JwksCache

    def validate(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("The token is malformed") from None
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken("The token's algorithm is not accepted (RS256 only)")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("The token names no signing key")
        key = self.jwks.key(kid)
        try:
            claims = jwt.decode(
                token, key, algorithms=ALGORITHMS, audience=self.audience, issuer=self.issuers,
                leeway=LEEWAY_SECONDS, options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("The token has expired") from None
        except jwt.ImmatureSignatureError:
            raise InvalidToken("The token is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise InvalidToken("The token is for another audience") from None
        except jwt.InvalidIssuerError:
            raise InvalidToken("The token is from another issuer") from None
        except jwt.PyJWTError:
            raise InvalidToken("The token's signature or claims are invalid") from None
        return claims
