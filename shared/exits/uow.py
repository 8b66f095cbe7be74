"""One unit of work over the store and the platform database.

When both are the same database (the local default, and the tests) one connection and one
transaction carry both: two write transactions on one SQLite file would lock each other.
Otherwise the store commits first, so the erasure ledger is written before the erasure
(shared.ledger); a platform commit that then fails is finished on resume by replaying the
ledger entries of the last batch (shared.exits.destruction)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from shared.deps import Deps


def same_database(deps: Deps) -> bool:
    return deps.store is deps.platform or deps.store.url == deps.platform.url


@contextmanager
def units(deps: Deps) -> Iterator[tuple[Connection, Connection]]:
    """Yields (store, platform) connections in transactions that commit together on success."""
    if same_database(deps):
        with deps.store.begin() as conn:
            yield conn, conn
        return
    with deps.platform.begin() as platform, deps.store.begin() as store:
        yield store, platform
