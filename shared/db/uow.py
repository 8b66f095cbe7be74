"""One unit of work over the suite's store and the platform database.

When both are the same database (the local default, and the tests) one connection and one
transaction carry both: two write transactions on one SQLite file would lock each other.
Otherwise the store commits first, so the erasure ledger is written before the erasure
(shared/ledger.py); a platform commit that then fails is finished by the resumed job or by a
replay of the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


def same_database(store: Engine, platform: Engine) -> bool:
    return store is platform or str(store.url) == str(platform.url)


@contextmanager
def store_and_platform(store: Engine, platform: Engine) -> Iterator[tuple[Connection, Connection]]:
    """(store, platform) connections in transactions that commit together on success."""
    if same_database(store, platform):
        with store.begin() as conn:
            yield conn, conn
        return
    # Exits are entered in order and left in reverse: the store commits before the platform.
    with platform.begin() as pconn, store.begin() as sconn:
        yield sconn, pconn
