"""Every table and statement of the breaches area renders as T-SQL (Azure SQL cannot run here)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateIndex, CreateTable

from shared.breaches import queries as q
from shared.breaches import tables
from shared.breaches.status import BREACH_GROUPS

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
# As on Azure SQL: the dialect detects a modern server on connect and then renders
# NVARCHAR(max) instead of the deprecated NTEXT; here it is told so.
DIALECT = mssql.dialect(deprecate_large_types=True)

STATEMENTS = {
    "clients_by_id": q.clients_by_id([1, 2]),
    "insert_breach": q.insert_breach({"id": "b", "status": "reported", "summary": "s", "became_aware_at": NOW,
                                      "authority_due_at": NOW, "nature": [], "data_kinds": [],
                                      "subject_categories": [], "processors": [], "reported_at": NOW,
                                      "reported_by": "o", "reported_by_role": "r"}),
    "insert_breach_clients": q.insert_breach_clients(),
    "breach_by_id": q.breach_by_id("b"),
    "lock_breach": q.lock_breach("b"),
    "update_breach": q.update_breach("b", {"status": "closed", "closed_at": NOW}),
    "list_breaches": q.list_breaches({"reported", "assessed"}, 100),
    "list_all": q.list_breaches(None, 10),
    "all_breaches": q.all_breaches(),
    "clients_of": q.clients_of("b"),
    "clients_of_all": q.clients_of(),
    "assessments_of": q.assessments_of("b"),
    "decisions_of": q.decisions_of(),
    "notifications_of": q.notifications_of("b"),
    "evaluations_of": q.evaluations_of("b"),
    "current_measures_of": q.current_measures_of("b"),
    "last_seq": q.last_seq("notification", "b"),
    "insert_assessment": q.insert_assessment({"id": "a", "breach_id": "b", "seq": 1}),
    "insert_decision": q.insert_decision({"id": "d", "breach_id": "b", "seq": 1}),
    "insert_notification": q.insert_notification({"id": "n", "breach_id": "b", "seq": 1}),
    "supersede_evaluations": q.supersede_evaluations("b", NOW),
    "insert_evaluation": q.insert_evaluation({"id": "e", "breach_id": "b", "seq": 1}),
    "insert_measures": q.insert_measures(),
    "breaches_near_deadline": q.breaches_near_deadline(NOW, BREACH_GROUPS.open),
    "overdue_measures": q.overdue_measures(date(2026, 11, 24)),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_renders_on_sql_server(name):
    sql = str(STATEMENTS[name].compile(dialect=DIALECT))
    assert sql.strip()
    assert "RETURNING" not in sql.upper() and "ON CONFLICT" not in sql.upper()


def test_limit_renders_as_top_or_fetch():
    sql = str(STATEMENTS["list_breaches"].compile(dialect=DIALECT)).upper()
    assert "TOP" in sql or "FETCH" in sql
    assert "LIMIT" not in sql


def test_the_row_lock_is_an_update_of_the_one_row():
    sql = str(STATEMENTS["lock_breach"].compile(dialect=DIALECT)).upper()
    assert sql.startswith("UPDATE BREACHES SET STATUS=BREACHES.STATUS") and "WHERE BREACHES.ID =" in sql


def test_every_breach_table_renders_as_t_sql():
    breach_tables = [t for t in vars(tables).values() if hasattr(t, "c") and hasattr(t, "indexes")]
    assert len(breach_tables) == 7  # the watch marks live in shared/watch_marks.py
    for table in breach_tables:
        ddl = str(CreateTable(table).compile(dialect=DIALECT))
        assert f"CREATE TABLE {table.name}" in ddl
        for index in table.indexes:
            assert str(CreateIndex(index).compile(dialect=DIALECT))
    # Free text is Unicode on SQL Server (Dutch texts), NVARCHAR(max).
    assert "summary NVARCHAR(max) NOT NULL" in str(CreateTable(tables.breaches).compile(dialect=DIALECT))
