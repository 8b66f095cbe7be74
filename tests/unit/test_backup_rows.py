"""Rows survive the JSON-lines encoding with their types, whatever form the driver gives them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, LargeBinary, MetaData, String, Table, Time

from shared.backups.rows import column_kind, decode_batch, decode_header, encode_batch, header_line, row_decoder
from shared.db.types import JsonDoc, Money, UtcDateTime

md = MetaData()
sample = Table("sample", md, Column("id", Integer, primary_key=True), Column("name", String(20)),
               Column("amount", Money), Column("at", UtcDateTime), Column("doc", JsonDoc),
               Column("blob", LargeBinary), Column("on", Date), Column("flag", Boolean),
               Column("naive", DateTime), Column("t", Time))
COLUMNS = [c.name for c in sample.columns]


def round_trip(rows):
    line = header_line(sample)
    table, columns, kinds = decode_header(line)
    assert table == "sample" and columns == COLUMNS
    encoded = encode_batch(rows)
    assert encoded.endswith(b"\n") and encoded.count(b"\n") == 1
    decode = row_decoder(sample, columns, kinds)
    return [decode(values) for values in decode_batch(encoded[:-1])]


def test_kinds_come_from_the_column_types():
    assert [column_kind(c) for c in sample.columns] == [
        "plain", "plain", "decimal", "datetime_utc", "json", "bytes", "date", "bool", "datetime", "time"]


def test_python_typed_driver_values_round_trip():
    """PostgreSQL and SQL Server drivers hand over typed values."""
    at = datetime(2026, 11, 24, 9, 0, 1, 123456, tzinfo=UTC)
    row = (1, "Jan", Decimal("1234.50"), at, json.dumps({"$d": "not a tag", "l": [1, None]}), b"\x00\xff",
           date(2024, 2, 29), True, datetime(2026, 1, 1, 0, 0), time(23, 59, 59))
    back = round_trip([row])[0]
    assert back == {"id": 1, "name": "Jan", "amount": Decimal("1234.50"), "at": at,
                    "doc": {"$d": "not a tag", "l": [1, None]}, "blob": b"\x00\xff", "on": date(2024, 2, 29),
                    "flag": True, "naive": datetime(2026, 1, 1), "t": time(23, 59, 59)}
    assert str(back["amount"]) == "1234.50" and back["naive"].tzinfo is None


def test_sqlite_driver_values_come_back_typed():
    """SQLite hands over text dates, float or integer amounts, 0/1 booleans and naive UTC text."""
    row = (2, None, 10, "2026-11-24 09:00:00.000000", '["a"]', None, "2024-02-29", 0,
           "2026-01-01 00:00:00.000000", "23:59:59.000000")
    back = round_trip([row])[0]
    assert back["amount"] == Decimal("10.00") and str(back["amount"]) == "10.00"
    assert back["at"] == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert back["doc"] == ["a"] and back["on"] == date(2024, 2, 29) and back["flag"] is False
    assert back["naive"] == datetime(2026, 1, 1) and back["t"] == time(23, 59, 59)
    assert round_trip([(3, None, 1234.56, None, None, None, None, None, None, None)])[0]["amount"] == \
        Decimal("1234.56")


def test_aware_datetimes_in_other_offsets_become_utc():
    amsterdam = timezone(timedelta(hours=1))
    row = (1, None, None, datetime(2026, 3, 29, 3, 30, tzinfo=amsterdam), None, None, None, None, None, None)
    assert round_trip([row])[0]["at"] == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)


def test_json_columns_are_selected_as_text_so_no_driver_parses_them():
    from sqlalchemy.dialects import postgresql

    from shared.backups.dump import table_query

    sql = str(table_query(sample).compile(dialect=postgresql.dialect()))
    assert "CAST(sample.doc AS TEXT) AS doc" in sql and "ORDER BY sample.id" in sql


def test_non_ascii_and_newlines_in_text_stay_on_one_line():
    row = (1, "Zoë \n 's-Hertogenbosch \u2028", None, None, None, None, None, None, None, None)
    assert round_trip([row])[0]["name"] == row[1]


def test_driver_row_objects_that_are_not_tuples_are_copied():
    class DriverRow:  # like pyodbc.Row: a sequence, not a tuple
        def __init__(self, *v):
            self.v = v

        def __iter__(self):
            return iter(self.v)

    assert encode_batch([DriverRow(1, "a")]) == b'[[1,"a"]]\n'


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=10)
int64 = st.integers(-2**63, 2**63 - 1)  # the widest integer column of every database


@given(st.lists(st.tuples(int64, st.text() | st.none(),
                          st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                      min_value=-10**9, max_value=10**9) | st.none(),
                          st.datetimes(timezones=st.just(UTC)) | st.none(), json_values.map(json.dumps) | st.none(),
                          st.binary() | st.none(), st.dates() | st.none(), st.booleans() | st.none(),
                          st.datetimes() | st.none(), st.times() | st.none()),
                max_size=5))
def test_any_rows_round_trip(rows):
    back = round_trip(rows)
    for row, got in zip(rows, back, strict=True):
        expected = dict(zip(COLUMNS, row, strict=True))
        if expected["doc"] is not None:
            expected["doc"] = json.loads(expected["doc"])
        assert got == expected


def test_sqlite_writes_the_same_json_as_the_python_encoder():
    """On SQLite the dump takes each row's JSON from SQLite itself (json_array): it must decode to
    the values the driver's rows encode to (text, numbers, 0/1, NULL, JSON text)."""
    from sqlalchemy import create_engine, insert

    from shared.backups.dump import encoded_batches, row_batches

    table = Table("json_rows", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(40)),
                  Column("amount", Money), Column("at", UtcDateTime), Column("doc", JsonDoc), Column("flag", Boolean))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table), [
            {"id": 1, "name": 'Zoë "\\ \n \u2028 \x00', "amount": Decimal("1234567890.12"),
             "at": datetime(2026, 11, 24, 9, 0, 1, 123456, tzinfo=UTC), "doc": {"$d": "x", "l": [1, None]},
             "flag": True},
            {"id": 2, "name": None, "amount": Decimal("0.10"), "at": None, "doc": None, "flag": False}])
        lines = [line for _, line in encoded_batches(conn, table, batch=1)]
        expected = [encode_batch(rows) for rows in row_batches(conn, table, batch=1)]
    assert len(lines) == 2 and all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in lines)
    assert [decode_batch(line) for line in lines] == [decode_batch(line) for line in expected]
