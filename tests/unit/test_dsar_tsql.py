"""Every statement the dsar area builds renders on SQL Server, and so do its tables."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateTable

import shared.tables  # noqa: F401 - both metadata objects complete
from shared.datamap import DATA_MAP
from shared.dsar import queries as q
from shared.dsar.tables import dsar_requests

AT = datetime(2026, 1, 1, tzinfo=UTC)
RID = "00000000-0000-0000-0000-000000000001"

STATEMENTS = {
    "by_id": q.by_id(RID),
    "open_duplicate": q.open_duplicate("a@b.nl", "access", 1),
    "open_duplicate_own": q.open_duplicate("a@b.nl", "access", None),
    "listing": q.listing(client_id=1, email="a@b.nl", statuses=["received"], kind="access", limit=50),
    "set_fields": q.set_fields(RID, {"status": "completed", "updated_at": AT}, expected_status="in_progress"),
    "new_request": q.new_request({"id": RID, "type": "access", "status": "received"}),
    "history": q.history(RID),
    "client_exists": q.client_exists(1),
    "debtor_clients": q.debtor_clients("a@b.nl"),
    "dossier_owner": q.dossier_owner("A-1"),
    "open_rows": q.open_rows(DATA_MAP["dossiers"], [1, 2]),
    "root_clients": q.root_clients("debtors", [1]),
    "root_clients_clients": q.root_clients("clients", [1]),
    "rectify": q.rectify("debtors", [1], {"postcode": "1234 AB"}),
    "restriction_kinds": q.restriction_kinds("debtors", [1]),
    "watched": q.watched(),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_compiles_for_sql_server(name):
    sql = str(STATEMENTS[name].compile(dialect=mssql.dialect()))
    assert sql.strip()
    assert "LIMIT" not in sql.upper().split()  # T-SQL has TOP / OFFSET FETCH, not LIMIT


@pytest.mark.parametrize("tbl", [dsar_requests])
def test_tables_compile_for_sql_server(tbl):
    ddl = str(CreateTable(tbl).compile(dialect=mssql.dialect()))
    assert "CREATE TABLE" in ddl
