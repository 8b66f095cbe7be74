"""Both schemas render as T-SQL (Azure SQL), and so do the data-map queries."""

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateIndex, CreateTable

import shared.tables  # noqa: F401
from shared.datamap import DATA_MAP
from shared.datamap.discovery import child_query, client_rows_query, root_query
from shared.db.metadata import platform_metadata, store_metadata

ALL_TABLES = [*store_metadata.sorted_tables, *platform_metadata.sorted_tables]


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_every_table_and_index_renders_for_sql_server(table):
    ddl = str(CreateTable(table).compile(dialect=mssql.dialect()))
    assert ddl.startswith("\nCREATE TABLE") and table.name in ddl
    for index in table.indexes:
        assert "CREATE" in str(CreateIndex(index).compile(dialect=mssql.dialect()))


def test_json_documents_are_nvarchar_max_on_sql_server():
    from shared.audit import audit_events

    ddl = str(CreateTable(audit_events).compile(dialect=mssql.dialect()))
    assert "details VARCHAR(max)" in ddl or "details NVARCHAR(max)" in ddl


@pytest.mark.parametrize("tm", DATA_MAP.tables, ids=lambda t: t.table)
def test_data_map_queries_render_for_sql_server(tm):
    dialect = mssql.dialect()
    if tm.identity_keys:
        assert "WHERE" in str(root_query(tm, "a@b.nl").compile(dialect=dialect))
    if tm.parent:
        assert " IN " in str(child_query(tm, [1, 2]).compile(dialect=dialect))
    if tm.client_path is not None:
        sql = str(client_rows_query(tm, 7, 0, 500).compile(dialect=dialect))
        assert "TOP" in sql and "ORDER BY" in sql


def test_key_filters_select_exactly_the_keys_as_ranges_or_in_lists():
    from shared.datamap.discovery import table as platform_table
    from shared.datamap.erasure import MAX_RANGES, id_ranges, key_filters

    assert id_ranges([7, 1, 2, 3, 3]) == [(1, 3), (7, 7)]
    t = platform_table("staff_logins")
    runs = str(key_filters(t, [1, 2, 3, 7])[0].compile(dialect=mssql.dialect()))
    assert "BETWEEN" in runs
    scattered = list(range(0, 4 * (MAX_RANGES + 1), 2))
    filters = key_filters(t, scattered)
    assert all(" IN " in str(f.compile(dialect=mssql.dialect())) for f in filters)
