"""One CSV-cell rule for every CSV the suite writes (OWASP CSV injection)."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest

from shared.csv_cells import safe_cell
from shared.zip_export import plain, write_table


@pytest.mark.parametrize("value", ["=1+1", "+31 6 12345678", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Jan", "", "-12.50", "-3", 7, None, "a=b"])
def test_other_values_stay(value):
    assert safe_cell(value) == value


def test_the_zip_writer_neutralises_every_cell():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        row = {"name": "=HYPERLINK(1)", "amount": plain(Decimal("-5.00"))}
        write_table(zf, "debtors", ["name", "amount"], iter([row]))
    rows = list(csv.DictReader(io.StringIO(zipfile.ZipFile(buf).read("debtors.csv").decode())))
    assert rows == [{"name": "'=HYPERLINK(1)", "amount": "-5.00"}]
