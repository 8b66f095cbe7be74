"""A test token issuer: an RSA key whose JWKS is served on loopback, and tokens of every kind."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

TENANT = "11111111-2222-3333-4444-555555555555"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
AUDIENCE = "api://privacy-suite"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig", "alg": "RS256"})
    return jwk


@dataclass
class Issuer:
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = "test-key-1"
    hits: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def jwks_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}/keys"

    def start(self) -> Issuer:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.hits += 1
                body = json.dumps({"keys": [public_jwk(issuer.key, issuer.kid)]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()

    def claims(self, role: str | None, *, mfa: bool = True, client_id: int | None = None,
               email: str | None = None, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now, "exp": now + 3600, "tid": TENANT,
            "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{role}:{client_id}:{email}")), "ver": "2.0",
            "roles": [role] if role else [],
        }
        if mfa:
            claims["acrs"] = ["c1"]
        if client_id is not None:
            claims["extn.clientId"] = str(client_id)
        if email:
            claims["email"] = email
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, role: str | None, *, key: rsa.RSAPrivateKey | None = None, kid: str | None = None,
              alg: str = "RS256", **kw: Any) -> str:
        return jwt.encode(self.claims(role, **kw), key or self.key, algorithm=alg, headers={"kid": kid or self.kid})

    def headers(self, role: str | None, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, **kw)}"}
