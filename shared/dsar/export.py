"""The Art. 15 / Art. 20 package: a zip of JSON and CSV per table, plus (for access) the Art. 15
information as a Dutch HTML letter, streamed to Blob storage with bounded memory.

Rows are read in chunks (fetch_rows) and written straight into zip entries; the zip itself
lives in a SpooledTemporaryFile that moves to disk past SPOOL_BYTES. No list of all rows is
ever built.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Connection

from shared.datamap import DATA_MAP
from shared.datamap.discovery import chunks, fetch_rows
from shared.dsar import queries as q
from shared.dsar import texts
from shared.dsar.rules import export_columns
from shared.dsar.status import RequestType

SPOOL_BYTES = 8 * 1024 * 1024
UPLOAD_CHUNK = 4 * 1024 * 1024
RESTRICTED = "_restricted"


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def restriction_map(store: Connection, name: str, ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for part in chunks(list(ids)):
        out.update({r: k for r, k in store.execute(q.restriction_kinds(name, part))})
    return out


def _rows(platform: Connection, name: str, ids: Sequence[int], cols: list[str],
          restricted: Mapping[int, str]) -> Iterator[dict[str, Any]]:
    for row in fetch_rows(platform, name, ids):
        out = {c: plain(row.get(c)) for c in cols}
        out[RESTRICTED] = restricted.get(row["id"])
        yield out


def _write_table(zf: zipfile.ZipFile, folder: str, name: str, cols: list[str],
                 rows: Iterator[dict[str, Any]]) -> int:
    """One pass over the rows: JSON straight into its zip entry, CSV into a spooled file that is
    copied in after (zipfile allows one open write handle at a time)."""
    n = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", newline="", encoding="utf-8") as csv_file:
        writer = csv.DictWriter(csv_file, fieldnames=[*cols, RESTRICTED])
        writer.writeheader()
        with zf.open(f"{folder}/{name}.json", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as out:
            out.write("[")
            for row in rows:
                out.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
                writer.writerow(row)
                n += 1
            out.write("\n]\n")
        csv_file.seek(0)
        with zf.open(f"{folder}/{name}.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
            shutil.copyfileobj(csv_file, out, UPLOAD_CHUNK)
    return n


def build_package(platform: Connection, store: Connection, *, request_id: str, kind: RequestType,
                  rows: Mapping[str, Sequence[int]], at: datetime, controller: str) -> tuple[IO[bytes], dict[str, Any]]:
    """The zip (positioned at its start) and its manifest (counts only, no personal data)."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned open
    counts: dict[str, int] = {}
    restricted_total = 0
    folder = "gegevens" if kind is RequestType.ACCESS else "overdraagbaar"
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
        for tm in DATA_MAP:
            ids = rows.get(tm.table)
            cols = export_columns(tm.table, kind)
            if not ids or not cols:
                continue
            restricted = restriction_map(store, tm.table, ids)
            restricted_total += len(restricted)
            stream = _rows(platform, tm.table, ids, cols, restricted)
            counts[tm.table] = _write_table(zf, folder, tm.table, cols, stream)
        manifest = {"request_id": request_id, "type": kind.value, "generated_at": at.isoformat(),
                    "tables": counts, "restricted_rows": restricted_total,
                    "formats": ["json", "csv"], "restricted_column": RESTRICTED}
        if kind is RequestType.ACCESS:
            zf.writestr("informatie-art15.html",
                        texts.art15_html(request_id, at, counts, DATA_MAP, controller, restricted_total))
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
    spool.seek(0)
    return spool, manifest


def read_chunks(f: IO[bytes], size: int = UPLOAD_CHUNK) -> Iterator[bytes]:
    while True:
        block = f.read(size)
        if not block:
            return
        yield block


def blob_name(request_id: str, kind: RequestType, at: datetime) -> str:
    return f"dsar/{request_id}/{kind.value}-{at:%Y%m%dT%H%M%SZ}.zip"
