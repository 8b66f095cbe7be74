"""The Art. 15 / Art. 20 package: a zip of JSON and CSV per table, plus (for access) the Art. 15
information as a Dutch HTML letter, streamed to Blob storage with bounded memory.

Rows are read in chunks of at most READ_ROWS keys (each chunk's keys in one parameter where the
database allows it) and written through shared/zip_export.py, which keeps memory bounded. No list
of all rows is ever built.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Column, Connection, select

from shared.datamap import DATA_MAP
from shared.datamap.discovery import table
from shared.db.params import chunks, key_chunk, key_chunks, keys_in
from shared.dsar import queries as q
from shared.dsar import texts
from shared.dsar.rules import export_columns
from shared.dsar.status import RequestType
from shared.zip_export import SPOOL_BYTES, plain, write_table

RESTRICTED = "_restricted"
READ_ROWS = 5_000  # rows a read holds at most (the driver buffers a statement's rows)


def restriction_maps(store: Connection, rows: Mapping[str, Sequence[int]]) -> dict[str, dict[int, str]]:
    """Per table, its restricted rows among `rows` with the restriction's kind: one read for all
    tables (a chunk of keys at a time), each table's rows picked out of it."""
    wanted = {name: set(ids) for name, ids in rows.items() if ids}
    out: dict[str, dict[int, str]] = {name: {} for name in wanted}
    for part in key_chunks(store, sorted(set().union(*wanted.values()))):
        for name, row_id, kind in store.execute(q.restriction_kinds(list(wanted), part)):
            if row_id in wanted[name]:
                out[name][row_id] = kind
    return out


def _conversion(column: Column[Any]) -> Callable[[Any], Any] | None:
    """`plain` for a column whose values it may change (dates, timestamps, money, or a type that
    does not say); None for one whose values it leaves as they are (text, numbers, booleans)."""
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return plain
    return plain if issubclass(kind, date | Decimal) else None


def export_rows(platform: Connection, name: str, ids: Sequence[int], cols: list[str],
                restricted: Mapping[int, str]) -> Iterator[dict[str, Any]]:
    """The rows as {column: plain value, ..., _restricted: kind or None}, in key order: only the
    columns asked for are read, and only those that may hold dates or money are converted."""
    t = table(name)
    read = cols if "id" in cols else [*cols, "id"]
    key_at = read.index("id")
    conversions = [(i, f) for i, c in enumerate(cols) if (f := _conversion(t.c[c])) is not None]
    statement = select(*(t.c[c] for c in read))
    for part in chunks(ids, min(key_chunk(platform), READ_ROWS)):
        for row in platform.execute(statement.where(keys_in(t.c.id, part)).order_by(t.c.id)).all():
            values = list(row)
            for i, convert in conversions:
                values[i] = convert(values[i])
            out = dict(zip(cols, values, strict=False))  # a key read only for `restricted` is left out
            out[RESTRICTED] = restricted.get(row[key_at])
            yield out


def build_package(platform: Connection, store: Connection, *, request_id: str, kind: RequestType,
                  rows: Mapping[str, Sequence[int]], at: datetime,
                  facts: texts.Art15Facts | None = None) -> tuple[IO[bytes], dict[str, Any]]:
    """The zip (positioned at its start) and its manifest (counts only, no personal data)."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned open
    counts: dict[str, int] = {}
    restricted_total = 0
    folder = "gegevens" if kind is RequestType.ACCESS else "overdraagbaar"
    tables = {tm.table: (rows[tm.table], cols) for tm in DATA_MAP
              if rows.get(tm.table) and (cols := export_columns(tm.table, kind))}
    restricted_in = restriction_maps(store, {name: ids for name, (ids, _) in tables.items()})
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (ids, cols) in tables.items():
            restricted = restricted_in[name]
            restricted_total += len(restricted)
            stream = export_rows(platform, name, ids, cols, restricted)
            counts[name] = write_table(zf, f"{folder}/{name}", [*cols, RESTRICTED], stream)
        manifest = {"request_id": request_id, "type": kind.value, "generated_at": at.isoformat(),
                    "tables": counts, "restricted_rows": restricted_total,
                    "formats": ["json", "csv"], "restricted_column": RESTRICTED}
        if kind is RequestType.ACCESS and facts is not None:
            zf.writestr("informatie-art15.html",
                        texts.art15_html(request_id, at, counts, DATA_MAP, facts, restricted_total))
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
    spool.seek(0)
    return spool, manifest


def blob_name(request_id: str, kind: RequestType, at: datetime) -> str:
    return f"dsar/{request_id}/{kind.value}-{at:%Y%m%dT%H%M%SZ}.zip"
