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
        module = type(clauseelement).__module__
        if "alembic" in module:
            return
        try:
            key = f"{type(clauseelement).__name__}:{clauseelement}"
        except Exception:
            return
        captured.setdefault(key, clauseelement)


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
