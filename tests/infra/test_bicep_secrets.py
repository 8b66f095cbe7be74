"""Invariants of infra/ on every Bicep change: no key, password or secret value anywhere; Key Vault
and App Insights take Entra only; the identity reaches storage and gets narrow data roles only."""

from __future__ import annotations

import re

import pytest

from tests.support.bicep import (
    ROOT,
    app_settings,
    bicep_files,
    body,
    main,
    module,
    of_type,
    one,
    parse,
    sources,
    strip_comments,
)

# ---- no keys, no passwords -------------------------------------------------------------------

FORBIDDEN = [
    (re.compile(r"listKeys\s*\(", re.I), "listKeys()"),
    (re.compile(r"listConnectionStrings\s*\(", re.I), "listConnectionStrings()"),
    (re.compile(r"AccountKey\s*=", re.I), "a storage account key"),
    (re.compile(r"SharedAccessSignature|sig=", re.I), "a SAS token"),
    (re.compile(r"(?<![A-Za-z])(password|pwd)\s*=", re.I), "a password in a connection string"),
    (re.compile(r"administratorLoginPassword", re.I), "a SQL login password"),
    (re.compile(r"InstrumentationKey\s*=", re.I), "an App Insights key"),
]


@pytest.mark.parametrize("pattern,what", FORBIDDEN, ids=[w for _, w in FORBIDDEN])
def test_no_keys_or_passwords_anywhere_in_infra(pattern: re.Pattern[str], what: str) -> None:
    hits = [str(p.relative_to(ROOT)) for p, text in sources().items() if pattern.search(strip_comments(text))]
    assert not hits, f"{what} in {hits}"


def test_database_urls_carry_no_credentials() -> None:
    variables = main()["variables"]
    for name in ("storeDatabaseUrl",):
        url = variables[name]["value"]
        assert url.startswith("mssql+pyodbc://@"), f"{name}: no user or password before the host"
    assert "ODBC+Driver+18+for+SQL+Server" in variables["odbc"]["value"]


def test_no_secret_values_are_created_in_key_vault() -> None:
    assert not of_type("Microsoft.KeyVault/vaults/secrets")


def test_no_secure_parameter_has_a_default() -> None:
    for path in bicep_files():
        for name, param in (parse(path).get("parameters") or {}).items():
            if any(d["type"] == "secure" for d in param.get("decorators") or []):
                assert param["default"] is None, f"{path.name}: {name}"


# ---- Key Vault and monitoring -------------------------------------------------------------------


def test_key_vault_uses_rbac_soft_delete_purge_protection_and_deny() -> None:
    props = one("Microsoft.KeyVault/vaults")["properties"]
    assert props["enableRbacAuthorization"] is True
    assert props["enableSoftDelete"] is True
    assert props["enablePurgeProtection"] is True
    assert props["networkAcls"]["defaultAction"] == "Deny"
    assert props["networkAcls"]["bypass"] == "AzureServices"
    assert "accessPolicies" not in props


def test_app_insights_takes_entra_ingestion_only() -> None:
    props = one("Microsoft.Insights/components")["properties"]
    assert {k.lower(): v for k, v in props.items()}["disablelocalauth"] is True
    assert props["WorkspaceResourceId"]


def test_host_reaches_storage_with_the_identity_not_a_key() -> None:
    settings = app_settings()
    assert "AzureWebJobsStorage" not in settings
    assert settings["AzureWebJobsStorage__credential"] == "managedidentity"
    assert settings["AzureWebJobsStorage__clientId"] == "identityClientId"
    assert settings["AZURE_CLIENT_ID"] == "identityClientId"
    assert settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] == ("ClientId=${identityClientId};Authorization=AAD")
    assert "FUNCTIONS_WORKER_RUNTIME" not in settings, "Flex Consumption rejects it"


# ---- role assignments ---------------------------------------------------------------------------

BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"
BROAD_ROLES = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",  # Owner
    "b24988ac-6180-42a0-ab88-20f7382dd24c",  # Contributor
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",  # User Access Administrator
    "00482a5a-887f-4fb3-b363-3b7fe8e74483",  # Key Vault Administrator
}


def test_identity_gets_only_narrow_data_roles_on_single_resources() -> None:
    rbac = module("rbac")
    roles = rbac["variables"]["roles"]["value"]
    assert set(roles.values()) == {BLOB_DATA_OWNER, KV_SECRETS_USER, METRICS_PUBLISHER}
    assert not set(roles.values()) & BROAD_ROLES
    scopes = {}
    for _, name, resource in of_type("Microsoft.Authorization/roleAssignments"):
        config = body(resource)
        role = config["properties"]["roleDefinitionId"]["function"]["parameters"]["resource_name_1"]
        role_key = role["operator"]["operands"]["operand_2"]
        scopes[roles[role_key]] = config["scope"]
        assert config["properties"]["principalType"] == "ServicePrincipal", name
    existing = rbac["resources"]
    assert existing[scopes[BLOB_DATA_OWNER]]["type"] == "Microsoft.Storage/storageAccounts"
    assert existing[scopes[KV_SECRETS_USER]]["type"] == "Microsoft.KeyVault/vaults"
    assert existing[scopes[METRICS_PUBLISHER]]["type"] == "Microsoft.Insights/components"
