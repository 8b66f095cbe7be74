"""Exports as zips of JSON and CSV per table, with bounded memory: DSAR packages (Art. 15/20)
and the client's export at exit both write through here.

Rows are written in one pass: the CSV (what people open first) straight into its zip entry, the
JSON into a spooled file copied in after (zipfile allows one open write handle at a time). The zip
itself lives in a SpooledTemporaryFile that moves to disk past SPOOL_BYTES, and is uploaded in
chunks. Two ways in, the same files out: `write_table` takes dicts (a DSAR package's chosen columns),
`write_batches` takes a whole table's rows as the driver gives them, a batch at a time (the exit
export), and converts only the columns whose type needs it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Column, Table, TypeDecorator

from shared.csv_cells import FORMULA_STARTS, safe_cell

SPOOL_BYTES = 8 * 1024 * 1024
UPLOAD_CHUNK = 4 * 1024 * 1024
JSON_ROW = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(row, ensure_ascii=False) does
quote = json.encoder.encode_basestring  # how that encoder writes text (ensure_ascii=False): the C function
_DATES = {date, datetime}
_FORMULA_FIRST = {start[:1] for start in FORMULA_STARTS}


def plain(value: Any) -> Any:
    """A JSON- and CSV-friendly value: dates and timestamps in ISO 8601, money as its digits."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _JsonArray:
    """A table's JSON file: an array with one object a line, spooled until its turn in the zip."""

    def __init__(self, spool: IO[bytes]) -> None:
        self.spool, self.rows = spool, 0
        spool.write(b"[")

    def add(self, objects: Sequence[str]) -> None:
        if objects:
            lead = ",\n" if self.rows else "\n"
            self.spool.write((lead + ",\n".join(objects)).encode("utf-8"))
            self.rows += len(objects)

    def close(self) -> None:
        self.spool.write(b"\n]\n")


@contextmanager
def _table_files(zf: zipfile.ZipFile, stem: str) -> Iterator[tuple[IO[str], _JsonArray]]:
    """The open `stem`.csv entry (text) and the JSON array; the JSON goes into the zip on exit."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        json_file = _JsonArray(spool)
        with zf.open(f"{stem}.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
            yield out, json_file
        json_file.close()
        spool.seek(0)
        with zf.open(f"{stem}.json", "w") as raw:
            shutil.copyfileobj(spool, raw, UPLOAD_CHUNK)


def write_table(zf: zipfile.ZipFile, stem: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """`stem`.json and `stem`.csv from one pass over the rows (dicts of plain values); returns the number of rows."""
    with _table_files(zf, stem) as (out, json_file):
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
            json_file.add([JSON_ROW(row)])
    return json_file.rows


@dataclass(frozen=True)
class _Layout:
    """What a table's columns need, by their type: `plain` (dates, timestamps, money, and what the
    type does not tell), `safe_cell` in the CSV (any column that may hold text), and a JSON line
    template with the keys filled in."""

    keys: list[str]
    to_plain: list[int]
    to_safe: list[int]
    template: str

    @classmethod
    def of(cls, table: Table) -> _Layout:
        kinds = [_python_type(c) for c in table.columns]
        keys = [c.key for c in table.columns]
        no_text = (int, float, date)  # bool is an int; a date becomes ISO text, never a formula
        return cls(keys=keys,
                   to_plain=[i for i, k in enumerate(kinds) if k is None or issubclass(k, date | Decimal)],
                   to_safe=[i for i, k in enumerate(kinds) if k is None or not issubclass(k, no_text)],
                   template="{" + ", ".join(quote(k).replace("%", "%%") + ": %s" for k in keys) + "}")


def _python_type(column: Column[Any]) -> type | None:
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def _plain_values(values: Sequence[Any]) -> list[Any]:
    """One column's values through `plain`, without the call for what is None or a date."""
    return [v if v is None else v.isoformat() if v.__class__ in _DATES else plain(v) for v in values]


def _json_texts(values: Sequence[Any]) -> list[str]:
    """One column's values as JSON text, exactly as the encoder writes them inside an object: text,
    null, whole numbers and flags directly, the rest (fractions, documents) through the encoder."""
    if None not in values:
        try:
            return list(map(quote, values))  # a column of text: the C quoting, no test a value
        except TypeError:
            pass
    return [quote(v) if v.__class__ is str else "null" if v is None else str(v) if v.__class__ is int
            else "true" if v is True else "false" if v is False else JSON_ROW(v) for v in values]


def _safe_values(values: Sequence[Any]) -> list[Any]:
    """One column's values through `safe_cell`, skipping the call for None and for plain text that
    cannot start a formula (which safe_cell returns as it is)."""
    return [v if v is None or (v.__class__ is str and v[:1] not in _FORMULA_FIRST) else safe_cell(v)
            for v in values]


def _needs_quotes(text: str) -> bool:
    """csv.writer's minimal quoting (the excel dialect): a delimiter, a quote or a line break."""
    return "," in text or '"' in text or "\n" in text or "\r" in text


def _csv_cells(values: Sequence[Any]) -> list[str]:
    """One column's cells as csv.writer writes them: nothing for None, the text of anything else,
    quoted (quotes doubled) where it needs it; a column whose text needs no quotes anywhere (looked
    for in the whole column at once) is not looked at a cell at a time."""
    texts = ["" if v is None else str(v) for v in values] if None in values else list(map(str, values))
    if not _needs_quotes("".join(texts)):
        return texts
    return ['"' + t.replace('"', '""') + '"' if _needs_quotes(t) else t for t in texts]


def _csv_lines(columns: Sequence[Sequence[Any]]) -> Iterator[str]:
    """The rows' lines as csv.writer writes them, the cells made a column at a time (csv.writer
    works a character at a time: several times the cost on long text). A row of one empty cell is
    written as "", as it does."""
    cells = [_csv_cells(c) for c in columns]
    if len(cells) == 1:
        cells = [[c or '""' for c in cells[0]]]
    return (f"{line}\r\n" for line in map(",".join, zip(*cells, strict=True)))


def _json_lines(layout: _Layout, columns: Sequence[Sequence[Any]]) -> list[str]:
    """The rows as JSON objects, one line each: what JSON_ROW makes of them as dicts, at a fraction
    of its cost (a column at a time through the C string quoting, then one % a row)."""
    texts = [_json_texts(c) for c in columns]
    return [layout.template % row for row in zip(*texts, strict=True)]


def write_batches(zf: zipfile.ZipFile, stem: str, table: Table, batches: Iterable[Sequence[Sequence[Any]]]) -> int:
    """`stem`.json and `stem`.csv of rows of `table` (every column, in the table's order), a batch
    at a time: the same files write_table makes of them as dicts of plain values. Returns the number of rows."""
    layout = _Layout.of(table)
    with _table_files(zf, stem) as (out, json_file):
        out.writelines(_csv_lines([[k] for k in layout.keys]))
        for batch in batches:
            if not batch:
                continue
            columns: list[Sequence[Any]] = list(zip(*batch, strict=True))
            for i in layout.to_plain:
                columns[i] = _plain_values(columns[i])
            json_file.add(_json_lines(layout, columns))
            for i in layout.to_safe:
                columns[i] = _safe_values(columns[i])
            out.writelines(_csv_lines(columns))
    return json_file.rows


def read_chunks(f: IO[bytes], digest: Any = None, size: int = UPLOAD_CHUNK) -> Iterator[bytes]:
    """The spooled zip, in upload-sized chunks (feeding `digest` on the way, when given)."""
    while chunk := f.read(size):
        if digest is not None:
            digest.update(chunk)
        yield chunk
