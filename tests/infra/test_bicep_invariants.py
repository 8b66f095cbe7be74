"""Invariants of infra/ that a reviewer checks on every change of the Bicep.

The templates are parsed with pycep-parser, so the tests read the declared resources and
their properties, not just strings. Each test names the promise it guards (DOMAIN.md,
"Security promises in the policy"; CONTRACT.md, "Configuration").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from pycep import BicepParser

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"


# ---- helpers -------------------------------------------------------------------------------


def bicep_files() -> list[Path]:
    return sorted(INFRA.rglob("*.bicep"))


@cache
def parse(path: Path) -> dict[str, Any]:
    return cast(dict[str, Any], BicepParser().parse(file_path=path))


def main() -> dict[str, Any]:
    return parse(INFRA / "main.bicep")


def module(name: str) -> dict[str, Any]:
    return parse(INFRA / "modules" / f"{name}.bicep")


def body(block: dict[str, Any]) -> dict[str, Any]:
    """The properties of a resource or module call, looking through `for` loops and `if`."""
    config = block["config"]
    while "config" in config and ("loop_type" in config or "condition" in config):
        config = config["config"]
    return config


def resources() -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """Every resource that infra/ deploys (not `existing` references): (file, name, resource)."""
    for path in bicep_files():
        for name, resource in (parse(path).get("resources") or {}).items():
            if not resource.get("existing"):
                yield path, name, resource


def of_type(type_: str) -> list[tuple[Path, str, dict[str, Any]]]:
    return [r for r in resources() if r[2]["type"].lower() == type_.lower()]


def one(type_: str) -> dict[str, Any]:
    found = of_type(type_)
    assert len(found) == 1, f"expected one {type_}, found {[name for _, name, _ in found]}"
    return body(found[0][2])


def decorator(param: dict[str, Any], kind: str) -> Any:
    for item in param.get("decorators") or []:
        if item["type"] == kind:
            return item["argument"]
    return None


def sources() -> dict[Path, str]:
    """Text of every template, parameter file and hook under infra/."""
    paths = bicep_files() + sorted(INFRA.rglob("*.json")) + sorted((INFRA / "hooks").glob("*"))
    return {p: p.read_text(encoding="utf-8") for p in paths if p.is_file()}


def strip_comments(text: str) -> str:
    return "\n".join(
        line.split("//", 1)[0] if "//" in line and "://" not in line else line for line in text.splitlines()
    )


# ---- the templates parse --------------------------------------------------------------------


@pytest.mark.parametrize("path", bicep_files(), ids=lambda p: str(p.relative_to(INFRA)))
def test_every_template_parses(path: Path) -> None:
    assert parse(path).get("resources") or parse(path).get("modules")


# ---- region ---------------------------------------------------------------------------------


def test_location_parameter_allows_only_west_europe() -> None:
    location = main()["parameters"]["location"]
    assert decorator(location, "allowed") == ["westeurope"]
    assert location["default"] is None, "the region must come from the allowed list, not a default"


def test_every_resource_is_placed_at_the_location_parameter() -> None:
    placed = 0
    for path, name, resource in resources():
        config = body(resource)
        if "location" not in config:
            continue
        if resource["type"] == "Microsoft.Insights/actionGroups":
            # Action groups are a global resource type: Azure accepts only 'global' for them.
            assert config["location"] == "global", f"{path.name}:{name}"
            continue
        assert config["location"] == "location", f"{path.name}:{name} is not at `location`"
        placed += 1
    assert placed >= 10


@pytest.mark.parametrize(
    "type_",
    [
        "Microsoft.Resources/resourceGroups",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.KeyVault/vaults",
        "Microsoft.Sql/servers",
        "Microsoft.Sql/servers/databases",
        "Microsoft.Web/serverfarms",
        "Microsoft.Web/sites",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Insights/components",
        "Microsoft.Insights/scheduledQueryRules",
        "Microsoft.Network/virtualNetworks",
    ],
)
def test_regional_resources_declare_their_location(type_: str) -> None:
    found = of_type(type_)
    assert found, f"no {type_} declared"
    for path, name, resource in found:
        assert body(resource).get("location") == "location", f"{path.name}:{name}"


def test_modules_receive_the_location_and_have_no_default_of_their_own() -> None:
    for path in bicep_files():
        doc = parse(path)
        location = (doc.get("parameters") or {}).get("location")
        if location is not None and path.name != "main.bicep":
            # A default such as resourceGroup().location could drift away from West Europe.
            assert location["default"] is None, path.name
        for name, call in (doc.get("modules") or {}).items():
            params = body(call).get("params") or {}
            if "location" in params:
                assert params["location"] == "location", f"{path.name}: module {name}"


# ---- Azure SQL --------------------------------------------------------------------------------


def test_sql_server_accepts_only_entra_authentication() -> None:
    server = one("Microsoft.Sql/servers")["properties"]
    admin = server["administrators"]
    assert admin["administratorType"] == "ActiveDirectory"
    assert admin["azureADOnlyAuthentication"] is True
    assert admin["principalType"] == "Group"
    assert "administratorLogin" not in server
    assert "administratorLoginPassword" not in server
    only = one("Microsoft.Sql/servers/azureADOnlyAuthentications")
    assert only["properties"]["azureADOnlyAuthentication"] is True
    assert server["minimalTlsVersion"] == "1.2"


def test_sql_databases_encrypt_audit_and_keep_backups_in_region() -> None:
    database = one("Microsoft.Sql/servers/databases")
    assert database["properties"]["requestedBackupStorageRedundancy"] == "backupStorageRedundancy"
    for doc in (main(), module("sql"), module("sqldatabase")):
        params = {n: p for n, p in doc["parameters"].items() if "backupstorageredundancy" in n.lower()}
        assert params, "the backup redundancy parameter is missing"
        for param in params.values():
            allowed = decorator(param, "allowed")
            assert allowed and set(allowed) <= {"Zone", "Local"}, "Geo backup storage must be refused"
            assert param["default"] in (None, *allowed)
    assert one("Microsoft.Sql/servers/databases/transparentDataEncryption")["properties"] == {"state": "Enabled"}
    assert (
        one("Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies")["properties"]["retentionDays"]
        == "pitrDays"
    )
    ltr = one("Microsoft.Sql/servers/databases/backupLongTermRetentionPolicies")["properties"]
    assert {ltr["weeklyRetention"], ltr["monthlyRetention"], ltr["yearlyRetention"]} == {
        "ltrWeekly",
        "ltrMonthly",
        "ltrYearly",
    }
    for type_ in ("Microsoft.Sql/servers/auditingSettings", "Microsoft.Sql/servers/databases/auditingSettings"):
        audit = one(type_)["properties"]
        assert audit["state"] == "Enabled" and audit["isAzureMonitorTargetEnabled"] is True


def test_pitr_window_is_bounded() -> None:
    pitr = main()["parameters"]["sqlPitrDays"]
    assert decorator(pitr, "max_value") <= 35 and decorator(pitr, "min_value") >= 1


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


# ---- storage ----------------------------------------------------------------------------------


def test_storage_is_zone_redundant_and_entra_only() -> None:
    account = one("Microsoft.Storage/storageAccounts")
    assert account["sku"]["name"] == "Standard_ZRS"
    assert account["kind"] == "StorageV2"
    props = account["properties"]
    assert props["allowSharedKeyAccess"] is False
    assert props["allowBlobPublicAccess"] is False
    assert props["minimumTlsVersion"] == "TLS1_2"
    assert props["supportsHttpsTrafficOnly"] is True
    assert props["networkAcls"]["defaultAction"] == "Deny"


def test_nothing_is_geo_replicated() -> None:
    for path, text in sources().items():
        assert not re.search(r"Standard_(RA)?G(Z)?RS", strip_comments(text)), path.name


def test_containers_are_private() -> None:
    containers = {
        body(r)["name"]: body(r) for _, _, r in of_type("Microsoft.Storage/storageAccounts/blobServices/containers")
    }
    assert {"backups", "exports", "documents", "deploymentContainerName"} <= set(containers)
    for container in containers.values():
        assert container["properties"]["publicAccess"] == "None"


def test_backups_container_is_immutable() -> None:
    names = {
        name: body(r)["name"] for _, name, r in of_type("Microsoft.Storage/storageAccounts/blobServices/containers")
    }
    policy = one("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")
    assert names[policy["parent"]] == "backups", "the immutability policy must sit on the backups container"
    assert policy["properties"]["immutabilityPeriodSinceCreationInDays"] == "backupImmutabilityDays"
    assert policy["properties"]["allowProtectedAppendWrites"] is False
    assert decorator(main()["parameters"]["backupImmutabilityDays"], "min_value") >= 1


def test_exports_expire_by_lifecycle_rule() -> None:
    rules = one("Microsoft.Storage/storageAccounts/managementPolicies")["properties"]["policy"]["rules"]
    (rule,) = [r for r in rules if "exports/" in r["definition"]["filters"]["prefixMatch"]]
    assert rule["enabled"] is True
    delete = rule["definition"]["actions"]["baseBlob"]["delete"]
    assert delete["daysAfterCreationGreaterThan"] == "exportRetentionDays"


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


# ---- function app -------------------------------------------------------------------------------


def test_function_app_is_flex_consumption_python_311() -> None:
    plan = one("Microsoft.Web/serverfarms")
    assert plan["sku"] == {"tier": "FlexConsumption", "name": "FC1"}
    site = one("Microsoft.Web/sites")
    assert site["identity"]["type"] == "UserAssigned"
    config = site["properties"]["functionAppConfig"]
    assert config["runtime"] == {"name": "python", "version": "3.11"}
    auth = config["deployment"]["storage"]["authentication"]
    assert auth["type"] == "UserAssignedIdentity"


def test_function_app_is_https_only_tls12_without_ftp_or_basic_auth() -> None:
    props = one("Microsoft.Web/sites")["properties"]
    assert props["httpsOnly"] is True
    site_config = props["siteConfig"]
    assert site_config["minTlsVersion"] == "1.2"
    assert site_config["scmMinTlsVersion"] == "1.2"
    assert site_config["ftpsState"] == "Disabled"
    policies = {
        body(r)["name"]: body(r) for _, _, r in of_type("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
    }
    assert set(policies) == {"ftp", "scm"}
    assert all(p["properties"]["allow"] is False for p in policies.values())


CONTRACT_SETTINGS = {
    "PRIVACY_ENV",
    "PRIVACY_DATABASE_URL",
    "PRIVACY_APP_DATABASE_URL",
    "PRIVACY_STORAGE_CONNECTION",
    "PRIVACY_KEYVAULT_URL",
    "PRIVACY_AUTH_ISSUER",
    "PRIVACY_AUTH_AUDIENCE",
    "PRIVACY_AUTH_JWKS_URL",
    "PRIVACY_AUTH_MFA_CONTEXT",
    "PRIVACY_AUTH_CLIENT_CLAIM",
    "PRIVACY_SCHEDULE_RETENTION_SWEEP",
    "PRIVACY_SCHEDULE_BACKUP_SNAPSHOT",
    "PRIVACY_SCHEDULE_BACKUP_RESTORE_DRILL",
    "PRIVACY_SCHEDULE_EXIT_PROCESSING",
    "PRIVACY_SCHEDULE_DEADLINE_WATCH",
    "PRIVACY_SCHEDULE_AUDIT_CHAIN_VERIFY",
    "PRIVACY_BACKUP_KEEP_DAILY",
    "PRIVACY_BACKUP_KEEP_WEEKLY",
    "PRIVACY_BACKUP_KEEP_MONTHLY",
}


def app_settings() -> dict[str, Any]:
    suite = body(main()["modules"]["api"])["params"]["appSettings"]
    host = module("functionapp")["variables"]["hostSettings"]["value"]
    return {**suite, **host}


def test_app_settings_hold_the_contract_configuration() -> None:
    settings = app_settings()
    missing = CONTRACT_SETTINGS - set(settings)
    assert not missing, f"missing app settings: {sorted(missing)}"
    assert settings["PRIVACY_ENV"] == "azure"
    assert "PRIVACY_NOW" not in settings, "a fixed clock is refused in Azure"
    # The backup schedule is confidential: a parameter per environment, never a literal.
    assert settings["PRIVACY_SCHEDULE_BACKUP_SNAPSHOT"] == "backupSnapshotSchedule"
    assert settings["PRIVACY_SCHEDULE_BACKUP_RESTORE_DRILL"] == "backupRestoreDrillSchedule"
    # So are the backup keep periods and the WORM period (shared/config.py).
    for name in (
        "backupSnapshotSchedule",
        "backupRestoreDrillSchedule",
        "backupKeepDaily",
        "backupKeepWeekly",
        "backupKeepMonthly",
        "backupImmutabilityDays",
    ):
        assert main()["parameters"][name]["default"] is None, f"{name} must have no default"
    for setting, param in (
        ("DAILY", "backupKeepDaily"),
        ("WEEKLY", "backupKeepWeekly"),
        ("MONTHLY", "backupKeepMonthly"),
    ):
        value = settings[f"PRIVACY_BACKUP_KEEP_{setting}"]["function"]
        assert value == {"type": "string", "parameters": {"value_to_convert": param}}


def test_schedule_defaults_are_six_field_cron() -> None:
    for name, param in main()["parameters"].items():
        if name.endswith("Schedule") and param["default"] is not None:
            assert len(param["default"].split()) == 6, name


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


# ---- azd wiring ---------------------------------------------------------------------------------


def test_parameters_file_matches_the_main_template() -> None:
    import json

    values = json.loads((INFRA / "main.parameters.json").read_text(encoding="utf-8"))["parameters"]
    declared = main()["parameters"]
    assert set(values) <= set(declared), f"unknown parameters: {sorted(set(values) - set(declared))}"
    required = {name for name, p in declared.items() if p["default"] is None}
    assert required <= set(values), f"required but not mapped: {sorted(required - set(values))}"
    for name, entry in values.items():
        assert re.fullmatch(r"\$\{[A-Z_]+\}", entry["value"]), f"{name} must come from the azd env"


def test_azure_yaml_deploys_the_function_app_and_the_console_with_the_sql_hook() -> None:
    text = (ROOT / "azure.yaml").read_text(encoding="utf-8")
    services = text.split("services:", 1)[1].split("\nhooks:", 1)[0]
    assert re.search(r"^  api:\n    project: \.\n    language: python\n    host: function\n", services, re.M)
    assert re.search(r"^  console:\n    project: web\n    language: js\n    host: staticwebapp\n    dist: dist\n",
                     services, re.M)
    assert re.findall(r"^  (\w[\w-]*):$", services, re.M) == ["api", "console"], "the API and the console"
    hook = re.search(r"run: \./(infra/hooks/[\w.-]+)", text.split("\nhooks:", 1)[1])
    assert hook, "postprovision hook missing"
    script = (ROOT / hook.group(1)).read_text(encoding="utf-8")
    assert "FROM EXTERNAL PROVIDER" in script
    for role in ("db_datareader", "db_datawriter", "db_ddladmin"):
        assert f"ALTER ROLE {role} ADD MEMBER" in script


def test_the_console_is_a_static_web_app_in_west_europe_linked_to_the_function_app() -> None:
    text = (INFRA / "modules" / "staticwebapp.bicep").read_text(encoding="utf-8")
    assert "@allowed(['westeurope'])\nparam location string" in text
    assert re.search(r"resource \w+ 'Microsoft\.Web/staticSites/linkedBackends@[\d-]+'", text)
    assert "backendResourceId: functionAppId" in text
    assert "stagingEnvironmentPolicy: 'Disabled'" in text
    main_text = (INFRA / "main.bicep").read_text(encoding="utf-8")
    assert "functionAppId: api.outputs.id" in main_text and "'azd-service-name': 'console'" in main_text
