"""Column types as the data map writes them: one short family name per type, the same for the
declared reference schema and for a reflected SQLite, PostgreSQL or SQL Server database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import types as T


def type_name(sqltype: Any) -> str:
    """`string(254)`, `text`, `integer`, `numeric(12,2)`, `date`, `datetime`, `boolean`, or the
    lower-cased SQL name for anything else."""
    t = sqltype.impl if isinstance(sqltype, T.TypeDecorator) else sqltype
    if isinstance(t, T.Boolean) or type(t).__name__.upper() == "BIT":
        return "boolean"
    if isinstance(t, T.Text) or (isinstance(t, T.String) and t.length is None):
        return "text"
    if isinstance(t, T.String):
        return f"string({t.length})"
    if isinstance(t, T.Integer):
        return "integer"
    if isinstance(t, T.Numeric) and not isinstance(t, T.Float):
        return f"numeric({t.precision},{t.scale})" if t.precision is not None else "numeric"
    if isinstance(t, T.DateTime):
        return "datetime"
    if isinstance(t, T.Date):
        return "date"
    return str(t).lower()
