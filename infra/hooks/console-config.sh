#!/usr/bin/env sh
# Writes web/dist/console/config.json for the deployed console: MSAL.js (auth code + PKCE) against
# the app registration. Values come from the azd environment; none of them is a secret.
#   AZURE_TENANT_ID             the tenant (an output of main.bicep)
#   PRIVACY_CONSOLE_CLIENT_ID   the console's SPA app registration (redirect URI <console>/console/)
#   PRIVACY_AUTH_AUDIENCE       the suite's API (app ID URI); the scope is <audience>/user_impersonation
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
out="$here/../../web/dist/console/config.json"
: "${AZURE_TENANT_ID:?set by azd provision}"
: "${PRIVACY_CONSOLE_CLIENT_ID:?azd env set PRIVACY_CONSOLE_CLIENT_ID <client id of the console app registration>}"
audience=${PRIVACY_AUTH_AUDIENCE:-api://privacy-suite}
scope=${PRIVACY_CONSOLE_SCOPE:-$audience/user_impersonation}
(cd "$here/../../web" && npm ci --no-audit --no-fund && npm run build)
cat > "$out" <<JSON
{
  "mode": "msal",
  "api": "/api",
  "msal": {
    "client_id": "$PRIVACY_CONSOLE_CLIENT_ID",
    "authority": "https://login.microsoftonline.com/$AZURE_TENANT_ID",
    "scopes": ["$scope"]
  }
}
JSON
echo "console config written to $out"
