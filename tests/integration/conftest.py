"""Fixtures of the integration tests."""

from __future__ import annotations

import pytest

from tests.support.dsar_platform import seed
from tests.support.register import STAFF


@pytest.fixture
def platform(deps):
    """The small DSAR platform (tests/support/dsar_platform.py) seeded into the platform database."""
    with deps.platform.begin() as conn:
        seed(conn)
    return deps


@pytest.fixture
def seeded_register(client, deps):
    """The register as its first reader finds it: seeded (shared/register/seed.py)."""
    assert client.get("register/activities", role=STAFF).status == 200
    return deps
