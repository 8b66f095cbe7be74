"""The two ways into the zip writer make the same files: rows as dicts of plain values
(write_table, DSAR packages) and a table's rows as the driver gives them, in batches
(write_batches, the exit export)."""

import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, MetaData, Numeric, String, Table, Text

from shared.db.types import UtcDateTime
from shared.zip_export import plain, write_batches, write_table

TABLE = Table(
    "things", MetaData(),
    Column("id", Integer, primary_key=True), Column("name", String(50)), Column("notes", Text),
    Column("born", Date), Column("seen_at", UtcDateTime), Column("amount", Numeric(12, 2)),
    Column("active", Boolean), Column("score", Float), Column("doc", JSON), Column("100%", String(5)),
)
ROWS = [
    (1, "=HYPERLINK(1)", "Zoë \"quoted\", comma\nnew line €", date(1980, 2, 29),
     datetime(2026, 1, 10, 9, 0, tzinfo=UTC), Decimal("-12.50"), True, 1.5, {"a": [1, "x"]}, "%s"),
    (2, None, None, None, None, None, None, None, None, None),
    (3, "-12.50", "\tx\x00\x1f\u2028", date(2025, 1, 1), datetime(2026, 1, 10, 9, 0, 0, 5, tzinfo=UTC),
     Decimal("-1E+5"), False, float("nan"), "text", "@SUM"),
    (4, "+31 6", "", date(2025, 1, 2), None, Decimal("0.00"), True, -0.0, None, "-"),
]


def entries(write) -> dict[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        assert write(zf) == len(ROWS)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_batches_of_driver_rows_make_the_files_that_dicts_of_plain_values_make():
    keys = list(TABLE.columns.keys())
    dicts = ({k: plain(v) for k, v in zip(keys, row, strict=True)} for row in ROWS)
    as_dicts = entries(lambda zf: write_table(zf, "things", keys, dicts))
    as_batches = entries(lambda zf: write_batches(zf, "things", TABLE, [ROWS[:1], [], ROWS[1:]]))
    assert as_batches == as_dicts
    assert list(as_batches) == ["things.csv", "things.json"]
    assert json.loads(as_batches["things.json"])[0]["amount"] == "-12.50"
    assert b"'=HYPERLINK(1)" in as_batches["things.csv"] and b"'-1E+5" in as_batches["things.csv"]


def test_a_table_without_rows_has_a_header_and_an_empty_array():
    files = entries(lambda zf: write_batches(zf, "things", TABLE, iter([])) + len(ROWS))
    assert files["things.json"] == b"[\n]\n"
    assert files["things.csv"].decode().splitlines() == [",".join(TABLE.columns.keys())]


def test_the_csv_lines_are_those_of_csv_writer():
    import csv
    import random

    from shared.zip_export import _csv_lines

    rnd = random.Random(19)
    pieces = ["a", " ", ",", '"', "\r", "\n", "\r\n", "\x00", "é", "€", "😀", "'", "=", ""]
    values = ["".join(rnd.choices(pieces, k=rnd.randint(0, 6))) for _ in range(400)] + [None, 7, -0.0, 1.5, True]
    for width in (1, 2, 3):
        rows = [tuple(rnd.choice(values) for _ in range(width)) for _ in range(300)] + [("",) * width]
        expected = io.StringIO()
        csv.writer(expected).writerows(rows)
        assert "".join(_csv_lines(list(zip(*rows, strict=True)))) == expected.getvalue()
