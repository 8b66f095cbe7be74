"""Ids of the suite's and the platform's rows: positive 32-bit integers (INT on every database)."""

from __future__ import annotations

MAX_ID = 2**31 - 1
