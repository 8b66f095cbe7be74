"""The client's export at exit: every client-scoped table of the data map as one CSV and one JSON
file, the stored files, and a Dutch README, in one zip in the EXPORTS container.

Built ahead by the nightly exit_processing (`refresh`), never inside a request: at the first run
after the notice, and again when stale (rules.export_stale: older than EXPORT_MAX_AGE, or the
client's row count of a table differs from the build's). The GET hands out a link to the last build.

No database connection is held across a Blob call. Each table's rows are read once, whole, over
one streaming query (batches of READ_BATCH; a server-side cursor on PostgreSQL) on one platform
connection and written straight into the zip, which spools to a temporary file
(shared/zip_export.py), together with the list of stored files; the connection is closed before
the files are streamed in from Blob storage and before the upload, which reads the temporary file
in chunks. Memory stays bounded throughout."""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from shared import audit, zip_export
from shared.audit import SYSTEM, Actor
from shared.datamap import exit_facts
from shared.datamap.discovery import client_keys_after, client_rows_query, client_table_query, table
from shared.datamap.model import TableMap
from shared.deps import Deps
from shared.errors import BlobMissing
from shared.exits import queries as q
from shared.exits import rules, texts
from shared.storage import DOCUMENTS, EXPORTS
from shared.zip_export import SPOOL_BYTES, read_chunks

BATCH = 1000  # keys per query of the stored files (SQL Server: at most 2,100 parameters a statement)
READ_BATCH = 10_000  # rows fetched at a time from a table's one query
ZIP_LEVEL = 1  # deflate level: 3-4x the speed of the default (6), the zip some 20% larger
SAFE = re.compile(r"[^A-Za-z0-9._-]+")  # file names inside the zip


def client_ids(conn: Connection, tm: TableMap, client_id: int, batch: int = BATCH) -> Iterator[list[int]]:
    after = 0
    while True:
        ids = list(conn.execute(client_keys_after(tm, client_id, after, batch)).scalars().all())
        if not ids:
            return
        yield ids
        after = ids[-1]


def table_batches(conn: Connection, tm: TableMap, client_id: int) -> Iterator[Sequence[Any]]:
    """The client's rows of one table in key order, READ_BATCH at a time from one query (a
    server-side cursor on PostgreSQL): each row read once, whole, as the driver gives it."""
    result = conn.execution_options(yield_per=READ_BATCH).execute(client_table_query(tm, client_id))
    yield from result.partitions()


def write_table(zf: zipfile.ZipFile, conn: Connection, tm: TableMap, client_id: int) -> int:
    return zip_export.write_batches(zf, tm.table, table(tm.table), table_batches(conn, tm, client_id))


def file_name(row_id: int, original: str | None) -> str:
    """A stored file's name in the zip: its row's key, then its original name made safe."""
    return f"documenten/{row_id}_{SAFE.sub('_', original or 'document')[:100]}"


def stored_files(conn: Connection, client_id: int) -> list[tuple[str, str]]:
    """(name in the zip, blob path) of the client's stored files: read now, streamed in later."""
    out = []
    for files in exit_facts.file_tables():
        for ids in client_ids(conn, files.map, client_id):
            out += [(file_name(r, original), path) for r, original, path in conn.execute(q.stored_files(files, ids))
                    if path]
    return out


def write_files(zf: zipfile.ZipFile, deps: Deps, files: list[tuple[str, str]]) -> tuple[int, int]:
    """The stored files, streamed from the DOCUMENTS container. Returns (written, missing)."""
    written = missing = 0
    for name, path in files:
        try:
            with zf.open(name, "w") as out:
                for chunk in deps.blobs.stream(DOCUMENTS, path):
                    out.write(chunk)
            written += 1
        except BlobMissing:
            missing += 1
    return written, missing


def client_counts(conn: Connection, client_id: int) -> dict[str, int]:
    """The client's rows per exported table: what a build records, and what tells a stale one."""
    return {tm.table: conn.execute(select(func.count()).select_from(
        client_rows_query(tm, client_id).order_by(None).subquery())).scalar_one()
        for tm in exit_facts.export_order()}


def stale_reason(deps: Deps, row: Any, now: datetime) -> str | None:
    """Why this exit's export must be (re)built: missing, too old, or the client's data changed."""
    if row.export_blob is None:
        return "missing"
    if rules.export_stale(row.export_built_at, now):
        return "age"
    built = row.export_counts or {}
    with deps.platform.connect() as platform:
        counts = client_counts(platform, row.client_id)
    return "changed" if any(built.get(t) != n for t, n in counts.items()) else None


def build_export(deps: Deps, exit_id: str, actor: Actor = SYSTEM) -> Any:
    """Build (or rebuild) the export of one exit and return the updated exit row."""
    now = deps.clock.now()
    with deps.store.connect() as store:
        row = store.execute(q.exit_by_id(exit_id)).one()
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    name = f"{row.client_id}/{exit_id}/export-{now:%Y%m%dT%H%M%S%f}.zip"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
            order = exit_facts.export_order()
            with deps.platform.connect() as platform:  # reads only; closed before any Blob call
                for tm in order:
                    counts[tm.table] = write_table(zf, platform, tm, row.client_id)
                files = stored_files(platform, row.client_id)
            written, missing = write_files(zf, deps, files)
            lead = order[0].table if order and order[0].exit.export_first else None
            zf.writestr("README.txt", texts.readme(row.client_id, exit_id, now, counts, written, lead))
        spool.seek(0)
        deps.blobs.upload(EXPORTS, name, read_chunks(spool, digest), overwrite=True, content_type="application/zip")
    with deps.store.begin() as store:
        current = row.export_blob
        won = store.execute(q.set_export(
            exit_id, current, export_blob=name, export_built_at=now, export_sha256=digest.hexdigest(),
            export_counts={**counts, "document_files": written, "document_files_missing": missing},
            updated_at=now)).rowcount
        if won:
            audit.record(store, actor, "exit.export_built", "exit", exit_id, now,
                         {"client_id": row.client_id, "rows": sum(counts.values()), "document_files": written,
                          "rebuilt": current is not None})
        fresh = store.execute(q.exit_by_id(exit_id)).one()
    if won and current:
        deps.blobs.delete(EXPORTS, current)
    if not won:
        deps.blobs.delete(EXPORTS, name)
    return fresh


def refresh(deps: Deps, now: datetime, failed: list[str]) -> dict[str, int]:
    """The nightly step: build every missing export of an exit that offers one, rebuild the stale."""
    with deps.store.connect() as store:
        rows = list(store.execute(q.exports_to_refresh()))
    done = {"exports_built": 0, "exports_rebuilt": 0}
    for row in rows:
        try:
            why = stale_reason(deps, row, now)
            if why:
                build_export(deps, row.id)
                done["exports_built" if why == "missing" else "exports_rebuilt"] += 1
        except Exception as exc:  # one client's export does not hold up the others
            failed.append(f"export of exit {row.id}: {type(exc).__name__}")
    return done


def drop_export(deps: Deps, exit_id: str, blob: str) -> None:
    """Delete an export blob and forget it (a cancelled or destroyed exit)."""
    deps.blobs.delete(EXPORTS, blob)
    with deps.store.begin() as store:
        store.execute(q.forget_export(exit_id, blob))
