"""Token validation: RS256 only, keys by kid from a cached JWKS, every kind of bad token refused."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared.errors import ConfigError
from shared.identity.tokens import (
    FIRST_FETCH_RETRY,
    MAX_KEY_AGE,
    InvalidToken,
    IssuerUnavailable,
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

    cache = JwksCache("https://login.example/keys", fetch=fetch, monotonic=clock or FakeTime(), spawn=lambda w: w())
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


@pytest.mark.parametrize("kind", list(bad_tokens(Issuer(), "Privacy.Officer")))
def test_every_bad_token_is_refused_after_a_good_one_with_the_same_key(tissuer, kind):
    """The validator remembers a valid token's header; a bad token sharing it is still refused."""
    validator, _ = make_validator(tissuer)
    validator.validate(tissuer.token("Privacy.Officer"))
    with pytest.raises(InvalidToken):
        validator.validate(bad_tokens(tissuer, "Privacy.Officer")[kind])


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


# --- Under an outage ------------------------------------------------------------------------

class Outage:
    """A JWKS endpoint that works until `down` is set, then raises like a refused connection."""

    def __init__(self, tissuer):
        self.tissuer, self.down, self.calls = tissuer, False, 0

    def __call__(self, _url):
        self.calls += 1
        if self.down:
            raise OSError("connection refused")
        return {"keys": [public_jwk(self.tissuer.key, self.tissuer.kid)]}


def outage_validator(tissuer, clock, stale_if_error=3600.0):
    fetch = Outage(tissuer)
    cache = JwksCache("https://login.example/keys", fetch=fetch, monotonic=clock, stale_if_error=stale_if_error,
                      spawn=lambda work: work())
    return TokenValidator(accepted_issuers(ISSUER), AUDIENCE, cache), fetch


def test_forged_kids_during_an_outage_give_one_fetch(tissuer):
    clock = FakeTime()
    validator, fetch = outage_validator(tissuer, clock)
    validator.validate(tissuer.token("Privacy.Staff"))
    fetch.down = True
    clock.t += 61
    for i in range(30):
        with pytest.raises(InvalidToken):
            validator.validate(tissuer.token("Privacy.Staff", kid=f"forged-{i}"))
    assert fetch.calls == 2  # the first good fetch, then one failed attempt: failures are rate-limited too
    validator.validate(tissuer.token("Privacy.Staff"))  # the cached key still serves


def test_cached_keys_serve_past_24_hours_when_the_refresh_fails(tissuer):
    clock = FakeTime()
    validator, fetch = outage_validator(tissuer, clock, stale_if_error=3600)
    validator.validate(tissuer.token("Privacy.Staff"))
    fetch.down = True
    clock.t += MAX_KEY_AGE + 1800
    assert validator.validate(tissuer.token("Privacy.Staff"))["roles"] == ["Privacy.Staff"]
    clock.t += 3600  # past the stale-if-error bound: no keys can be trusted any more
    with pytest.raises(IssuerUnavailable):
        validator.validate(tissuer.token("Privacy.Staff"))
    fetch.down = False
    clock.t += 61
    validator.validate(tissuer.token("Privacy.Staff"))  # the issuer is back


def test_an_unreachable_issuer_with_no_cached_keys_is_unavailable_not_invalid(tissuer):
    clock = FakeTime()
    validator, fetch = outage_validator(tissuer, clock)
    fetch.down = True
    for _ in range(10):
        with pytest.raises(IssuerUnavailable):
            validator.validate(tissuer.token("Privacy.Staff"))
    assert fetch.calls == 1  # retried only after FIRST_FETCH_RETRY seconds
    clock.t += FIRST_FETCH_RETRY
    fetch.down = False
    validator.validate(tissuer.token("Privacy.Staff"))


def test_a_valid_token_never_waits_on_a_hanging_fetch(tissuer):
    """The JWKS endpoint hangs while a forged kid forces a refresh: a valid token is answered
    while that fetch is still hanging (no lock is held across the fetch)."""
    release, hanging = threading.Event(), threading.Event()

    class Handler(BaseHTTPRequestHandler):
        calls = 0

        def do_GET(self):
            Handler.calls += 1
            if Handler.calls > 1:
                hanging.set()
                release.wait(30)
            body = json.dumps({"keys": [public_jwk(tissuer.key, tissuer.kid)]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    clock = FakeTime()
    try:
        cache = JwksCache(f"http://127.0.0.1:{server.server_port}/keys", monotonic=clock)
        validator = TokenValidator(accepted_issuers(ISSUER), AUDIENCE, cache)
        validator.validate(tissuer.token("Privacy.Staff"))
        clock.t += 61
        forged_token = tissuer.token("Privacy.Staff", kid="forged")

        def validate_forged():
            with pytest.raises(InvalidToken):
                validator.validate(forged_token)

        forged = threading.Thread(target=validate_forged)
        forged.start()
        assert hanging.wait(10)
        for _ in range(5):  # answered while the forged token's fetch still hangs
            assert validator.validate(tissuer.token("Privacy.Officer"))["roles"] == ["Privacy.Officer"]
        assert not release.is_set() and forged.is_alive()
    finally:
        release.set()
        forged.join(10)
        server.shutdown()


# --- Claims -------------------------------------------------------------------------------

@pytest.mark.parametrize("claim,value", [
    ("roles", 5), ("roles", "Privacy.Officer"), ("roles", [5]), ("acrs", "xc1x"), ("acrs", {"c1": 1}),
    ("amr", "nomfa"), ("amr", [["mfa"]]), ("email", 5),
])
def test_claims_of_the_wrong_type_are_refused(tissuer, claim, value):
    validator, _ = make_validator(tissuer)
    with pytest.raises(InvalidToken, match=claim):
        validator.validate(tissuer.token("Privacy.Officer", **{claim: value}))


def test_a_token_living_longer_than_the_maximum_is_refused(tissuer):
    validator, _ = make_validator(tissuer)
    now = int(time.time())
    with pytest.raises(InvalidToken, match="lifetime"):
        validator.validate(tissuer.token("Privacy.Officer", exp=4102444800))  # 2100-01-01
    with pytest.raises(InvalidToken, match="lifetime"):
        validator.validate(tissuer.token("Privacy.Officer", iat=now, nbf=None, exp=now + 24 * 3600 + 1))
    with pytest.raises(InvalidToken, match="neither"):
        validator.validate(tissuer.token("Privacy.Officer", iat=None, nbf=None))
    assert validator.validate(tissuer.token("Privacy.Officer", exp=now + 24 * 3600 - 120))


@pytest.mark.parametrize("claims,mfa", [
    ({"acrs": ["c1"]}, True), ({"amr": ["pwd", "mfa"]}, True), ({"acrs": ["xc1x"]}, False),
    ({"acrs": ["c10"]}, False), ({"amr": ["nomfa"]}, False), ({"amr": ["MFA"]}, False), ({}, False),
])
def test_mfa_is_exact_membership(claims, mfa):
    from shared.config import Settings
    from shared.identity.auth import principal_from_claims

    assert principal_from_claims({"roles": ["Privacy.Staff"], **claims}, Settings()).mfa is mfa


@pytest.mark.parametrize("raw,expected", [("3", 3), (3, 3), ("2147483647", 2147483647), (str(2**63), None),
                                          (2**31, None), ("0", None), ("-1", None), (True, None), ("٣", None)])
def test_the_client_claim_is_an_id_in_range(raw, expected):
    from shared.config import Settings
    from shared.identity.auth import principal_from_claims

    assert principal_from_claims({"extn.clientId": raw}, Settings()).client_id == expected
