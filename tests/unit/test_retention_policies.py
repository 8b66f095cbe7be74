"""The retention policies as data: one per policy id of the data map, with their legal floors."""

from __future__ import annotations

from shared.datamap.platform_map import DATA_MAP
from shared.retention.policies import DEFAULT_POLICIES, SWEEP_ORDER, Action, validate_change
from shared.retention.targets import TARGETS


def test_every_retention_id_of_the_data_map_has_a_policy_and_no_more():
    assert set(DEFAULT_POLICIES) == DATA_MAP.retention_policies()
    assert set(SWEEP_ORDER) == set(DEFAULT_POLICIES) == set(TARGETS)
    assert len(SWEEP_ORDER) == len(set(SWEEP_ORDER))


def test_the_sweep_touches_only_tables_the_data_map_ties_to_the_policy():
    for pid, targets in TARGETS.items():
        for target in targets:
            assert pid in DATA_MAP[target.table].retention, (pid, target.table)


def test_children_of_a_target_are_the_tables_below_it_in_the_map_or_by_client():
    for pid, targets in TARGETS.items():
        for target in targets:
            seen = {target.table}
            for child in target.children:
                assert child.parent in seen, (pid, child)  # parents are listed before their children
                seen.add(child.table)


def test_payments_stay_under_the_fiscal_policy_not_with_their_file():
    file_tables = {c.table for t in TARGETS["collection_file_closed"] + TARGETS["open_claim"] for c in t.children}
    assert "payments" not in file_tables


def test_fiscal_records_cannot_be_shortened_below_seven_years():
    fiscal = DEFAULT_POLICIES["fiscal_7y"]
    assert validate_change(fiscal, 83, None)[0]["field"] == "period_months"
    assert validate_change(fiscal, 96, None) == []


def test_closed_consumer_files_have_the_two_year_floor():
    closed = DEFAULT_POLICIES["collection_file_closed"]
    assert closed.period_months == 60
    assert validate_change(closed, 23, None) != []
    assert validate_change(closed, 24, None) == []


def test_active_clients_have_no_period_to_change():
    active = DEFAULT_POLICIES["active_client"]
    assert active.period_months is None
    assert validate_change(active, 12, None)[0]["field"] == "period_months"
    assert validate_change(active, None, Action.PSEUDONYMISE)[0]["field"] == "action"


def test_defaults_follow_the_documented_choices():
    months = {pid: p.period_months for pid, p in DEFAULT_POLICIES.items()}
    assert months == {"active_client": None, "ex_client_liability": 60, "fiscal_7y": 84, "account_logs": 12,
                      "debtor_without_files": 3, "collection_file_closed": 60, "open_claim": 60,
                      "prospect_consent": 0, "staff_records": 24}
    assert all(p.enabled and p.action is Action.DELETE for p in DEFAULT_POLICIES.values())
