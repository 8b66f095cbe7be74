"""Restore a snapshot into an empty database: verify every part first, then load the tables in
one transaction, then replay the erasure ledger (the restored one, completed with the current
store's entries), and only then report success."""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, func, insert, inspect, literal, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import AddConstraint, CreateIndex, CreateTable, ExecutableDDLElement

from shared import audit
from shared.backups import rows as rowcodec
from shared.backups.catalog import SnapshotRefused, key_of, load, record_check, verify
from shared.backups.dump import metadatas
from shared.backups.frames import ByteReader, CorruptPart, lines, open_sealed
from shared.backups.replay import BATCH, ReplayReport, replay
from shared.db.bulk import copy_into, insert_values, load_rows
from shared.db.engines import build_engine
from shared.deps import Deps
from shared.ledger import erasure_ledger
from shared.pseudonym import from_deps as pseudonymiser_from
from shared.storage import BACKUPS

Progress = Callable[[str, int, int | None], None]


class LiveLedgerUnavailable(Exception):
    """The live store cannot be read: only the snapshot's own ledger can be replayed."""


class RestoreFailed(Exception):
    """Writing the target failed part-way; its transaction was rolled back. No row values in it."""


class RestoreRefused(Exception):
    """The target is not a safe place to restore into (it holds rows, or it is the live database)."""


@dataclass
class RestoreReport:
    snapshot_id: str
    taken_at: str
    target: str
    tables: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    current_ledger_added: int = 0
    current_ledger: str = "included"  # included | unavailable
    audited_in: str = "live store"  # or "restored database" when the live store is down
    ledger: ReplayReport = field(default_factory=ReplayReport)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {"snapshot_id": self.snapshot_id, "taken_at": self.taken_at, "target": self.target,
                "tables": len(self.tables), "rows": self.rows, "rows_per_table": dict(self.tables),
                "documents": self.documents, "current_ledger": self.current_ledger,
                "current_ledger_added": self.current_ledger_added, "ledger_replayed": self.ledger.as_dict(),
                "audited_in": self.audited_in,
                "seconds": round(self.seconds, 3)}


def same_database(a: str, b: str) -> bool:
    return make_url(a).render_as_string(hide_password=False) == make_url(b).render_as_string(hide_password=False)


def _part_stream(deps: Deps, key: bytes, snapshot_id: str, part: dict[str, Any]) -> Iterator[bytes]:
    return open_sealed(deps.blobs.stream(BACKUPS, part["blob"]), key, snapshot_id, part["name"])


def has_rows_query(t: Table) -> Any:
    return select(literal(1)).select_from(t).limit(1)


def tables_with_rows(conn: Connection, tables: list[Table]) -> list[str]:
    return [t.name for t in tables if conn.execute(has_rows_query(t)).first() is not None]


def load_table(conn: Connection, table: Table, line_iter: Iterator[bytes], progress: Progress, label: str, *,
               same_driver: bool = False) -> int:
    """Load one table part, a batch line at a time (memory stays at one batch). `same_driver`: the
    snapshot was read by this database kind's driver, so a row holding every column goes back
    as dumped, with no conversion per value."""
    head = next(line_iter, None)
    if head is None:
        raise CorruptPart("the part is empty")
    name, columns, kinds = rowcodec.decode_header(head)
    if name != table.name:
        raise CorruptPart("the part holds another table")
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise SnapshotRefused(f"table {table.name}: columns {unknown} are not in this schema version")
    as_dumped = same_driver and len(columns) == len(table.columns)  # else: Python-side defaults fill the rest
    count = 0
    with _loader(conn, table, columns, kinds, as_dumped) as load:
        for line in line_iter:
            batch = rowcodec.decode_batch(line)
            if batch:
                load(batch)
            count += len(batch)
            progress(label, count, None)
    return count


@contextmanager
def _loader(conn: Connection, table: Table, columns: list[str], kinds: list[str],
            as_dumped: bool) -> Iterator[Callable[[list[Any]], Any]]:
    """How a part's batches go in: as dumped, one COPY for the whole table on PostgreSQL (a COPY
    a batch waited for the server at the end of each) or an executemany a batch; else decoded
    a row at a time, with the columns' Python-side defaults."""
    if as_dumped and conn.dialect.name == "postgresql":
        with copy_into(conn, table, columns) as write:
            yield write
    elif as_dumped:
        yield lambda batch: insert_values(conn, table, columns, batch, driver_ready=True)
    else:
        decode = rowcodec.row_decoder(table, columns, kinds)
        yield lambda batch: load_rows(conn, table, [decode(values) for values in batch])


