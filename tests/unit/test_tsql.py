"""What reaches Azure SQL renders as T-SQL (Azure SQL cannot run here).

The session-wide check (tests/support/tsql.py) compiles every statement the tests execute. This
file adds what that check cannot see: every statement an area builds, whether a test executes it
or not; both schemas' tables and indexes; and the T-SQL shapes that matter (TOP instead of LIMIT,
filtered unique indexes, NVARCHAR(max), snapshot isolation, keyset pages).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import mssql
from sqlalchemy.schema import CreateIndex, CreateTable

import shared.tables  # noqa: F401 - both metadata objects complete
from shared.audit import Actor
from shared.backups import replay
from shared.backups.catalog import last_checks_query
from shared.backups.dump import ISOLATION, metadatas, table_query
from shared.backups.restore import has_rows_query
from shared.breaches import queries as bq
from shared.breaches import tables as breach_tables
from shared.breaches.status import BREACH_GROUPS
from shared.datamap import DATA_MAP, exit_facts
from shared.datamap.discovery import child_query, children_query, client_rows_query, root_query, table
from shared.datamap.erasure import already_anonymised
from shared.db.metadata import platform_metadata, store_metadata
from shared.dsar import queries as dq
from shared.exits import queries as xq
from shared.exits.destruction import ledger_batch
from shared.exits.status import ExitStatus
from shared.exits.tables import exits
from shared.holds import HoldScope
from shared.platform.schema import debtors
from shared.register import queries as rq
from shared.register.tables import register_activities, register_processors, register_versions
from shared.retention.policies import DEFAULT_POLICIES
from shared.retention.service import ledger_counts_query
from shared.retention.targets import (
    TARGETS,
    child_ids_query,
    due_ids_query,
    held_clause,
    held_root,
    held_roots_query,
    restricted_in_range_query,
    restricted_tables_query,
)

# As on Azure SQL: the dialect detects a modern server on connect and then renders NVARCHAR(max)
# instead of the deprecated NTEXT; here it is told so.
DIALECT = mssql.dialect(deprecate_large_types=True)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
ID = "00000000-0000-0000-0000-000000000001"
ACTOR = Actor("oid-1", "Privacy.Officer")
DOC = {"name": "x", "risk": {"reviewed_at": None}}
SCOPE = HoldScope(frozenset({"a@b.nl"}), frozenset({3}), frozenset({("c@d.nl", 4)}))
ALL_TABLES = [*store_metadata.sorted_tables, *platform_metadata.sorted_tables]


def sql(stmt: Any, literal: bool = False) -> str:
    kwargs = {"compile_kwargs": {"literal_binds": True}} if literal else {}
    return str(stmt.compile(dialect=DIALECT, **kwargs))


STATEMENTS = {
    "backups.dump_debtors": table_query(debtors),
    "backups.has_rows": has_rows_query(debtors),
    "backups.last_checks": last_checks_query(["20261124T020000Z-abcdef"]),
    "backups.ledger_page": replay.ledger_page_query(10),
    "breaches.clients_by_id": bq.clients_by_id([1, 2]),
    "breaches.insert_breach": bq.insert_breach({
        "id": "b", "status": "reported", "summary": "s", "became_aware_at": NOW, "authority_due_at": NOW,
        "nature": [], "data_kinds": [], "subject_categories": [], "processors": [], "reported_at": NOW,
        "reported_by": "o", "reported_by_role": "r"}),
    "breaches.insert_breach_clients": bq.insert_breach_clients(),
    "breaches.breach_by_id": bq.breach_by_id("b"),
    "breaches.lock_breach": bq.lock_breach("b"),
    "breaches.update_breach": bq.update_breach("b", {"status": "closed", "closed_at": NOW}),
    "breaches.list_breaches": bq.list_breaches({"reported", "assessed"}, 100),
    "breaches.list_all": bq.list_breaches(None, 10),
    "breaches.all_breaches": bq.all_breaches(),
    "breaches.clients_of": bq.clients_of("b"),
    "breaches.clients_of_all": bq.clients_of(),
    "breaches.assessments_of": bq.assessments_of("b"),
    "breaches.decisions_of": bq.decisions_of(),
    "breaches.notifications_of": bq.notifications_of("b"),
    "breaches.evaluations_of": bq.evaluations_of("b"),
    "breaches.current_measures_of": bq.current_measures_of("b"),
    "breaches.last_seq": bq.last_seq("notification", "b"),
    "breaches.insert_assessment": bq.insert_assessment({"id": "a", "breach_id": "b", "seq": 1}),
    "breaches.insert_decision": bq.insert_decision({"id": "d", "breach_id": "b", "seq": 1}),
    "breaches.insert_notification": bq.insert_notification({"id": "n", "breach_id": "b", "seq": 1}),
    "breaches.supersede_evaluations": bq.supersede_evaluations("b", NOW),
    "breaches.insert_evaluation": bq.insert_evaluation({"id": "e", "breach_id": "b", "seq": 1}),
    "breaches.insert_measures": bq.insert_measures(),
    "breaches.breaches_near_deadline": bq.breaches_near_deadline(NOW, BREACH_GROUPS.open),
    "breaches.overdue_measures": bq.overdue_measures(TODAY),
    "dsar.by_id": dq.by_id(ID),
    "dsar.open_duplicate": dq.open_duplicate("a@b.nl", "access", 1),
    "dsar.open_duplicate_own": dq.open_duplicate("a@b.nl", "access", None),
    "dsar.listing": dq.listing(client_id=1, email="a@b.nl", statuses=["received"], kind="access"),
    "dsar.set_fields": dq.set_fields(ID, {"status": "completed", "updated_at": NOW}, expected_status="in_progress"),
    "dsar.new_request": dq.new_request({"id": ID, "type": "access", "status": "received"}),
    "dsar.history": dq.history(ID),
    "dsar.client_exists": dq.client_exists(1),
    "dsar.controller_clients": dq.controller_clients("a@b.nl"),
    "dsar.dossier_owner": dq.dossier_owner("A-1"),
    "dsar.open_rows": dq.open_rows(DATA_MAP["dossiers"], [1, 2]),
    "dsar.root_clients": dq.root_clients("debtors", [1]),
    "dsar.root_clients_clients": dq.root_clients("clients", [1]),
    "dsar.rectify": dq.rectify("debtors", [1], {"postcode": "1234 AB"}),
    "dsar.restriction_kinds": dq.restriction_kinds(["debtors", "dossiers"], [1]),
    "dsar.watched": dq.watched(),
    "exits.exit_by_id": xq.exit_by_id(ID),
    "exits.open_exit_of": xq.open_exit_of(1),
    "exits.insert_exit": xq.insert_exit({"id": ID, "client_id": 1, "choice": "delete"}),
    "exits.update_exit": xq.update_exit(ID, status="destroyed"),
    "exits.update_exit_if": xq.update_exit_if(ID, ExitStatus.NOTICE_GIVEN, status="cancelled", open_client_id=None),
    "exits.exits_to_watch": xq.exits_to_watch(),
    "exits.client_row": xq.client_row(1),
    "exits.end_client": xq.end_client(1, date(2026, 3, 11), read_only=True),
    "exits.revoke_write": xq.revoke_write(1)[0],
    "exits.exit_list": xq.exit_list(1, ExitStatus.NOTICE_GIVEN),
    "exits.invoice_by_number": xq.invoice_by_number("VA20260311-1"),
    "exits.insert_invoice": xq.insert_invoice(1, "VA20260311-1", date(2026, 3, 11), "Inkijkaccount",
                                              Decimal("150.00"), Decimal("31.50")),
    "exits.viewer_of": xq.viewer_of(1),
    "exits.viewer_list": xq.viewer_list(),
    "exits.active_viewers": xq.active_viewers(),
    "exits.insert_viewer": xq.insert_viewer({"id": ID, "client_id": 1}),
    "exits.update_viewer": xq.update_viewer(ID, status="lapsed"),
    "exits.ledger_batch": ledger_batch(ID, "debtors"),
    "exits.invoices_by_numbers": xq.invoices_by_numbers(["VA20260311-1", "VA20270311-1"]),
    "exits.stored_files": xq.stored_files(exit_facts.file_tables()[0], [1, 2]),
    "exits.closed_exports": xq.closed_exports(),
    "exits.set_export_first": xq.set_export(ID, None, export_blob="1/x/e.zip"),
    "exits.set_export_again": xq.set_export(ID, "1/x/e.zip", export_blob="1/x/f.zip"),
    "exits.forget_export": xq.forget_export(ID, "1/x/e.zip"),
    "exits.mark_renewal_warned": xq.mark_renewal_warned(ID, date(2027, 3, 10), NOW),
    "exits.roll_over_viewer": xq.roll_over_viewer(ID, date(2027, 3, 10), date(2027, 3, 11), date(2028, 3, 10), NOW),
    "exits.mark_reminder_sent": xq.mark_reminder_sent(ID, NOW),
    "register.platform_clients": rq.platform_clients(),
    "retention.ledger_counts": ledger_counts_query("run-1"),
    "retention.restricted_tables": restricted_tables_query(["dossiers", "letters"]),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_every_area_statement_renders_for_sql_server(name):
    text = sql(STATEMENTS[name])
    assert text.strip()
    upper = text.upper()
    assert "LIMIT" not in upper.split()  # T-SQL has TOP / OFFSET FETCH, not LIMIT
    assert "RETURNING" not in upper and "ON CONFLICT" not in upper


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_every_table_and_index_renders_for_sql_server(table):
    ddl = str(CreateTable(table).compile(dialect=DIALECT))
    assert ddl.startswith("\nCREATE TABLE") and table.name in ddl
    assert "JSON" not in ddl.upper().replace("JSONDOC", "")  # SQL Server has no JSON type: NVARCHAR(max)
    for index in table.indexes:
        assert "CREATE" in str(CreateIndex(index).compile(dialect=DIALECT))


# --- Shapes that matter on SQL Server --------------------------------------------------------

def test_json_documents_and_dutch_free_text_are_nvarchar_max():
    from shared.audit import audit_events

    ddl = str(CreateTable(audit_events).compile(dialect=DIALECT))
    assert "details VARCHAR(max)" in ddl or "details NVARCHAR(max)" in ddl
    assert "summary NVARCHAR(max) NOT NULL" in str(CreateTable(breach_tables.breaches).compile(dialect=DIALECT))
    assert {register_activities.name, register_processors.name, register_versions.name} <= set(store_metadata.tables)


def test_limits_render_as_top_or_fetch():
    text = sql(STATEMENTS["breaches.list_breaches"]).upper()
    assert "TOP" in text or "FETCH" in text
    assert sql(has_rows_query(debtors), literal=True).startswith("SELECT TOP 1 1")
    assert sql(restricted_tables_query(["dossiers"])).startswith("SELECT DISTINCT ")


def test_the_breach_row_lock_is_an_update_of_the_one_row():
    text = sql(STATEMENTS["breaches.lock_breach"]).upper()
    assert text.startswith("UPDATE BREACHES SET STATUS=BREACHES.STATUS") and "WHERE BREACHES.ID =" in text


def test_one_open_exit_per_client_is_a_filtered_unique_index():
    """SQL Server's unique index admits one NULL only: the open-exit index is filtered there."""
    index = next(i for i in exits.indexes if i.name == "uq_exits_open_client_id")
    ddl = str(CreateIndex(index).compile(dialect=DIALECT))
    assert "CREATE UNIQUE" in ddl and "WHERE open_client_id IS NOT NULL" in ddl


