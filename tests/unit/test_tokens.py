"""Token validation: RS256 only, keys by kid from a cached JWKS, every kind of bad token refused."""

import json

import pytest

from shared.errors import ConfigError
from shared.identity.tokens import (
    MAX_KEY_AGE,
    InvalidToken,
    JwksCache,
    TokenValidator,
    accepted_issuers,
    check_jwks_url,
)
from tests.support.bad_tokens import bad_tokens
from tests.support.identity import AUDIENCE, ISSUER, Issuer, public_jwk


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def tissuer():
    return Issuer()


def make_validator(tissuer, clock=None):
    fetched = []

    def fetch(url):
        fetched.append(url)
        return {"keys": [public_jwk(tissuer.key, tissuer.kid)]}

    cache = JwksCache("https://login.example/keys", fetch=fetch, monotonic=clock or FakeTime())
    return TokenValidator(accepted_issuers(ISSUER), AUDIENCE, cache), fetched


def test_a_good_token_gives_its_claims(tissuer):
    validator, _ = make_validator(tissuer)
    claims = validator.validate(tissuer.token("Privacy.Officer"))
    assert claims["roles"] == ["Privacy.Officer"]


@pytest.mark.parametrize("kind", list(bad_tokens(Issuer(), "Privacy.Officer")))
def test_every_bad_token_is_refused(tissuer, kind):
    validator, _ = make_validator(tissuer)
    token = bad_tokens(tissuer, "Privacy.Officer")[kind]
    with pytest.raises(InvalidToken):
        validator.validate(token)


def test_v1_issuer_of_the_same_tenant_is_accepted(tissuer):
    validator, _ = make_validator(tissuer)
    tenant = ISSUER.split("/")[3]
    claims = validator.validate(tissuer.token("Privacy.Staff", iss=f"https://sts.windows.net/{tenant}/"))
    assert claims["iss"].startswith("https://sts.windows.net/")


def test_keys_are_fetched_once_and_cached(tissuer):
    validator, fetched = make_validator(tissuer)
    for _ in range(50):
        validator.validate(tissuer.token("Privacy.Staff"))
    assert len(fetched) == 1


def test_unknown_kid_refreshes_at_most_once_a_minute(tissuer):
    clock = FakeTime()
    validator, fetched = make_validator(tissuer, clock)
    validator.validate(tissuer.token("Privacy.Staff"))
    for _ in range(20):
        with pytest.raises(InvalidToken):
            validator.validate(tissuer.token("Privacy.Staff", kid="rotated"))
    assert len(fetched) == 1  # within the first minute: no refetch
    clock.t += 61
    with pytest.raises(InvalidToken):
        validator.validate(tissuer.token("Privacy.Staff", kid="rotated"))
    assert len(fetched) == 2


def test_keys_are_refreshed_after_24_hours(tissuer):
    clock = FakeTime()
    validator, fetched = make_validator(tissuer, clock)
    validator.validate(tissuer.token("Privacy.Staff"))
    clock.t += MAX_KEY_AGE + 1
    validator.validate(tissuer.token("Privacy.Staff"))
    assert len(fetched) == 2


@pytest.mark.parametrize("url", ["http://login.example/keys", "ftp://x/keys", "http://10.0.0.1/keys"])
def test_jwks_url_must_be_https_except_loopback(url):
    with pytest.raises(ConfigError, match="PRIVACY_AUTH_JWKS_URL"):
        check_jwks_url(url)


@pytest.mark.parametrize("url", ["https://login.example/keys", "http://127.0.0.1:9000/k", "http://localhost/k",
                                 "http://[::1]:8080/k"])
def test_jwks_url_https_or_loopback_is_fine(url):
    assert check_jwks_url(url) == url


def test_jwks_ignores_non_rsa_keys(tissuer):
    doc = {"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"}, public_jwk(tissuer.key, tissuer.kid)]}
    cache = JwksCache("https://x/keys", fetch=lambda _u: json.loads(json.dumps(doc)))
    assert cache.key(tissuer.kid) is not None
    with pytest.raises(InvalidToken):
        cache.key("hmac")


def test_login_reads_the_claims_challenge_the_api_sends():
    """`privacy login` passes the API's MFA step-up challenge to MSAL as decoded claims."""
    from devtools.login import claims_from_challenge
    from shared.identity.auth import claims_challenge

    decoded = json.loads(claims_from_challenge(claims_challenge("c1")))
    assert decoded == {"access_token": {"acrs": {"essential": True, "value": "c1"}}}
    assert claims_from_challenge('Bearer error="invalid_token"') is None
