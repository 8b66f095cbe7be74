"""SQL Server takes at most 2,100 parameters a statement: long IN lists are sent in chunks.

The one place for that limit; every IN list over a caller's keys goes through `chunks`, or is one
parameter (`keys_in`) whatever its length.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ARRAY, Boolean, Connection, String, UnicodeText, any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

MAX_PARAMETERS = 2100  # SQL Server's limit per statement
IN_CHUNK = 1000  # keys per IN list: leaves room for the statement's other parameters


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """The values in lists of at most `size`, in their order (any iterable, read once)."""
    if isinstance(values, list | tuple):  # sliced, not copied value by value
        for start in range(0, len(values), size):
            yield list(values[start:start + size])
        return
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# PostgreSQL takes a whole key list as ONE array parameter (`= ANY`), SQLite and SQL Server as one
# JSON text (`IN (SELECT value FROM json_each(...))`, `OPENJSON(...)`): nothing is rendered or
# parsed per key, a batch's keys go in one statement, and a list that must stay whole (the held
# keys a page leaves out) never meets SQL Server's parameter limit.
ARRAY_CHUNK = 50_000
ONE_PARAMETER = ("postgresql", "sqlite", "mssql")


def key_chunk(conn: Connection) -> int:
    """How many keys one `keys_in` may carry on this connection's database."""
    return ARRAY_CHUNK if conn.dialect.name in ONE_PARAMETER else IN_CHUNK


def key_chunks(conn: Connection, values: Iterable[Any]) -> Iterator[list[Any]]:
    return chunks(values, key_chunk(conn))


class KeysIn(ColumnElement[bool]):
    """`column IN (keys)`, the keys in one parameter (integer or text keys). Not cached: the keys
    are part of the element, and compiling it costs less than its IN list."""

    inherit_cache = False
    type = Boolean()
    # A predicate: never rendered `... IN (...) = 1` (SQLite then scans the table; T-SQL refuses it).
    _is_implicitly_boolean = True

    def __init__(self, column: Any, keys: Sequence[Any]):
        self.column, self.keys = column, list(keys)


def keys_in(column: Any, keys: Sequence[Any]) -> KeysIn:
    return KeysIn(column, keys)


@compiles(KeysIn)
def _in_list(element: KeysIn, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column.in_(element.keys), **kw))


@compiles(KeysIn, "postgresql")
def _any_array(element: KeysIn, compiler: Any, **kw: Any) -> str:
    keys = bindparam(None, element.keys, type_=ARRAY(element.column.type))
    return str(compiler.process(element.column == any_(keys), **kw))


@compiles(KeysIn, "sqlite")
def _json_each(element: KeysIn, compiler: Any, **kw: Any) -> str:
    keys = bindparam(None, json.dumps(element.keys), type_=String())
    return f"{compiler.process(element.column, **kw)} IN (SELECT value FROM json_each({compiler.process(keys, **kw)}))"


@compiles(KeysIn, "mssql")
def _openjson(element: KeysIn, compiler: Any, **kw: Any) -> str:
    keys = bindparam(None, json.dumps(element.keys), type_=UnicodeText())
    kind = compiler.dialect.type_compiler_instance.process(element.column.type)
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT CAST(value AS {kind}) FROM OPENJSON({compiler.process(keys, **kw)}))")
