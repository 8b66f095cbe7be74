"""Invariants of infra/ on every Bicep change: every template parses, and everything runs in
West Europe (docs/deploy.md, "What gets deployed, and why so")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bicep import (
    INFRA,
    bicep_files,
    body,
    decorator,
    main,
    of_type,
    parse,
    resources,
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
