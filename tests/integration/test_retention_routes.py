"""The retention routes as the DPO and on-call use them: policies (versioned), the preview, runs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.retention.tables import retention_policy_settings, retention_policy_versions
from tests.support.retention_world import GONE, NOW, fill_world, present, snapshot, sweep

OFFICER, STAFF, OPS, CLIENT = "Privacy.Officer", "Privacy.Staff", "Ops.Engineer", "Client.Admin"


def audit_actions(deps, action: str) -> list:
    with deps.store.connect() as conn:
        return list(conn.execute(select(audit_events).where(audit_events.c.action == action)))


def stored_changes(deps) -> tuple[int, int]:
    with deps.store.connect() as conn:
        return (conn.execute(select(func.count()).select_from(retention_policy_settings)).scalar_one(),
                conn.execute(select(func.count()).select_from(retention_policy_versions)).scalar_one())


@pytest.fixture
def world(blob_deps, clock):
    clock.set(NOW)
    return fill_world(blob_deps)


# --- Policies ---------------------------------------------------------------------------------


def test_the_officer_sees_one_policy_per_retention_id_of_the_data_map_and_the_suites_own(client):
    resp = client.get("retention/policies", role=STAFF)
    assert resp.status == 200
    policies = {p["id"]: p for p in resp.json()["items"]}
    assert set(policies) == {"active_client", "ex_client_liability", "fiscal_7y", "account_logs",
                             "debtor_without_files", "collection_file_closed", "open_claim", "prospect_consent",
                             "staff_records", "dsar_records", "letters_outbox", "access_packages"}
    own = {pid for pid, p in policies.items() if p["suite_records"]}
    assert own == {"dsar_records", "letters_outbox", "access_packages"}
    assert policies["access_packages"]["period_days"] == 30 and policies["access_packages"]["tables"] == []
    assert policies["dsar_records"]["period_months"] == 60
    assert "30 dagen" in policies["letters_outbox"]["statement_nl"]
    fiscal = policies["fiscal_7y"]
    assert fiscal["period_months"] == 84 and fiscal["min_period_months"] == 84 and fiscal["action"] == "delete"
    assert fiscal["tables"] == ["client_invoices", "payments"]
    assert policies["active_client"]["period_months"] is None and policies["active_client"]["sweeps"] == []
    assert "payments" not in policies["collection_file_closed"]["sweeps"]


def test_a_policy_change_is_versioned_and_audited(client, deps):
    first = client.put("retention/policies/account_logs", {"period_months": 18, "reason": "onderzoek"}, role=OFFICER)
    assert first.status == 200, first.body
    second = client.put("retention/policies/account_logs", {"enabled": False}, role=OFFICER)

    body = second.json()
    assert body["version"] == 3 and body["period_months"] == 18 and body["enabled"] is False
    assert [(v["version"], v["before"], v["after"]) for v in body["versions"]] == [
        (2, {"period_months": 12, "action": "delete", "enabled": True},
         {"period_months": 18, "action": "delete", "enabled": True}),
        (3, {"period_months": 18, "action": "delete", "enabled": True},
         {"period_months": 18, "action": "delete", "enabled": False}),
    ]
    listed = {p["id"]: p for p in client.get("retention/policies", role=OFFICER).json()["items"]}
    assert listed["account_logs"]["version"] == 3 and listed["account_logs"]["enabled"] is False
    events = audit_actions(deps, "retention.policy_changed")
    assert [e.object_id for e in events] == ["account_logs", "account_logs"]
    assert events[0].details["after"]["period_months"] == 18


def test_a_changed_period_is_what_the_sweep_applies(client, deps, world):
    client.put("retention/policies/account_logs", {"period_months": 24}, role=OFFICER)
    client.put("retention/policies/staff_records", {"enabled": False}, role=OFFICER)

    run = sweep(deps)

    left = present(deps, world)
    assert "login_due" in left and "staff_login_due" not in left  # 2024 login: past 24 months still
    assert run["evidence"]["policies"]["account_logs"]["period_months"] == 24
    assert run["evidence"]["policies"]["staff_records"]["enabled"] is False
    assert run["evidence"]["policies"]["staff_records"]["anonymised"] == {}


def test_pseudonymise_keeps_the_rows(client, deps, world):
    client.put("retention/policies/prospect_consent", {"action": "pseudonymise"}, role=OFFICER)

    first = sweep(deps)
    again = sweep(deps)

    assert {"p_expired", "p_withdrawn", "p_none"} <= present(deps, world)
    assert first["evidence"]["policies"]["prospect_consent"]["anonymised"] == {"prospects": 3}
    assert again["evidence"]["policies"]["prospect_consent"]["anonymised"] == {}


def test_bad_policy_changes_are_refused_and_change_nothing(client, deps):
    cases = [
        ("fiscal_7y", {"period_months": 60}, 422, "period_months"),  # below the AWR floor
        ("fiscal_7y", {"period_months": 90}, 422, "period_months"),  # not whole years
        ("collection_file_closed", {"period_months": 12}, 422, "period_months"),  # below the Bki 2 years
        ("active_client", {"period_months": 12}, 422, "period_months"),
        ("account_logs", {}, 422, None),
        ("account_logs", {"period_months": -1}, 422, "period_months"),
        ("account_logs", {"action": "shred"}, 422, "action"),
        ("account_logs", {"period_months": 12, "colour": "red"}, 422, "colour"),
        ("no_such_policy", {"period_months": 12}, 404, None),
    ]
    for pid, body, status, field in cases:
        resp = client.put(f"retention/policies/{pid}", body, role=OFFICER)
        assert resp.status == status, (pid, body, resp.body)
        assert resp.header("Content-Type").startswith("application/problem+json")
        problem = resp.json()
        assert problem["status"] == status and problem["detail"]
        if field:
            assert field in {e["field"] for e in problem["errors"]}, problem
    assert client.put("retention/policies/account_logs", {"period_months": 1}, role=STAFF).status == 403
    assert stored_changes(deps) == (0, 0)
    assert audit_actions(deps, "retention.policy_changed") == []


# --- Preview ----------------------------------------------------------------------------------


def test_the_preview_changes_nothing_and_the_sweep_erases_what_it_showed(client, deps, world):
    before = snapshot(deps)
    resp = client.get("retention/preview", role=OPS)
    assert resp.status == 200
    preview = {p["id"]: p for p in resp.json()["policies"]}
    assert snapshot(deps) == before

    run = sweep(deps)

    policies = run["evidence"]["policies"]
    for pid, shown in preview.items():
        done = policies[pid]
        erased = {t: done["deleted"].get(t, 0) + done["anonymised"].get(t, 0)
                  for t in set(done["deleted"]) | set(done["anonymised"])}
        if pid == "debtor_without_files":
            # The preview reads today's data: the debtor whose only file this sweep deletes is extra.
            assert shown["due"] == {"debtors": 1} and erased == {"debtors": 2}
        else:
            assert shown["due"] == erased, pid
    assert preview["collection_file_closed"]["held"] == {"dossiers": 2}
    assert preview["collection_file_closed"]["restricted"] == {"dossiers": 1}
    assert preview["active_client"]["total_due"] == 0
    assert len(audit_actions(deps, "retention.previewed")) == 1


def test_the_preview_is_not_for_clients(client):
    resp = client.get("retention/preview", role=CLIENT, client_id=3)
    assert resp.status == 403
    assert resp.json()["status"] == 403


# --- Runs -------------------------------------------------------------------------------------


def test_runs_list_and_detail_show_counts_per_policy(client, deps, world):
    run = sweep(deps)
    resp = client.get("retention/runs", role=OPS)
    assert resp.status == 200
    runs = resp.json()["items"]
    assert [r["id"] for r in runs] == [run["id"]]
    assert runs[0]["status"] == "succeeded" and runs[0]["totals"]["deleted"] == len(GONE)

    detail = client.get(f"retention/runs/{run['id']}", role=OFFICER).json()
    assert detail["evidence"]["policies"]["fiscal_7y"]["deleted"] == {"client_invoices": 1, "payments": 1}
    ledger = {(x["rule"], x["table"], x["action"]): x["rows"] for x in detail["ledger"]}
    assert ledger[("fiscal_7y", "payments", "delete")] == 1
    assert ledger[("collection_file_closed", "dossiers", "anonymise")] == 1
    assert sum(x["rows"] for x in detail["ledger"] if x["action"] == "delete") == len(GONE)
    assert "@" not in resp.body.decode() + str(detail)


def test_run_routes_refuse_bad_input(client):
    missing = client.get("retention/runs/00000000-0000-0000-0000-000000000000", role=OFFICER)
    assert missing.status == 404 and missing.json()["title"] == "Not found"
    bad = client.get("retention/runs", role=OFFICER, params={"limit": "0"})
    assert bad.status == 422 and bad.json()["errors"][0]["field"] == "limit"
    assert client.get("retention/runs", role=CLIENT, client_id=1).status == 403
