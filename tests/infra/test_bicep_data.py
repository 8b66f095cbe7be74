"""Invariants of infra/ on every Bicep change: Azure SQL and Blob storage take Entra only, are
encrypted, audited, private and kept in the region; backups are immutable, exports expire."""

from __future__ import annotations

import re

from tests.support.bicep import (
    body,
    decorator,
    main,
    module,
    of_type,
    one,
    sources,
    strip_comments,
)

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
