"""Rows as JSON lines: a header line names the table, its columns and each column's kind; then
each line holds a batch of rows (a JSON list of value lists, in the header's column order).

Values are written as the database driver returns them, because JSON carries most of them
exactly (SQLite already hands over dates as ISO text, amounts as numbers): that keeps the
dump fast. Values JSON has no type for are tagged objects: {"$d": "12.50"} Decimal,
{"$dt": iso} datetime, {"$date": iso} date, {"$time": iso} time, {"$b": base64} bytes. JSON
columns are selected as their JSON text (a parsed dict would be read as a tag). On restore,
the column kind from the header turns every value back into the Python type the column
wants (Decimal, date, aware datetime, bool, JSON), whatever database it came from and
whatever database it goes to."""

from __future__ import annotations

import base64
import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, LargeBinary, Numeric, Table, Time
from sqlalchemy.types import TypeDecorator, TypeEngine

from shared.db.types import UtcDateTime


def _tag(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    raise TypeError(f"cannot encode a {type(value).__name__} in a backup")


_UNTAG: dict[str, Callable[[Any], Any]] = {
    "$d": Decimal,
    "$dt": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$time": time.fromisoformat,
    "$b": base64.b64decode,
}


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        raise ValueError("a backup line holds an object that is not a tag")
    (tag, value), = obj.items()
    return _UNTAG[tag](value)


def _base(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind


def column_kind(column: Any) -> str:
    """The kind that decides how a dumped value is read back."""
    if isinstance(column.type, UtcDateTime):
        return "datetime_utc"
    base = _base(column.type)
    for cls, kind in ((JSON, "json"), (Boolean, "bool"), (DateTime, "datetime"), (Date, "date"), (Time, "time"),
                      (Float, "float"), (Numeric, "decimal"), (LargeBinary, "bytes")):
        if isinstance(base, cls):
            return kind
    return "plain"


def is_json_column(column: Any) -> bool:
    return column_kind(column) == "json"


def header_line(table: Table) -> bytes:
    return json.dumps({"table": table.name, "columns": [c.name for c in table.columns],
                       "kinds": [column_kind(c) for c in table.columns]}).encode() + b"\n"


def encode_batch(rows: Sequence[Sequence[Any]]) -> bytes:
    """One line for a batch of driver rows (tuples; other row types are copied to tuples).
    orjson writes it several times faster than the json module (UTF-8, no ASCII escapes; either
    reads back the same); dates and times go to `_tag` like the other types JSON lacks. Integers
    are database integers, 64-bit at most (orjson refuses wider ones)."""
    if rows and not isinstance(rows[0], tuple | list):
        rows = [tuple(r) for r in rows]
    return orjson.dumps(rows, default=_tag, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_APPEND_NEWLINE)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Row batches make and free a container per row (a tuple, a list) and never a cycle: the
    cyclic garbage collector, run every few hundred of them, only costs time here."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def decode_header(line: bytes) -> tuple[str, list[str], list[str]]:
    head = json.loads(line)
    return head["table"], list(head["columns"]), list(head["kinds"])


def decode_batch(line: bytes) -> list[list[Any]]:
    return json.loads(line, object_hook=_untag)


def _decimal(scale: int | None) -> Callable[[Any], Any]:
    quantum = Decimal(1).scaleb(-scale) if scale is not None else None

    def convert(v: Any) -> Any:
        d = v if isinstance(v, Decimal) else Decimal(repr(v) if isinstance(v, float) else str(v))
        return d.quantize(quantum) if quantum is not None else d

    return convert


def _datetime(utc: bool) -> Callable[[Any], Any]:
    def convert(v: Any) -> Any:
        d = v if isinstance(v, datetime) else datetime.fromisoformat(v)
        if utc:
            return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)
        return d

    return convert


def _converter(kind: str, column: Any) -> Callable[[Any], Any] | None:
    if kind == "decimal":
        return _decimal(getattr(_base(column.type), "scale", None))
    if kind in ("datetime", "datetime_utc"):
        return _datetime(kind == "datetime_utc" or isinstance(column.type, UtcDateTime))
    return {
        "date": lambda v: v if isinstance(v, date) else date.fromisoformat(v),
        "time": lambda v: v if isinstance(v, time) else time.fromisoformat(v),
        "bool": bool,
        "float": float,
        "json": lambda v: json.loads(v) if isinstance(v, str) else v,
        "bytes": lambda v: v if isinstance(v, bytes) else bytes(v),
    }.get(kind)


def values_decoder(table: Table, columns: list[str], kinds: list[str]) -> Callable[[list[Any]], list[Any]]:
    """Turns a dumped row (in place) into the Python values its columns want, in header order."""
    converters = [(i, conv) for i, (name, kind) in enumerate(zip(columns, kinds, strict=True))
                  if (conv := _converter(kind, table.c[name])) is not None]

    def decode(values: list[Any]) -> list[Any]:
        for i, conv in converters:
            if values[i] is not None:
                values[i] = conv(values[i])
        return values

    return decode


def row_decoder(table: Table, columns: list[str], kinds: list[str]) -> Callable[[list[Any]], dict[str, Any]]:
    """Turns a dumped row into the values `insert(table)` wants."""
    decode = values_decoder(table, columns, kinds)
    return lambda values: dict(zip(columns, decode(values), strict=True))
