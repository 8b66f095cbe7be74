#!/usr/bin/env sh
# azd postprovision hook: give the Function App's managed identity a contained user in each
# database this template created, with the roles the suite needs (read, write, and DDL for
# `privacy migrate`). Runs as the deploying user, who must:
#   - be signed in with `az login` and be a member of the SQL admin group (SQL_ADMIN_GROUP_*),
#   - reach the server: its public IP in OPERATOR_IP_ADDRESSES (SQL firewall),
#   - have go-sqlcmd installed (`sqlcmd --version` shows v1.x).
# Idempotent: safe to run after every `azd provision`.
set -eu

: "${AZURE_SQL_SERVER_FQDN:?run through azd (azd provision / azd up)}"
: "${AZURE_IDENTITY_NAME:?run through azd (azd provision / azd up)}"
: "${AZURE_SQL_DATABASES:?run through azd (azd provision / azd up)}"

# The name goes into T-SQL brackets: allow only what Azure allows in an identity name.
case "$AZURE_IDENTITY_NAME" in
    *[!A-Za-z0-9_-]*) echo "unexpected identity name: $AZURE_IDENTITY_NAME" >&2; exit 1 ;;
esac

if ! command -v sqlcmd >/dev/null 2>&1; then
    echo "sqlcmd (go-sqlcmd) is required: https://learn.microsoft.com/sql/tools/sqlcmd/go-sqlcmd-utility" >&2
    exit 1
fi

# azd passes array outputs as JSON, e.g. ["privacy","platform"].
databases=$(printf '%s' "$AZURE_SQL_DATABASES" | tr -d '[]" ' | tr ',' ' ')
user="$AZURE_IDENTITY_NAME"

for db in $databases; do
    case "$db" in *[!A-Za-z0-9_-]*) echo "unexpected database name: $db" >&2; exit 1 ;; esac
    echo "granting [$user] db_datareader, db_datawriter, db_ddladmin on $db"
    sql="IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'$user') CREATE USER [$user] FROM EXTERNAL PROVIDER;"
    sql="$sql ALTER ROLE db_datareader ADD MEMBER [$user]; ALTER ROLE db_datawriter ADD MEMBER [$user];"
    sql="$sql ALTER ROLE db_ddladmin ADD MEMBER [$user];"
    # -b: a T-SQL error fails the hook, and so `azd provision`.
    sqlcmd -S "$AZURE_SQL_SERVER_FQDN" -d "$db" --authentication-method ActiveDirectoryDefault -b -Q "$sql"
done
echo "SQL contained user for $user is in place."
