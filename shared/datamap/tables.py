"""The SQLAlchemy tables the suite reads and erases, for the map in use.

The reference map (`reference: true`) uses the declared reference schema (shared/platform/schema.py).
Any other map describes its database itself: each table is built from the map's column types, its
key and its hops. Inside the suite a table's primary key is always addressed as `id` (the column's
SQLAlchemy key); the SQL uses the database's own name for it (`klantnummer`, `dossier_nr`, ...).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, MetaData, Numeric, String, Table, Text
from sqlalchemy import types as T

from shared.datamap.model import DataMap
from shared.db.types import UtcDateTime

KEY = "id"  # how the suite addresses every table's primary key

_built: dict[int, tuple[Any, MetaData]] = {}
_lock = threading.Lock()


def sql_type(name: str) -> T.TypeEngine[Any]:
    """The SQLAlchemy type of a map type family (shared/datamap/coltypes.py)."""
    if m := re.fullmatch(r"string\((\d+)\)", name):
        return String(int(m.group(1)))
    if m := re.fullmatch(r"numeric\((\d+),(\d+)\)", name):
        return Numeric(int(m.group(1)), int(m.group(2)))
    simple: dict[str, T.TypeEngine[Any]] = {"integer": Integer(), "text": Text(), "date": Date(),
                                            "datetime": UtcDateTime(), "boolean": Boolean(), "numeric": Numeric()}
    if name not in simple:
        raise ValueError(f"unknown column type {name!r}")
    return simple[name]


def build(data_map: DataMap) -> MetaData:
    md = MetaData()
    fks = {}
    for tm in data_map:
        for hop in ([tm.parent] if tm.parent else []) + list(tm.client_path or ())[:1]:
            fks[(tm.table, hop.column)] = f"{hop.parent}.{KEY}"
    for tm in data_map:
        cols = []
        for name, col in tm.columns.items():
            args: list[Any] = [ForeignKey(fks[(tm.table, name)])] if (tm.table, name) in fks else []
            typ = sql_type(col.type or "text")
            if name == KEY:
                cols.append(Column(tm.key, typ, *args, key=KEY, primary_key=True))
            else:
                cols.append(Column(name, typ, *args))
        Table(tm.table, md, *cols)
    return md


def reference_metadata() -> MetaData:
    """The declared reference schema's tables (shared/platform/schema.py), on platform_metadata.
    Imported here, at first need, so a suite run against another map never loads them."""
    from shared.db.metadata import platform_metadata
    from shared.platform import schema  # noqa: F401 - defines the reference tables

    return platform_metadata


def metadata_for(data_map: DataMap) -> MetaData:
    """The reference schema for the reference map; built (once per map) for any other."""
    if data_map.reference:
        return reference_metadata()
    tables = data_map.tables  # the active map's own tuple: it changes when another map is loaded
    found = _built.get(id(tables))
    if found is None or found[0] is not tables:
        with _lock:
            found = (tables, build(data_map))
            _built[id(tables)] = found
    return found[1]