def test_backups_dump_every_table_in_primary_key_order_under_snapshot_isolation():
    for md in metadatas().values():
        for t in md.sorted_tables:
            assert t.primary_key.columns, t.name
            assert "ORDER BY" in sql(table_query(t))
    assert ISOLATION["mssql"] == "SNAPSHOT" and "SNAPSHOT" in mssql.base.MSDialect._isolation_lookup


@pytest.mark.parametrize("kind", ["activity", "processor"])
def test_register_statements_render(kind):
    assert "SELECT" in sql(rq.all_rows(kind))
    assert "WHERE" in sql(rq.one_row(kind, "x"))
    assert "SELECT" in sql(rq.ids(kind))
    assert "INSERT INTO" in sql(rq.insert_row(kind, "x", DOC, NOW, ACTOR))
    update = sql(rq.update_row(kind, "x", 3, DOC, NOW, ACTOR))
    assert "UPDATE" in update and "version =" in update
    assert "INSERT INTO register_versions" in sql(rq.insert_version(kind, "x", 2, "update", NOW, ACTOR, DOC, DOC))
    assert "ORDER BY" in sql(rq.versions(kind, "x"))
    assert "FROM clients ORDER BY clients.id" in sql(rq.platform_clients())


@pytest.mark.parametrize(("pid", "target"), [(pid, t) for pid, ts in TARGETS.items() for t in ts],
                         ids=lambda v: v if isinstance(v, str) else v.table)
