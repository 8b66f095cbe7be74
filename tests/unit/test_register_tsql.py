"""Every statement and table of the register renders for SQL Server (Azure SQL)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateTable

from shared.audit import Actor
from shared.register import queries as q
from shared.register.tables import register_activities, register_processors, register_versions

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = Actor("oid-1", "Privacy.Officer")
DOC = {"name": "x", "risk": {"reviewed_at": None}}


def sql(stmt) -> str:
    return str(stmt.compile(dialect=mssql.dialect()))


@pytest.mark.parametrize("table", [register_activities, register_processors, register_versions])
def test_tables_render(table):
    ddl = str(CreateTable(table).compile(dialect=mssql.dialect()))
    assert f"CREATE TABLE {table.name}" in ddl
    assert "JSON" not in ddl.upper().replace("JSONDOC", "")  # SQL Server has no JSON type: NVARCHAR(max)


@pytest.mark.parametrize("kind", ["activity", "processor"])
def test_statements_render(kind):
    assert "SELECT" in sql(q.all_rows(kind))
    assert "WHERE" in sql(q.one_row(kind, "x"))
    assert "SELECT" in sql(q.ids(kind))
    assert "INSERT INTO" in sql(q.insert_row(kind, "x", DOC, NOW, ACTOR))
    update = sql(q.update_row(kind, "x", 3, DOC, NOW, ACTOR))
    assert "UPDATE" in update and "version =" in update
    assert "INSERT INTO register_versions" in sql(q.insert_version(kind, "x", 2, "update", NOW, ACTOR, DOC, DOC))
    assert "ORDER BY" in sql(q.versions(kind, "x"))


def test_platform_clients_renders():
    assert "FROM clients ORDER BY clients.id" in sql(q.platform_clients())
