"""`privacy login`: sign in to the deployed API with MSAL's device-code flow, so operators can
call it. A claims challenge (MFA step-up) from the API is passed back to MSAL."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

TOKEN_CACHE = os.path.expanduser("~/.privacy-suite/msal-cache.json")


def claims_from_challenge(www_authenticate: str) -> str | None:
    """The decoded `claims` of an Entra claims challenge, as MSAL wants it."""
    import base64
    import re

    m = re.search(r'claims="([^"]+)"', www_authenticate or "")
    if not m:
        return None
    raw = m.group(1)
    return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()


def acquire(tenant: str, client_id: str, scope: str, claims: str | None = None,
            app_factory: Any = None, out: Any = sys.stderr) -> dict[str, Any]:
    import msal

    cache = msal.SerializableTokenCache()
    if os.path.exists(TOKEN_CACHE):
        with open(TOKEN_CACHE) as fh:
            cache.deserialize(fh.read())
    app = (app_factory or msal.PublicClientApplication)(
        client_id, authority=f"https://login.microsoftonline.com/{tenant}", token_cache=cache)
    result = None
    accounts = app.get_accounts()
    if accounts and not claims:
        result = app.acquire_token_silent([scope], account=accounts[0])
    if not result:
        flow = app.initiate_device_flow(scopes=[scope], claims_challenge=claims)
        if "user_code" not in flow:
            raise RuntimeError(f"Device flow failed: {flow.get('error_description', flow)}")
        print(flow["message"], file=out, flush=True)
        result = app.acquire_token_by_device_flow(flow, claims_challenge=claims)
    if getattr(cache, "has_state_changed", False):
        os.makedirs(os.path.dirname(TOKEN_CACHE), mode=0o700, exist_ok=True)
        with open(TOKEN_CACHE, "w") as fh:
            fh.write(cache.serialize())
        os.chmod(TOKEN_CACHE, 0o600)
    return dict(result)


def cmd_login(args: argparse.Namespace) -> int:
    tenant = args.tenant or os.environ.get("PRIVACY_LOGIN_TENANT")
    client_id = args.client_id or os.environ.get("PRIVACY_LOGIN_CLIENT_ID")
    scope = args.scope or os.environ.get("PRIVACY_LOGIN_SCOPE", "api://privacy-suite/.default")
    if not (tenant and client_id):
        print("privacy login: set --tenant and --client-id (or PRIVACY_LOGIN_TENANT / PRIVACY_LOGIN_CLIENT_ID)",
              file=sys.stderr)
        return 2
    claims = claims_from_challenge(os.environ.get("PRIVACY_LOGIN_CHALLENGE", ""))
    result = acquire(tenant, client_id, scope, claims)
    if "access_token" not in result:
        print(json.dumps({k: result.get(k) for k in ("error", "error_description")}), file=sys.stderr)
        return 1
    print(result["access_token"])
    return 0
