"""The Art. 15 / Art. 20 package: a zip of JSON and CSV per table, plus (for access) the Art. 15
information as a Dutch HTML letter, streamed to Blob storage with bounded memory.

Rows are read in chunks (fetch_rows) and written through shared/zip_export.py, which keeps
memory bounded. No list of all rows is ever built.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Connection

from shared.datamap import DATA_MAP
from shared.datamap.discovery import fetch_rows
from shared.db.params import chunks
from shared.dsar import queries as q
from shared.dsar import texts
from shared.dsar.rules import export_columns
from shared.dsar.status import RequestType
from shared.zip_export import SPOOL_BYTES, plain, write_table

RESTRICTED = "_restricted"


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


def build_package(platform: Connection, store: Connection, *, request_id: str, kind: RequestType,
                  rows: Mapping[str, Sequence[int]], at: datetime,
                  facts: texts.Art15Facts | None = None) -> tuple[IO[bytes], dict[str, Any]]:
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
            counts[tm.table] = write_table(zf, f"{folder}/{tm.table}", [*cols, RESTRICTED], stream)
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
