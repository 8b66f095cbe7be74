"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the local server
(created per test run and dropped after, so concurrent runs never share one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from shared.db.engines import build_engine

PG_ENV = "PRIVACY_TEST_POSTGRES_URL"


def backends() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get(PG_ENV) else ["sqlite"]


@contextmanager
def fresh_database(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'db-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    base = make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg")
    name = f"privacy_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def create_schema(engine: Engine) -> None:
    """Both schemas on one database, as in the local default."""
    import shared.tables  # noqa: F401
    from shared.db.metadata import platform_metadata, store_metadata

    platform_metadata.create_all(engine, checkfirst=False)  # a fresh database: no reflection needed
    store_metadata.create_all(engine, checkfirst=False)


def engine_with_schema(url: str) -> Engine:
    engine = build_engine(url)
    create_schema(engine)
    return engine
