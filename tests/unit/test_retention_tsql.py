"""Every statement the retention area builds renders in SQL Server's dialect (T-SQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import mssql

from shared.datamap.discovery import table
from shared.datamap.erasure import already_anonymised
from shared.datamap.platform_map import DATA_MAP
from shared.holds import HoldScope
from shared.retention.policies import DEFAULT_POLICIES
from shared.retention.service import ledger_counts_query
from shared.retention.targets import (
    TARGETS,
    any_restriction_query,
    child_rows_query,
    due_ids_query,
    held_clause,
    restricted_in_range_query,
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
    sql = tsql(select(table(name).c.id).where(table(name).c.id > 0, held_clause(name, SCOPE)))
    assert sql.startswith("SELECT")
    assert "IN (__[POSTCOMPILE" in sql


def test_child_ledger_and_run_queries_render():
    for targets in TARGETS.values():
        for target in targets:
            for child in target.children:
                parent = table(child.parent)
                rows = table(child.table).c[child.column].in_(select(parent.c.id).where(parent.c.id > 0))
                assert "IN (SELECT" in tsql(child_rows_query(child, rows))
    assert "pseudo-" in tsql(select(table("staff").c.id).where(already_anonymised(DATA_MAP["staff"])), literal=True)
    assert "row_id >" in tsql(restricted_in_range_query("dossiers", 0, 10))
    assert "GROUP BY" in tsql(ledger_counts_query("run-1"))
    assert tsql(any_restriction_query("dossiers")).startswith("SELECT TOP ")
