"""Fixtures of the integration tests."""

from __future__ import annotations

import pytest

from tests.support.dsar_platform import seed


@pytest.fixture
def platform(deps):
    """The small DSAR platform (tests/support/dsar_platform.py) seeded into the platform database."""
    with deps.platform.begin() as conn:
        seed(conn)
    return deps