def test_retention_due_pages_use_top_and_keyset(pid, target):
    text = sql(due_ids_query(target, DEFAULT_POLICIES[pid], TODAY, 0, 5000, SCOPE))
    assert text.startswith("SELECT TOP ") and "CASE WHEN" in text
    assert f"{target.table}.id >" in text and "ORDER BY" in text
    assert "LIMIT" not in text


@pytest.mark.parametrize("name", ["dossiers", "letters", "client_invoices", "client_user_logins", "clients",
                                  "prospects", "staff_logins", "debtors", "payments"])
def test_retention_hold_lookups_render(name):
    text = sql(select(table(name).c.id).where(table(name).c.id > 0, held_clause(name, SCOPE)))
    assert text.startswith("SELECT")
    assert "FROM OPENJSON(" in text  # the held keys in one parameter, however many


@pytest.mark.parametrize("name", ["dossiers", "letters", "payments", "client_invoices"])
def test_retention_hold_lookups_on_resolved_subjects_render(name):
    reached = held_root(name)
    text = sql(select(table(name).c.id).where(held_clause(name, SCOPE, roots={reached: (1, 2)} if reached else {})))
    assert text.startswith("SELECT") and "debtors.email IN" not in text  # pairs stay per pair
    if reached:
        assert "FROM OPENJSON(" in text  # the resolved keys in one parameter
        root, key = reached
        lookup = sql(held_roots_query(root, key, ["a@b.nl"]))
        assert lookup.startswith(f"SELECT {root}.{key}") and "FROM OPENJSON(" in lookup


