"""The web console on the local host: the built app of `web/` at /console/, its sign-in
configuration, and the local dev sign-in.

Local only (devtools is not deployed). In Azure a Static Web App serves the same build and
MSAL.js signs in against the app registration; the dev sign-in is refused there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from shared.identity.roles import NEEDS_MFA, Role

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "console"
Answer = tuple[int, dict[str, str], bytes]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".txt": "text/plain; charset=utf-8", ".map": "application/json",
}
# Griffel (Fluent UI) inserts style rules at run time, hence 'unsafe-inline' for styles only.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self' https://login.microsoftonline.com; frame-src https://login.microsoftonline.com; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
}
ROLE_LABELS_NL = {
    Role.OFFICER: "Functionaris gegevensbescherming (FG)",
    Role.STAFF: "Medewerker privacy",
    Role.OPS: "Engineer (on-call)",
    Role.CLIENT: "Beheerder van een opdrachtgever",
    Role.SUBJECT: "Betrokkene (Mijn gegevens)",
}


def dist_dir() -> Path:
    return Path(os.environ.get("PRIVACY_CONSOLE_DIR") or ROOT / "web" / "dist" / "console")


def handles(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def dispatch(method: str, path: str, body: bytes) -> Answer:
    """`path` is the URL path (still percent-encoded) without its leading slash."""
    path = unquote(path)
    if path == PREFIX:
        return 308, {"Location": "/console/"}, b""
    rest = path[len(PREFIX) + 1:]
    if rest == "config.json" and method in ("GET", "HEAD"):
        return _json(200, config())
    if rest == "dev-token":
        if method != "POST":
            return _problem(405, "Method not allowed", "Use POST", {"Allow": "POST"})
        return dev_token(body)
    if method not in ("GET", "HEAD"):
        return _problem(405, "Method not allowed", "Use GET", {"Allow": "GET, HEAD"})
    return static(rest)


# --- Static files -----------------------------------------------------------------------------


def static(rest: str, root: Path | None = None) -> Answer:
    root = (root or dist_dir()).resolve()
    index = root / "index.html"
    if not index.is_file():
        return _problem(503, "Console not built", "Build it with `make run` or `cd web && npm ci && npm run build`")
    target = (root / rest).resolve() if rest else index
    if not target.is_relative_to(root):
        return _problem(404, "Not found", "No such file")
    if target.is_file():
        return _file(target, immutable=target.parent.name == "assets")
    last = rest.rsplit("/", 1)[-1]
    if "." in last or rest.startswith("assets/"):
        return _problem(404, "Not found", "No such file")
    return _file(index, immutable=False)  # a page of the app: the router takes it from here


def _file(path: Path, immutable: bool) -> Answer:
    ctype = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
    return 200, {"Content-Type": ctype, "Cache-Control": cache, **SECURITY_HEADERS}, path.read_bytes()


# --- Sign-in ----------------------------------------------------------------------------------


def config() -> dict[str, Any]:
    """How the console signs in here: the dev issuer, or MSAL against the app registration."""
    from shared.config import get_settings
    from shared.errors import ConfigError
    from shared.identity import dev_issuer

    settings = get_settings()
    roles = [{"id": r.value, "label": ROLE_LABELS_NL[r], "needs_mfa": r in NEEDS_MFA} for r in Role]
    try:
        dev_issuer.ensure_allowed(settings)
    except ConfigError:
        return {"mode": "msal", "api": "/api", "roles": roles, "msal": {
            "client_id": os.environ.get("PRIVACY_CONSOLE_CLIENT_ID", ""),
            "authority": os.environ.get("PRIVACY_CONSOLE_AUTHORITY", ""),
            "scopes": [os.environ.get("PRIVACY_CONSOLE_SCOPE") or f"{settings.auth_audience}/user_impersonation"],
        }}
    return {"mode": "dev", "api": "/api", "roles": roles, "mfa_context": settings.auth_mfa_context}


def dev_token(body: bytes) -> Answer:
    """Mints a dev token like `privacy token`; refused with PRIVACY_ENV=azure or a real issuer."""
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    from shared.config import get_settings
    from shared.errors import ConfigError
    from shared.identity import dev_issuer

    class DevTokenIn(BaseModel):
        model_config = ConfigDict(extra="forbid")
        role: Role
        mfa: bool = False
        client_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
        email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")

    settings = get_settings()
    try:
        dev_issuer.ensure_allowed(settings)
    except ConfigError as exc:
        return _problem(403, "Dev sign-in refused", str(exc))
    try:
        given = DevTokenIn.model_validate(json.loads(body or b"{}"))
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError):
        return _problem(422, "Invalid input", "Give role, and client_id or email where the role needs one")
    if given.role is Role.CLIENT and given.client_id is None:
        return _problem(422, "Invalid input", "A Client.Admin needs client_id")
    if given.role is Role.SUBJECT and not given.email:
        return _problem(422, "Invalid input", "A Privacy.Subject needs email")
    token = dev_issuer.mint(settings, role=given.role.value, mfa=given.mfa, client_id=given.client_id,
                            email=given.email.lower() if given.email else None)
    return _json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})


def _json(status: int, payload: Any) -> Answer:
    return status, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(payload).encode()


def _problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    return status, {"Content-Type": "application/problem+json", **(headers or {})}, body
