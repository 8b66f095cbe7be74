"""Access-token validation (PyJWT): RS256 only, keys by `kid` from a cached JWKS.

The JWKS cache is built so that an outage or a flood of forged tokens hurts nobody else:
- A known `kid` is answered from memory without a lock. Keys older than MAX_KEY_AGE are
  refreshed in the background while the cached key keeps serving; when refreshing fails the
  cached keys serve on for `stale_if_error` seconds more (stale-if-error), then 503.
- An unknown `kid` may start one fetch at a time, and at most one per MIN_REFRESH_INTERVAL,
  counted from the last attempt, failed or not: 30 forged tokens during an outage give 1 fetch.
- No lock is held while fetching: a valid token never waits on another token's fetch.
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
STALE_IF_ERROR = 72 * 3600
MIN_REFRESH_INTERVAL = 60
FIRST_FETCH_RETRY = 5  # with no keys at all, a failed fetch is retried this soon (seconds)
FETCH_TIMEOUT = 5
LEEWAY_SECONDS = 60
MAX_TOKEN_LIFETIME = 24 * 3600
LIST_CLAIMS = ("roles", "acrs", "amr")


class InvalidToken(Exception):
    """The token is missing, malformed, forged or not for us. The message is safe to return."""


class IssuerUnavailable(Exception):
    """No usable signing keys: the JWKS endpoint cannot be reached and the cache is empty or too old."""


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
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as resp:  # noqa: S310 - scheme checked by check_jwks_url
        return dict(json.load(resp))


def _in_background(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="jwks-refresh", daemon=True).start()


def parse_jwks(doc: dict[str, Any]) -> dict[str, Any]:
    keys = {}
    for jwk in doc.get("keys", []):
        if jwk.get("kty") == "RSA" and jwk.get("kid") and jwk.get("use", "sig") == "sig":
            keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
    return keys


@dataclass
class JwksCache:
    url: str
    fetch: Callable[[str], dict[str, Any]] = fetch_json
    monotonic: Callable[[], float] = time.monotonic
    stale_if_error: float = STALE_IF_ERROR
    spawn: Callable[[Callable[[], None]], None] = _in_background  # how a background refresh runs
    fetches: int = 0  # attempts, failed ones included
    # (keys by kid, when fetched): replaced as a whole, so readers need no lock
    _state: tuple[dict[str, Any], float | None] = field(default_factory=lambda: ({}, None))
    _last_attempt: float | None = None
    _in_flight: threading.Event | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)  # guards the three fields above, never a fetch

    def __post_init__(self) -> None:
        check_jwks_url(self.url)

    def key(self, kid: str) -> Any:
        keys, fetched_at = self._state
        now = self.monotonic()
        if kid in keys and fetched_at is not None:
            age = now - fetched_at
            if age <= MAX_KEY_AGE:
                return keys[kid]
            if age <= MAX_KEY_AGE + self.stale_if_error:
                self._start_refresh(now, MIN_REFRESH_INTERVAL, background=True)
                return keys[kid]
        usable = self._usable(now)
        interval = MIN_REFRESH_INTERVAL if usable else FIRST_FETCH_RETRY
        if not self._start_refresh(now, interval, background=False) and not usable:
            in_flight = self._in_flight  # no keys to serve from: wait for the fetch under way
            if in_flight is not None:
                in_flight.wait(FETCH_TIMEOUT + 1)
        if not self._usable(self.monotonic()):
            raise IssuerUnavailable("The token issuer's signing keys cannot be fetched")
        keys, _ = self._state
        if kid not in keys:
            raise InvalidToken("The token is signed with an unknown key")
        return keys[kid]

    def _usable(self, now: float) -> bool:
        fetched_at = self._state[1]
        return fetched_at is not None and now - fetched_at <= MAX_KEY_AGE + self.stale_if_error

    def _start_refresh(self, now: float, min_interval: float, *, background: bool) -> bool:
        """Claim the one refresh slot if it is free and the last attempt is old enough; run it."""
        with self._lock:
            recent = self._last_attempt is not None and now - self._last_attempt < min_interval
            if self._in_flight is not None or recent:
                return False
            self._last_attempt, self._in_flight = now, threading.Event()
            done = self._in_flight
        if background:
            self.spawn(lambda: self._refresh(done))
        else:
            self._refresh(done)
        return True

    def _refresh(self, done: threading.Event) -> None:
        try:
            self.fetches += 1
            keys = parse_jwks(self.fetch(self.url))
            self._state = (keys, self.monotonic())
        except Exception:  # noqa: S110 - an outage: the cached keys keep serving, the caller decides
            pass
        finally:
            with self._lock:
                self._in_flight = None
            done.set()


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


def check_claim_shapes(claims: dict[str, Any], max_lifetime: float) -> None:
    """Claims that the role and MFA rules read must have the type Entra gives them."""
    for name in LIST_CLAIMS:
        value = claims.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise InvalidToken(f"The token's {name!r} claim must be a list of strings")
    email = claims.get("email")
    if email is not None and not isinstance(email, str):
        raise InvalidToken("The token's 'email' claim must be a string")
    start = claims.get("nbf", claims.get("iat"))
    if not isinstance(start, int | float) or isinstance(start, bool):
        raise InvalidToken("The token carries neither 'nbf' nor 'iat'")
    if claims["exp"] - start > max_lifetime:
        raise InvalidToken(f"The token's lifetime is longer than {max_lifetime / 3600:g} hours")


HEADER_CACHE = 64  # distinct token headers remembered (one per signing key and issuer, in practice)


@dataclass
class TokenValidator:
    issuers: list[str]
    audience: str
    jwks: JwksCache
    max_lifetime: float = MAX_TOKEN_LIFETIME
    # A token's header segment (issuer, algorithm, kid) is the same for every token signed with one
    # key: the kid of a header already seen on a VALID token is not parsed again. Forged headers
    # are never remembered, and the dict never grows past HEADER_CACHE.
    _kids: dict[str, str] = field(default_factory=dict)

    def _kid(self, token: str) -> tuple[str, str | None]:
        segment = token.partition(".")[0]
        known = self._kids.get(segment)
        if known is not None:
            return known, None
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("The token is malformed") from None
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken("The token's algorithm is not accepted (RS256 only)")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("The token names no signing key")
        return kid, segment

    def validate(self, token: str) -> dict[str, Any]:
        kid, new_segment = self._kid(token)
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
        check_claim_shapes(claims, self.max_lifetime)
        if new_segment is not None and len(self._kids) < HEADER_CACHE:
            self._kids[new_segment] = kid
        return claims