def test_retention_child_ledger_and_run_queries_render():
    for targets in TARGETS.values():
        for target in targets:
            for child in target.children:
                assert f"{child.table}.{child.column} IN (" in sql(child_ids_query(child, [1, 2]))
    assert "pseudo-" in sql(select(table("staff").c.id).where(already_anonymised(DATA_MAP["staff"])), literal=True)
    assert "row_id >" in sql(restricted_in_range_query("dossiers", 0, 10))
    assert "GROUP BY" in sql(ledger_counts_query("run-1"))


@pytest.mark.parametrize("tm", DATA_MAP.tables, ids=lambda t: t.table)
def test_data_map_queries_render_for_sql_server(tm):
    if tm.identity_keys:
        assert "WHERE" in sql(root_query(tm, "a@b.nl"))
    if tm.parent:
        assert " IN " in sql(child_query(tm, [1, 2]))
    if DATA_MAP.children_of(tm.table):
        level = sql(children_query(DATA_MAP.children_of(tm.table), [1, 2]))
        assert all(f"FROM {child.table}" in level for child in DATA_MAP.children_of(tm.table))
    if tm.client_path is not None:
        text = sql(client_rows_query(tm, 7, 0, 500))
        assert "TOP" in text and "ORDER BY" in text


def test_key_filters_select_exactly_the_keys_as_ranges_or_in_lists():
    from shared.datamap.erasure import MAX_RANGES, id_ranges, key_filters

    assert id_ranges([7, 1, 2, 3, 3]) == [(1, 3), (7, 7)]
    t = table("staff_logins")
    assert "BETWEEN" in sql(key_filters(t, [1, 2, 3, 7])[0])
    scattered = list(range(0, 4 * (MAX_RANGES + 1), 2))
    assert all(" IN " in sql(f) for f in key_filters(t, scattered))


def test_a_key_list_is_one_parameter_on_every_database():
    from sqlalchemy.dialects import postgresql, sqlite

    from shared.db.params import MAX_PARAMETERS, keys_in

    t = table("staff_logins")
    stmt = select(t.c.id).where(keys_in(t.c.id, [3, 5, 8]))
    many = select(t.c.id).where(~keys_in(t.c.id, list(range(MAX_PARAMETERS + 1)))).compile(dialect=DIALECT)
    assert "OPENJSON(" in str(many) and len(many.params) == 1  # a list that must stay whole: held keys
    assert list(many.params.values()) == [str(list(range(MAX_PARAMETERS + 1)))]
    lite = stmt.compile(dialect=sqlite.dialect())
    assert "json_each(" in str(lite) and list(lite.params.values()) == ["[3, 5, 8]"]
    pg = stmt.compile(dialect=postgresql.dialect())
    assert "= ANY (" in str(pg) and list(pg.params.values()) == [[3, 5, 8]]
