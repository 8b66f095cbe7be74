"""Every statement the exits area builds renders on SQL Server, and so do its tables; the open-exit
index is a filtered unique index there (SQL Server's unique index admits one NULL only)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateIndex, CreateTable

import shared.tables  # noqa: F401 - both metadata objects complete
from shared.exits import queries as q
from shared.exits.destruction import ledger_batch
from shared.exits.status import ExitStatus
from shared.exits.tables import exits, viewer_accounts

XID = "00000000-0000-0000-0000-000000000001"
AT = datetime(2026, 3, 11, 3, tzinfo=UTC)

STATEMENTS = {
    "exit_by_id": q.exit_by_id(XID),
    "open_exit_of": q.open_exit_of(1),
    "insert_exit": q.insert_exit({"id": XID, "client_id": 1, "choice": "delete"}),
    "update_exit": q.update_exit(XID, status="destroyed"),
    "update_exit_if": q.update_exit_if(XID, ExitStatus.NOTICE_GIVEN, status="cancelled", open_client_id=None),
    "exits_to_watch": q.exits_to_watch(),
    "client_row": q.client_row(1),
    "end_client": q.end_client(1, date(2026, 3, 11), read_only=True),
    "revoke_write": q.revoke_write(1),
    "invoice_by_number": q.invoice_by_number("VA20260311-1"),
    "insert_invoice": q.insert_invoice(1, "VA20260311-1", date(2026, 3, 11), "Inkijkaccount",
                                       Decimal("150.00"), Decimal("31.50")),
    "viewer_of": q.viewer_of(1),
    "viewer_list": q.viewer_list(),
    "active_viewers": q.active_viewers(),
    "insert_viewer": q.insert_viewer({"id": XID, "client_id": 1}),
    "update_viewer": q.update_viewer(XID, status="lapsed"),
    "ledger_batch": ledger_batch(XID, "debtors"),
    "invoices_by_numbers": q.invoices_by_numbers(["VA20260311-1", "VA20270311-1"]),
    "document_files": q.document_files([1, 2]),
    "closed_exports": q.closed_exports(),
    "set_export_first": q.set_export(XID, None, export_blob="1/x/e.zip"),
    "set_export_again": q.set_export(XID, "1/x/e.zip", export_blob="1/x/f.zip"),
    "forget_export": q.forget_export(XID, "1/x/e.zip"),
    "mark_renewal_warned": q.mark_renewal_warned(XID, date(2027, 3, 10), AT),
    "roll_over_viewer": q.roll_over_viewer(XID, date(2027, 3, 10), date(2027, 3, 11), date(2028, 3, 10), AT),
    "mark_reminder_sent": q.mark_reminder_sent(XID, AT),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_compiles_for_sql_server(name):
    sql = str(STATEMENTS[name].compile(dialect=mssql.dialect()))
    assert sql.strip()
    assert "LIMIT" not in sql.upper().split()


@pytest.mark.parametrize("tbl", [exits, viewer_accounts], ids=lambda t: t.name)
def test_tables_compile_for_sql_server(tbl):
    assert "CREATE TABLE" in str(CreateTable(tbl).compile(dialect=mssql.dialect()))


def test_one_open_exit_per_client_is_a_filtered_unique_index_on_sql_server():
    index = next(i for i in exits.indexes if i.name == "uq_exits_open_client_id")
    ddl = str(CreateIndex(index).compile(dialect=mssql.dialect()))
    assert "CREATE UNIQUE" in ddl and "WHERE open_client_id IS NOT NULL" in ddl