def document_records(chunks: Iterator[bytes]) -> Iterator[tuple[str, list[bytes]]]:
    """(name, content chunks) per document of a documents part (one document in memory)."""
    reader = ByteReader(chunks)
    while True:
        top = reader.read(4)
        if not top:
            return
        head = reader.read(struct.unpack(">I", top)[0])
        name = json.loads(head)["name"]
        content: list[bytes] = []
        while True:
            n = struct.unpack(">I", reader.read(4))[0]
            if n == 0:
                break
            content.append(reader.read(n))
        yield name, content


def create_tables_without_indexes(conn: Connection, tables: list[Table]) -> list[ExecutableDDLElement]:
    """Create these tables (in dependency order) with their keys but not their secondary indexes,
    and return the DDL left for after the load: loading rows and then building each index once
    is faster than keeping every index up to date row by row. On PostgreSQL the foreign keys wait
    too: adding one checks every row in one join, where a row loaded under it costs a trigger call
    and a lookup in the parent."""
    keys_later = conn.dialect.name == "postgresql"
    for t in tables:
        conn.execute(CreateTable(t, include_foreign_key_constraints=[] if keys_later else None))
    later: list[ExecutableDDLElement] = [CreateIndex(index) for t in tables
                                         for index in sorted(t.indexes, key=lambda i: str(i.name))]
    if keys_later:
        # isolate_from_table=False: by default AddConstraint marks the table's constraint never to
        # be created with its table again, for the whole process (a later create_all lost its keys).
        later += [AddConstraint(fk, isolate_from_table=False) for t in tables
                  for fk in sorted(t.foreign_key_constraints, key=lambda c: str(c.name))]
    return later


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL does not move a serial's sequence on explicit ids; SQL Server and SQLite do."""
    if conn.dialect.name != "postgresql":
        return
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and isinstance(pk[0].type, Integer):
            top = conn.execute(select(func.max(pk[0]))).scalar()
            if top is not None:
                conn.execute(select(func.setval(func.pg_get_serial_sequence(t.name, pk[0].name), top)))


def copy_current_ledger(store: Engine, conn: Connection) -> int:
    """Add the live ledger's entries that the snapshot lacks (ids not in the restored ledger):
    erasures after the snapshot, and those that committed after it with an earlier id."""
    added, last = 0, 0
    cols = [c.name for c in erasure_ledger.columns]
    with ExitStack() as stack:
        try:
            live = stack.enter_context(store.connect())
        except SQLAlchemyError:
            raise LiveLedgerUnavailable from None
        while True:
            try:
                page = live.execute(select(erasure_ledger).where(erasure_ledger.c.id > last)
                                    .order_by(erasure_ledger.c.id).limit(BATCH)).all()
            except SQLAlchemyError:
                raise LiveLedgerUnavailable from None
            if not page:
                return added
            ids = [r.id for r in page]
            have = {i for (i,) in conn.execute(select(erasure_ledger.c.id).where(erasure_ledger.c.id.in_(ids)))}
            new = [dict(zip(cols, r, strict=True)) for r in page if r.id not in have]
            if new:
                conn.execute(insert(erasure_ledger), new)
                added += len(new)
            last = ids[-1]


@contextmanager
def loading(target: Engine) -> Iterator[Connection]:
    """The restore's one transaction on the target. SQLite goes to the rollback journal for it: in
    WAL mode every page of the load is written twice (into the log, then by the checkpoint), with
    the journal once, as the target holds no rows (its new pages need no journal entry). Later
    connections go back to WAL (`build_engine` sets it on each)."""
    with target.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
            conn.commit()
        with conn.begin():
            yield conn


