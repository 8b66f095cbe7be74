"""One unit of work over the store and the platform database.

When both are the same database (the local default and the tests) one connection serves both,
so SQLite never waits on its own second writer. Otherwise the store commits first: its erasure
ledger then never lags behind the platform (a failed platform commit is re-done by a replay).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from shared.deps import Deps


@contextmanager
def both(deps: Deps) -> Iterator[tuple[Connection, Connection]]:
    """(store, platform) connections in transactions, committed together on success."""
    if deps.store is deps.platform or str(deps.store.url) == str(deps.platform.url):
        with deps.store.begin() as conn:
            yield conn, conn
        return
    with deps.platform.begin() as platform, deps.store.begin() as store:
        yield store, platform
