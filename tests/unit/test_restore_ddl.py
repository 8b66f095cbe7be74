"""The restore's deferred DDL on PostgreSQL leaves the tables' own definitions as they were: a
later CREATE TABLE in the same worker (another restore, a drill into SQLite, a migration) still
carries the foreign keys."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import AddConstraint, CreateTable

import shared.tables  # noqa: F401 - every table
from shared.backups.restore import create_tables_without_indexes
from shared.db.metadata import platform_metadata


class _Recording:
    """A PostgreSQL connection that only records the DDL it is given."""

    def __init__(self) -> None:
        self.dialect = postgresql.dialect()
        self.ran: list[Any] = []

    def execute(self, ddl: Any) -> SimpleNamespace:
        self.ran.append(ddl)
        return SimpleNamespace()


def test_keys_added_after_the_load_stay_part_of_their_tables():
    tables = list(platform_metadata.sorted_tables)
    conn = _Recording()
    later = create_tables_without_indexes(conn, tables)  # type: ignore[arg-type]
    created = str(conn.ran[[t.name for t in tables].index("dossiers")].compile(dialect=postgresql.dialect()))
    assert "FOREIGN KEY" not in created  # on PostgreSQL the keys wait for the rows
    assert any(isinstance(d, AddConstraint) for d in later)
    dossiers = platform_metadata.tables["dossiers"]
    assert "FOREIGN KEY" in str(CreateTable(dossiers).compile(dialect=sqlite.dialect()))
