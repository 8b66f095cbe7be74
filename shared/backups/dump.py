"""Consistent reads of the two databases, as streams of row batches.

Each database is read inside ONE transaction: REPEATABLE READ on PostgreSQL, SNAPSHOT on
SQL Server (Azure SQL has snapshot isolation on), one read transaction on SQLite (WAL keeps
the snapshot from its first read). When the store and the platform are the same database,
one connection reads both, so the whole snapshot is one point in time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, UnicodeText, cast, column, func, inspect, select, table

from shared.backups.rows import column_kind, encode_batch, is_json_column

BATCH_ROWS = 5000
# PostgreSQL types read as their text: the dump writes them as text anyway (restore parses them
# by the column's kind, or COPY takes the text back), so building Python objects is wasted work.
PG_AS_TEXT = ("date", "time", "timestamp", "timestamptz", "numeric")
PG_TEXT_OID = 25

ISOLATION = {"postgresql": "REPEATABLE READ", "mssql": "SNAPSHOT"}


@dataclass
class Source:
    name: str  # store | platform
    conn: Connection
    metadata: MetaData


def metadatas() -> dict[str, MetaData]:
    import shared.tables  # noqa: F401 - registers every table
    from shared.db.metadata import platform_metadata, store_metadata

    return {"store": store_metadata, "platform": platform_metadata}


@contextmanager
def snapshot_connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        level = ISOLATION.get(engine.dialect.name)
        if level:
            conn = conn.execution_options(isolation_level=level)
        if engine.dialect.name == "sqlite":
            # pysqlite opens no transaction for reads: start one, and take the snapshot now.
            conn.exec_driver_sql("BEGIN")
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        else:
            conn.execute(select(1)).scalar()  # autobegins the transaction at this level
        try:
            yield conn
        finally:
            conn.rollback()


@contextmanager
def consistent_sources(store: Engine, platform: Engine) -> Iterator[list[Source]]:
    mds = metadatas()
    with ExitStack() as stack:
        store_conn = stack.enter_context(snapshot_connection(store))
        same = store.url.render_as_string(hide_password=False) == platform.url.render_as_string(hide_password=False)
        platform_conn = store_conn if same else stack.enter_context(snapshot_connection(platform))
        yield [Source("store", store_conn, mds["store"]), Source("platform", platform_conn, mds["platform"])]


def table_query(t: Table) -> Any:
    """All rows in primary-key order (stable, and the order a keyset restart would use); JSON
    columns as their text, so every driver hands over the same thing."""
    cols = [cast(c, UnicodeText).label(c.name) if is_json_column(c) else c for c in t.columns]
    return select(*cols).order_by(*t.primary_key.columns)


def sqlite_json_query(t: Table) -> Any:
    """Each row as SQLite's own JSON array of its values (the encoding `rows.encode_batch` writes):
    SQLite builds the text in C as it reads the row, so no Python object is made per value.
    SQLite keeps dates as text, amounts as numbers and booleans as 0/1, as its driver hands them
    over. Its REALs come out with 15 significant digits: exact for the amounts (NUMERIC(12, 2)
    and smaller), the only REAL values in the schema."""
    query = table_query(t)
    return select(func.json_array(*query.selected_columns)).order_by(*t.primary_key.columns)


def encoded_batches(conn: Connection, t: Table, batch: int = BATCH_ROWS) -> Iterator[tuple[int, bytes]]:
    """(rows, line): the table in batches, each one JSON line of `rows.encode_batch`'s format."""
    if conn.dialect.name == "sqlite" and not any(column_kind(c) == "bytes" for c in t.columns):  # JSON holds no BLOB
        raw: Any = conn.connection.driver_connection
        text_factory, raw.text_factory = raw.text_factory, bytes  # SQLite's UTF-8 as is: no decoding
        try:
            for rows in row_batches(conn, t, batch, sqlite_json_query(t)):
                yield len(rows), b"[" + b",".join([r[0] for r in rows]) + b"]\n"
        finally:
            raw.text_factory = text_factory
        return
    for rows in row_batches(conn, t, batch):
        yield len(rows), encode_batch(rows)


def row_batches(conn: Connection, t: Table, batch: int = BATCH_ROWS, query: Any = None) -> Iterator[Sequence[Any]]:
    """Driver rows of `query` (default: `table_query`), streamed, inside the connection's snapshot
    transaction: never a whole table in memory. The Core statement is compiled for the dialect and
    run on the driver's cursor (a server-side cursor on PostgreSQL; SQLite and pyodbc fetch lazily
    anyway), because building result rows costs more than the whole rest of the dump."""
    sql = str((table_query(t) if query is None else query).compile(dialect=conn.dialect))
    dbapi: Any = conn.connection
    if conn.dialect.name == "postgresql":
        # ISO dates and UTC offsets: text any reader parses the same way.
        dbapi.driver_connection.execute("SET LOCAL DateStyle TO 'ISO'")
        cursor = dbapi.driver_connection.cursor(name=f"backup_{t.name}")
        as_text = cursor.adapters.get_loader(PG_TEXT_OID, 0)  # psycopg's loader of text, in text format
        for name in PG_AS_TEXT:
            cursor.adapters.register_loader(name, as_text)
    else:
        cursor = dbapi.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()


def existing_tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def alembic_revision(conn: Connection, source: str, tables: set[str]) -> str | None:
    name = f"alembic_version_{source}"
    if name not in tables:
        return None
    return conn.execute(select(table(name, column("version_num")))).scalar()
