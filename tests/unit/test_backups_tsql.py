"""Every statement the backups area builds renders as T-SQL (Azure SQL cannot run here)."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateTable

from shared.backups import replay
from shared.backups.catalog import last_checks_query
from shared.backups.dump import ISOLATION, metadatas, table_query
from shared.backups.restore import has_rows_query
from shared.backups.tables import backup_checks
from shared.platform.schema import debtors

DIALECT = mssql.dialect(deprecate_large_types=True)

STATEMENTS = {
    "dump_debtors": table_query(debtors),
    "has_rows": has_rows_query(debtors),
    "last_checks": last_checks_query(["20261124T020000Z-abcdef"]),
    "ledger_page": replay.ledger_page_query(10),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_renders_for_sql_server(name):
    sql = str(STATEMENTS[name].compile(dialect=DIALECT))
    assert sql.strip()


def test_has_rows_is_a_top_1_probe():
    sql = str(has_rows_query(debtors).compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))
    assert sql.startswith("SELECT TOP 1 1")


def test_every_table_dumped_has_a_primary_key_order_and_renders():
    for md in metadatas().values():
        for t in md.sorted_tables:
            assert t.primary_key.columns, t.name
            assert "ORDER BY" in str(table_query(t).compile(dialect=DIALECT))


def test_backup_checks_table_renders():
    assert "CREATE TABLE backup_checks" in str(CreateTable(backup_checks).compile(dialect=DIALECT))


def test_sql_server_reads_under_snapshot_isolation():
    assert ISOLATION["mssql"] == "SNAPSHOT" and "SNAPSHOT" in mssql.base.MSDialect._isolation_lookup
