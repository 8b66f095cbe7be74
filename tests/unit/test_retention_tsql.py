"""Every statement the retention area builds renders in SQL Server's dialect (T-SQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.dialects import mssql

from shared.holds import HoldScope
from shared.retention.policies import DEFAULT_POLICIES
from shared.retention.service import ledger_counts_query
from shared.retention.targets import (
    TARGETS,
    anonymised_ids_query,
    any_restriction_query,
    child_ids_query,
    due_ids_query,
    held_ids_query,
)

TODAY = date(2026, 11, 24)
SCOPE = HoldScope(frozenset({"a@b.nl"}), frozenset({3}), frozenset({("c@d.nl", 4)}))


def tsql(stmt, literal: bool = False) -> str:
    kwargs = {"compile_kwargs": {"literal_binds": True}} if literal else {}
    return str(stmt.compile(dialect=mssql.dialect(), **kwargs))


@pytest.mark.parametrize(("pid", "target"), [(pid, t) for pid, ts in TARGETS.items() for t in ts],
                         ids=lambda v: v if isinstance(v, str) else v.table)
def test_due_pages_use_top_and_keyset(pid, target):
    sql = tsql(due_ids_query(target, DEFAULT_POLICIES[pid], TODAY, 0, 5000))
    assert sql.startswith("SELECT TOP ")
    assert f"{target.table}.id >" in sql and "ORDER BY" in sql
    assert "LIMIT" not in sql


@pytest.mark.parametrize("name", ["dossiers", "letters", "client_invoices", "client_user_logins", "clients",
                                  "prospects", "staff_logins", "debtors", "payments"])
def test_hold_lookups_render(name):
    sql = tsql(held_ids_query(name, [1, 2, 3], SCOPE))
    assert sql.startswith("SELECT")
    assert "IN (__[POSTCOMPILE" in sql


def test_child_ledger_and_run_queries_render():
    for targets in TARGETS.values():
        for target in targets:
            for child in target.children:
                assert "IN (" in tsql(child_ids_query(child, [1, 2]))
    assert "pseudo-" in tsql(anonymised_ids_query("staff", [1, 2]), literal=True)
    assert "GROUP BY" in tsql(ledger_counts_query("run-1"))
    assert tsql(any_restriction_query("dossiers")).startswith("SELECT TOP ")
