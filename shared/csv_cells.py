"""CSV cells that are safe to open: a spreadsheet runs a cell that starts with = + - @, a tab or a
carriage return as a formula (CSV injection, OWASP). Such text gets a leading apostrophe, which
spreadsheets show as text. Plain numbers (-12.50) are not formulas and stay as they are.
Every CSV the suite writes goes through here: DSAR packages and exit exports (shared/zip_export.py),
the processing register and the breach register."""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d{1,30}(?:\.\d{1,30})?")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
