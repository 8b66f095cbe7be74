"""Exports as zips of JSON and CSV per table, with bounded memory: DSAR packages (Art. 15/20)
and the client's export at exit both write through here.

Rows come as an iterator of dicts and are written in one pass: the CSV (what people open first)
straight into its zip entry, the JSON into a spooled file copied in after (zipfile allows one open
write handle at a time). The zip itself lives in a SpooledTemporaryFile that moves to disk past SPOOL_BYTES, and
is uploaded in chunks."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from shared.csv_cells import safe_cell

SPOOL_BYTES = 8 * 1024 * 1024
UPLOAD_CHUNK = 4 * 1024 * 1024


def plain(value: Any) -> Any:
    """A JSON- and CSV-friendly value: dates and timestamps in ISO 8601, money as its digits."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_table(zf: zipfile.ZipFile, stem: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """`stem`.json and `stem`.csv from one pass over the rows; returns the number of rows."""
    n = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as json_file:
        json_file.write("[")
        with zf.open(f"{stem}.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: safe_cell(v) for k, v in row.items()})
                json_file.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
                n += 1
        json_file.write("\n]\n")
        json_file.seek(0)
        with zf.open(f"{stem}.json", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as out:
            shutil.copyfileobj(json_file, out, UPLOAD_CHUNK)
    return n


def read_chunks(f: IO[bytes], digest: Any = None, size: int = UPLOAD_CHUNK) -> Iterator[bytes]:
    """The spooled zip, in upload-sized chunks (feeding `digest` on the way, when given)."""
    while chunk := f.read(size):
        if digest is not None:
            digest.update(chunk)
        yield chunk
