"""What a live database holds, through SQLAlchemy's Inspector only (SQLite, PostgreSQL and SQL
Server alike), and bounded samples of column values: `SELECT col ... LIMIT n`, compiled per dialect
(TOP n on SQL Server). Samples stay in memory for the classifier; nothing here writes them anywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, column, inspect, select
from sqlalchemy import table as table_clause

from shared.datamap.classify import SAMPLE_LIMIT
from shared.datamap.coltypes import type_name


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


@dataclass(frozen=True)
class LiveTable:
    name: str
    columns: dict[str, str]  # name -> type family (shared/datamap/coltypes.py)
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    def key_columns(self) -> set[str]:
        return set(self.primary_key) | {c for fk in self.foreign_keys for c in fk.columns}


def own_tables() -> set[str]:
    """The suite's own store tables (they may share the database locally): never platform data."""
    import shared.tables  # noqa: F401 - both metadata objects complete
    from shared.db.metadata import store_metadata

    return set(store_metadata.tables) | {"alembic_version", "alembic_version_store", "alembic_version_platform"}


def reflect(engine: Engine, schema: str | None = None, skip: Iterable[str] = ()) -> dict[str, LiveTable]:
    insp = inspect(engine)
    skipped = set(skip)
    out: dict[str, LiveTable] = {}
    for name in sorted(insp.get_table_names(schema=schema)):
        if name in skipped:
            continue
        cols = {c["name"]: type_name(c["type"]) for c in insp.get_columns(name, schema=schema)}
        pk = tuple(insp.get_pk_constraint(name, schema=schema).get("constrained_columns") or ())
        fks = tuple(ForeignKey(tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                    for fk in insp.get_foreign_keys(name, schema=schema) if fk.get("referred_table"))
        out[name] = LiveTable(name, cols, pk, fks)
    return out


def sample_query(table: str, name: str, limit: int = SAMPLE_LIMIT, schema: str | None = None) -> Any:
    col: Any = column(name)
    bounded = min(limit, SAMPLE_LIMIT)
    return select(col).select_from(table_clause(table, col, schema=schema)).where(col.is_not(None)).limit(bounded)


def sample(conn: Connection, table: str, name: str, limit: int = SAMPLE_LIMIT, schema: str | None = None) -> list[Any]:
    """At most `limit` non-null values of one column."""
    return [v for (v,) in conn.execute(sample_query(table, name, limit, schema))]