def restore(deps: Deps, snapshot_id: str, target_url: str, *, progress: Progress | None = None,
            actor: audit.Actor = audit.SYSTEM, kind: str = "restore",
            documents_into: str | None = None) -> RestoreReport:
    """Restore into `target_url`. Raises NotFound, SnapshotRefused (bad or incomplete snapshot,
    nothing written) or RestoreRefused (target not empty, or the live database)."""
    progress = progress or (lambda label, done, total: None)
    started = time.monotonic()
    manifest = load(deps, snapshot_id)
    for live in (deps.store.url, deps.platform.url):
        if same_database(target_url, live.render_as_string(hide_password=False)):
            raise RestoreRefused("the target is the live database: restore into an empty, separate database")
    bad = verify(deps, snapshot_id, progress)
    if bad:
        with deps.store.begin() as conn:
            record_check(conn, actor, snapshot_id, kind, False, {"bad_parts": len(bad)}, deps.clock.now())
        raise SnapshotRefused("the snapshot fails its checks: nothing was restored", bad)
    key = key_of(deps, manifest)  # the key version the snapshot was sealed with
    pseudonymise = pseudonymiser_from(deps)  # Key Vault before any transaction
    report = RestoreReport(snapshot_id, manifest["taken_at"], make_url(target_url).render_as_string(hide_password=True))
    mds = metadatas()
    target = build_engine(target_url)
    try:
        with loading(target) as conn:
            all_tables = [t for md in mds.values() for t in md.sorted_tables]
            present = set(inspect(conn).get_table_names())
            busy = tables_with_rows(conn, [t for t in all_tables if t.name in present])
            if busy:
                raise RestoreRefused(f"the target already holds rows (in {len(busy)} tables, e.g. {busy[0]}): "
                                     "restore only into an empty database")
            deferred = create_tables_without_indexes(conn, [t for t in all_tables if t.name not in present])
            parts = manifest["parts"]
            with rowcodec.collector_paused():
                for i, part in enumerate(parts):
                    if part["kind"] != "table":
                        continue
                    table = mds[part["database"]].tables.get(part["table"])
                    if table is None:
                        raise SnapshotRefused(f"table {part['table']} is not in this schema version")
                    same_driver = manifest.get("dialects", {}).get(part["database"]) == conn.dialect.name
                    rows = load_table(conn, table, lines(_part_stream(deps, key, snapshot_id, part)), progress,
                                      part["name"], same_driver=same_driver)
                    if rows != part["rows"]:
                        raise CorruptPart(f"{part['name']}: {rows} rows restored, the manifest says {part['rows']}")
                    report.tables[part["name"]] = rows
                    progress("tables restored", i + 1, len(parts))
            for ddl in deferred:
                conn.execute(ddl)
            reset_sequences(conn, all_tables)
            try:
                report.current_ledger_added = copy_current_ledger(deps.store, conn)
            except LiveLedgerUnavailable:
                report.current_ledger = "unavailable"
            platform_tables = list(mds["platform"].sorted_tables)
            report.ledger = replay(conn, platform_tables, pseudonymise)
            progress("ledger replayed", report.ledger.entries, report.ledger.entries)
            report.documents = _documents(deps, key, manifest, conn, documents_into, progress)
    except SQLAlchemyError as exc:
        # The driver's message can quote row values (personal data): keep it out of logs and consoles.
        raise RestoreFailed(f"the target database refused the restore ({type(exc).__name__}); "
                            "its transaction was rolled back") from None
    finally:
        target.dispose()
    report.seconds = time.monotonic() - started
    details = {"tables": len(report.tables), "rows": report.rows, "documents": report.documents,
               "ledger_entries": report.ledger.entries}
    try:
        with deps.store.begin() as conn:
            record_check(conn, actor, snapshot_id, kind, True, details, deps.clock.now())
    except SQLAlchemyError:
        # The live store is down (a real disaster): the restored store keeps the audit event instead.
        report.audited_in = "restored database"
        target = build_engine(target_url)
        try:
            with target.begin() as conn:
                record_check(conn, actor, snapshot_id, kind, True, details, deps.clock.now())
        finally:
            target.dispose()
    return report


def _documents(deps: Deps, key: bytes, manifest: dict[str, Any], conn: Connection, into: str | None,
               progress: Progress) -> int:
    """Read back the documents part (counts must match); with `into`, write the documents whose
    row survived the ledger replay to that container (an erased document stays gone)."""
    from shared.datamap.discovery import blob_tables

    count = 0
    for part in manifest["parts"]:
        if part["kind"] != "documents":
            continue
        n = 0
        for name, content in document_records(_part_stream(deps, key, manifest["id"], part)):
            n += 1
            if into and any(conn.execute(select(t.c.id).where(t.c[column] == name)).first()
                            for t, column in blob_tables()):
                deps.blobs.upload(into, name, b"".join(content), overwrite=True)
            progress("documents", n, part["rows"])
        if n != part["rows"]:
            raise CorruptPart(f"{part['name']}: {n} documents, the manifest says {part['rows']}")
        count += n
    return count


def replay_ledger(deps: Deps, target_url: str) -> ReplayReport:
    """Replay the erasure ledger onto a database restored by other means (Azure SQL point-in-time
    or long-term restore): with its own store tables, the live entries it lacks are added first
    and its whole ledger is replayed; a platform-only database gets the live ledger replayed."""
    pseudonymise = pseudonymiser_from(deps)  # Key Vault before any connection is out
    target = build_engine(target_url)
    try:
        with target.begin() as conn:
            platform_tables = list(metadatas()["platform"].sorted_tables)
            if erasure_ledger.name in inspect(conn).get_table_names():
                copy_current_ledger(deps.store, conn)
                return replay(conn, platform_tables, pseudonymise)
            with deps.store.connect() as live:
                return replay(conn, platform_tables, pseudonymise, ledger_conn=live)
    finally:
        target.dispose()
