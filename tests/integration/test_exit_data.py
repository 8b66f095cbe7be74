"""The exit tests' seeded client (tests/support/exit_data.py) fills every client-scoped table."""

from __future__ import annotations

from shared.datamap.platform_map import DATA_MAP
from tests.support.exit_data import (
    client_counts,
    seed_client,
)


def test_seeded_client_fills_every_client_scoped_table(deps):
    with deps.platform.begin() as conn:
        one = seed_client(conn, 1)
        seed_client(conn, 2, debtors=1)
    assert all(one.rows[tm.table] > 0 for tm in DATA_MAP.client_scoped())
    with deps.platform.connect() as conn:
        assert client_counts(conn, 2)["debtors"] == 1
