"""The Art. 15 / Art. 20 package: a zip of JSON and CSV per table, plus (for access) the Art. 15
information as a Dutch HTML letter, streamed to Blob storage with bounded memory.

Rows are read in chunks of at most READ_ROWS keys (each chunk's keys in one parameter where the
database allows it) and written a chunk at a time through shared/zip_export.py (write_batches:
converted a column at a time), which keeps memory bounded. No list of all rows is ever built.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Column, Connection, MetaData, String, Table, select

from shared.datamap import DATA_MAP
from shared.datamap.discovery import table
from shared.db.params import chunks, key_chunk, key_chunks
from shared.dsar import queries as q
from shared.dsar import texts
from shared.dsar.rules import export_columns
from shared.dsar.status import RequestType
from shared.zip_export import SPOOL_BYTES, write_batches

RESTRICTED = "_restricted"
READ_ROWS = 2_000  # rows a read holds at most (the driver buffers a statement's rows)
ZIP_LEVEL = 1  # deflate's fastest level: a third of the default's time; the files inside are the same


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


def package_rows(platform: Connection, name: str, ids: Sequence[int], cols: list[str],
                 restricted: Mapping[int, str]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows, a read at a time (at most READ_ROWS keys, in key order), each as the `cols` values
    the driver gives and then the row's restriction (its kind, or None)."""
    t = table(name)
    key = [] if "id" in cols else [t.c.id]  # read for the restriction only
    key_at = cols.index("id") if "id" in cols else len(cols)
    statement = select(*(t.c[c] for c in cols), *key)
    for part in chunks(ids, min(key_chunk(platform), READ_ROWS)):
        found = platform.execute(statement.where(q.keys_filter(t.c.id, part)).order_by(t.c.id)).all()
        yield [(*row[:len(cols)], restricted.get(row[key_at])) for row in found]


def package_layout(name: str, cols: list[str]) -> Table:
    """A table's columns in the package, for write_batches: the exported ones with their types,
    then RESTRICTED (text)."""
    t = table(name)
    return Table(name, MetaData(), *(Column(c, t.c[c].type) for c in cols), Column(RESTRICTED, String()))


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
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
        for name, (ids, cols) in tables.items():
            restricted = restricted_in[name]
            restricted_total += len(restricted)
            counts[name] = write_batches(zf, f"{folder}/{name}", package_layout(name, cols),
                                         package_rows(platform, name, ids, cols, restricted))
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
