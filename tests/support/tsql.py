"""Every statement the suite executes in the tests is captured, then compiled for SQL Server
(Azure SQL cannot run here): what reaches T-SQL at least renders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import mssql
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.elements import TextClause

captured: dict[str, ClauseElement] = {}


def _capture(conn: Any, clauseelement: Any, multiparams: Any, params: Any, execution_options: Any) -> None:
    if isinstance(clauseelement, ClauseElement) and not isinstance(clauseelement, TextClause):
        if not _ours(clauseelement):
            return  # a dialect's own catalogue queries (reflection), not the suite's
        try:
            key = f"{type(clauseelement).__name__}:{clauseelement}"
        except Exception:
            return
        captured.setdefault(key, clauseelement)


def _ours(stmt: Any) -> bool:
    from sqlalchemy.sql.util import find_tables

    import shared.tables  # noqa: F401
    from shared.db.metadata import platform_metadata, store_metadata

    element = getattr(stmt, "element", None)
    tables = [element] if element is not None and hasattr(element, "columns") else find_tables(stmt, include_crud=True)
    names = set(store_metadata.tables) | set(platform_metadata.tables)
    return bool(tables) and all(getattr(t, "name", None) in names for t in tables)


def install() -> None:
    if not event.contains(Engine, "before_execute", _capture):
        event.listen(Engine, "before_execute", _capture)


def failures() -> list[tuple[str, str]]:
    dialect = mssql.dialect()
    bad = []
    for key, stmt in captured.items():
        try:
            stmt.compile(dialect=dialect)
        except Exception as exc:
            bad.append((key[:300], f"{type(exc).__name__}: {exc}"[:300]))
    return bad
