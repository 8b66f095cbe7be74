"""Engines for both databases. Azure SQL gets a fresh Entra token per connection; no password."""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

SQL_COPT_SS_ACCESS_TOKEN = 1256  # pyodbc connection attribute for an Entra access token
AZURE_SQL_SCOPE = "https://database.windows.net/.default"


def token_struct(token: str) -> bytes:
    """The ODBC driver wants the token as UTF-16-LE bytes, prefixed by their length."""
    raw = token.encode("utf-16-le")
    return struct.pack(f"<I{len(raw)}s", len(raw), raw)


def _attach_entra_token(engine: Engine, credential_factory: Any) -> None:
    credential = credential_factory()

    @event.listens_for(engine, "do_connect")
    def _token(dialect: Any, conn_rec: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        cparams.pop("password", None)
        cparams.pop("user", None)
        token = credential.get_token(AZURE_SQL_SCOPE).token  # fresh per connection
        cparams["attrs_before"] = {SQL_COPT_SS_ACCESS_TOKEN: token_struct(token)}


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL sync: no corruption on a crash, and a commit costs no fsync (4 ms each on a
        # laptop disk otherwise). SQLite is the local and test store only; Azure SQL is the deployed one.
        cur.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint per 40 MB of WAL, not 4 MB: a batch of a sweep or an erasure rewrites index
        # pages that the batches before wrote too, and each checkpoint writes them back again.
        cur.execute("PRAGMA wal_autocheckpoint=10000")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()


def _default_credential() -> Any:
    from azure.identity import DefaultAzureCredential  # lazy: keeps cold start small

    return DefaultAzureCredential()


def build_engine(url: str, credential_factory: Any = _default_credential) -> Engine:
    parsed = make_url(url)
    # Statement parameters are personal data: keep them out of error messages and logs.
    kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_pragmas(engine)
    if parsed.get_backend_name() == "mssql" and not parsed.password:
        _attach_entra_token(engine, credential_factory)
    return engine


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    return build_engine(url)
