"""Invariants of infra/ on every Bicep change: the function app (Flex Consumption, HTTPS only), its
settings (the configuration contract, confidential backup parameters) and the azd wiring."""

from __future__ import annotations

import json
import re

from tests.support.bicep import (
    INFRA,
    ROOT,
    app_settings,
    body,
    main,
    of_type,
    one,
)

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


# ---- azd wiring ---------------------------------------------------------------------------------


def test_parameters_file_matches_the_main_template() -> None:
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
