"""Token validation, warm: the suite's validator (kid lookup in the cached JWKS, issuer list,
claims checks) against a bare PyJWT decode with the key in hand, in the same run; and the
number of JWKS fetches per 1,000 requests (goal: 0 after warm-up), over real loopback HTTP."""

from __future__ import annotations

import time

import jwt

from shared.identity.tokens import JwksCache, TokenValidator, accepted_issuers
from tests.support.identity import AUDIENCE, ISSUER, Issuer

N = 1000


def main() -> None:
    issuer = Issuer().start()
    try:
        tokens = [issuer.token("Privacy.Staff", email=f"u{i}@example.nl") for i in range(N)]
        validator = TokenValidator(accepted_issuers(ISSUER), AUDIENCE, JwksCache(issuer.jwks_url))
        validator.validate(tokens[0])  # warm-up: the one fetch
        fetches_before = issuer.hits
        started = time.perf_counter()
        for t in tokens:
            validator.validate(t)
        suite = (time.perf_counter() - started) / N
        fetches = issuer.hits - fetches_before

        public = issuer.key.public_key()
        started = time.perf_counter()
        for t in tokens:
            jwt.decode(t, public, algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER)
        bare = (time.perf_counter() - started) / N
    finally:
        issuer.stop()
    print(f"suite validator, warm: {suite * 1e6:.0f} µs per token")
    print(f"bare PyJWT decode:     {bare * 1e6:.0f} µs per token (baseline)")
    print(f"overhead: {suite / bare:.2f}x")
    print(f"JWKS fetches per {N} requests after warm-up: {fetches}")


if __name__ == "__main__":
    main()
