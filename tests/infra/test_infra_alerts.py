"""infra/alerts.json, the alert rules in infra/modules/alerts.bicep and docs/runbooks/ stay in
step with shared/alerts.py, the one source of truth for alert events and severities."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

from pycep import BicepParser

from shared.alerts import FUNCTION_RUN_FAILED_RUNBOOK, Alert

ROOT = Path(__file__).resolve().parents[2]

ALERTS_JSON = ROOT / "infra" / "alerts.json"
ALERTS_BICEP = ROOT / "infra" / "modules" / "alerts.bicep"
RUNBOOKS = ROOT / "docs" / "runbooks"


def alerts_bicep() -> dict[str, Any]:
    return cast(dict[str, Any], BicepParser().parse(file_path=ALERTS_BICEP))


def alerts_json() -> list[dict[str, Any]]:
    return json.loads(ALERTS_JSON.read_text(encoding="utf-8"))


def runbook_name(event_name: str) -> str:
    """Privacy.BreachDeadlineOverdue -> breach-deadline-overdue"""
    local = event_name.split(".", 1)[1]
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


def all_runbooks() -> list[str]:
    return [e["runbook"] for e in alerts_json()] + [FUNCTION_RUN_FAILED_RUNBOOK]


def test_alerts_json_equals_the_alert_enum() -> None:
    expected = [
        {
            "name": alert.event_name,
            "severity": alert.severity,
            "summary": alert.value.summary,
            "runbook": runbook_name(alert.event_name),
        }
        for alert in Alert
    ]
    assert alerts_json() == expected


def test_severities_are_azure_monitor_levels() -> None:
    assert {e["severity"] for e in alerts_json()} <= {0, 1, 2, 3, 4}


def test_every_alert_has_a_runbook() -> None:
    missing = [name for name in all_runbooks() if not (RUNBOOKS / f"{name}.md").is_file()]
    assert not missing, f"no runbook for {missing}"


def test_runbook_index_links_every_runbook() -> None:
    index = (RUNBOOKS / "README.md").read_text(encoding="utf-8")
    for name in all_runbooks():
        assert f"({name}.md)" in index, name


def test_no_orphan_runbooks() -> None:
    files = {p.stem for p in RUNBOOKS.glob("*.md")} - {"README"}
    assert files == set(all_runbooks())


def test_each_runbook_names_its_event_and_has_the_sections() -> None:
    for entry in alerts_json():
        text = (RUNBOOKS / f"{entry['runbook']}.md").read_text(encoding="utf-8")
        assert entry["name"] in text, entry["runbook"]
        for heading in ("## What it means", "## First steps", "## Resolved when", "## Who to inform"):
            assert heading in text, f"{entry['runbook']}: {heading}"


def test_breach_runbooks_point_to_the_dpo_and_the_72_hour_deadline() -> None:
    for entry in alerts_json():
        if "Breach" in entry["name"]:
            text = (RUNBOOKS / f"{entry['runbook']}.md").read_text(encoding="utf-8")
            assert "FG" in text and "DPO" in text, entry["runbook"]
            assert "72" in text and "AP" in text, entry["runbook"]


def test_alert_rules_are_generated_from_alerts_json() -> None:
    doc = alerts_bicep()
    loaded = doc["variables"]["events"]["value"]["function"]
    assert loaded["type"] == "load_json_content"
    assert (ALERTS_BICEP.parent / loaded["parameters"]["file_path"]).resolve() == ALERTS_JSON
    rules = doc["resources"]["eventRules"]
    assert rules["type"] == "Microsoft.Insights/scheduledQueryRules"
    loop = rules["config"]
    assert loop["loop_type"]["detail"] == {"item_name": "e", "array_name": "events"}
    rule = loop["config"]
    (criterion,) = rule["properties"]["criteria"]["allOf"]
    assert criterion["query"] == 'customEvents | where name == "${e.name}"'
    assert rule["properties"]["severity"]["operator"]["operands"] == {"operand_1": "e", "operand_2": "severity"}
    assert "${e.runbook}.md" in rule["properties"]["description"]
    assert rule["properties"]["actions"]["actionGroups"]


def test_failed_function_runs_have_their_own_rule_and_runbook() -> None:
    doc = alerts_bicep()
    assert doc["variables"]["functionRunFailedRunbook"]["value"] == FUNCTION_RUN_FAILED_RUNBOOK
    rule = doc["resources"]["functionRunFailed"]["config"]["properties"]
    (criterion,) = rule["criteria"]["allOf"]
    assert criterion["query"].startswith("requests | where success == false")
    assert "${functionRunFailedRunbook}.md" in rule["description"]


def test_action_group_takes_email_sms_and_webhook_receivers_from_parameters() -> None:
    doc = alerts_bicep()
    props = doc["resources"]["actionGroup"]["config"]["properties"]
    for key, param in (("emailReceivers", "emails"), ("smsReceivers", "sms"), ("webhookReceivers", "webhooks")):
        assert props[key]["loop_type"]["detail"]["array_name"] == param
        assert doc["parameters"][param]["type"] == "array"
