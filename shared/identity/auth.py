"""From an Authorization header to a Principal acting in one role, or a refusal.

401: no token, or a bad one (with `WWW-Authenticate: Bearer`), or a staff role without MFA
evidence (with the Entra claims challenge, so that MSAL clients can step up).
403: a good token without a role that the route allows.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Mapping
from typing import Any

from shared.config import Settings
from shared.emails import claim_email
from shared.identity.principal import Principal
from shared.identity.roles import NEEDS_MFA, PRECEDENCE, Role
from shared.identity.tokens import InvalidToken, IssuerUnavailable, JwksCache, TokenValidator, accepted_issuers
from shared.ids import MAX_ID


class AuthError(Exception):
    def __init__(self, status: int, detail: str, challenge: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.challenge = status, detail, challenge


def claims_challenge(mfa_context: str) -> str:
    claims = {"access_token": {"acrs": {"essential": True, "value": mfa_context}}}
    encoded = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode().rstrip("=")
    return f'Bearer error="insufficient_claims", claims="{encoded}"'


_validators: dict[tuple[Any, ...], TokenValidator] = {}
_lock = threading.Lock()


def validator_for(settings: Settings) -> TokenValidator:
    """One validator (and so one JWKS cache) per configuration, kept across requests."""
    key = (settings.env, settings.auth_issuer, settings.auth_audience, settings.auth_jwks_url,
           settings.auth_jwks_stale_hours, settings.auth_max_token_hours)
    with _lock:
        if key not in _validators:
            _validators[key] = _build(settings)
        return _validators[key]


def _build(settings: Settings) -> TokenValidator:
    if settings.auth_issuer:
        if not settings.auth_jwks_url:
            from shared.errors import ConfigError

            raise ConfigError("PRIVACY_AUTH_JWKS_URL is required with PRIVACY_AUTH_ISSUER")
        cache = JwksCache(settings.auth_jwks_url, stale_if_error=settings.auth_jwks_stale_hours * 3600)
        return TokenValidator(accepted_issuers(settings.auth_issuer), settings.auth_audience, cache,
                              max_lifetime=settings.auth_max_token_hours * 3600)
    from shared.identity import dev_issuer

    dev_issuer.ensure_allowed(settings)
    cache = JwksCache("http://localhost/dev-issuer/jwks", fetch=lambda _url: dev_issuer.jwks())
    return TokenValidator([dev_issuer.DEV_ISSUER], settings.auth_audience, cache,
                          max_lifetime=settings.auth_max_token_hours * 3600)


def bearer(headers: Mapping[str, str]) -> str:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(401, "A bearer token is required", "Bearer")
    return token.strip()


def principal_from_claims(claims: Mapping[str, Any], settings: Settings) -> Principal:
    """From validated claims (list claims are lists of strings: check_claim_shapes) to a Principal.
    MFA is exact membership: the auth context in `acrs`, or `mfa` in `amr`."""
    roles = frozenset(Role(r) for r in claims.get("roles") or [] if r in Role._value2member_map_)
    mfa = settings.auth_mfa_context in (claims.get("acrs") or []) or "mfa" in (claims.get("amr") or [])
    return Principal(
        oid=str(claims.get("oid") or claims.get("sub") or "unknown"),
        roles=roles, mfa=mfa, client_id=_client_id(claims.get(settings.auth_client_claim)),
        email=claim_email(claims.get("email")),
    )


def _client_id(raw: Any) -> int | None:
    text = str(raw) if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def authenticate(headers: Mapping[str, str], settings: Settings) -> Principal:
    token = bearer(headers)
    try:
        claims = validator_for(settings).validate(token)
    except InvalidToken as exc:
        raise AuthError(401, str(exc), 'Bearer error="invalid_token"') from None
    except IssuerUnavailable:
        raise AuthError(503, "The token issuer cannot be reached; try again in a minute") from None
    return principal_from_claims(claims, settings)


def authorize(principal: Principal, allowed: frozenset[Role], settings: Settings) -> Principal:
    usable = [r for r in PRECEDENCE if r in allowed and r in principal.roles]
    if not usable:
        raise AuthError(403, "Your role does not allow this operation")
    with_mfa = [r for r in usable if r not in NEEDS_MFA or principal.mfa]
    if not with_mfa:
        raise AuthError(401, "This operation needs multi-factor authentication",
                        claims_challenge(settings.auth_mfa_context))
    role = with_mfa[0]
    if role is Role.CLIENT and principal.client_id is None:
        raise AuthError(403, f"The token names no client ({settings.auth_client_claim})")
    if role is Role.SUBJECT and not principal.email:
        raise AuthError(403, "The token carries no verified e-mail address")
    return Principal(principal.oid, principal.roles, principal.mfa, principal.client_id, principal.email, role)
