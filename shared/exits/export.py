"""The client's export at exit: every client-scoped table of the data map as one CSV and one JSON
file, the documents' files, and a Dutch README, in one zip in the EXPORTS container.

Memory stays bounded: rows are read in keyset batches and written straight into the zip, which
spools to a temporary file (shared/zip_export.py); the upload then reads that file in chunks."""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from shared import audit, zip_export
from shared.audit import SYSTEM, Actor
from shared.datamap import exit_facts
from shared.datamap.discovery import client_rows_query, fetch_rows, table
from shared.datamap.model import TableMap
from shared.deps import Deps
from shared.errors import BlobMissing
from shared.exits import queries as q
from shared.exits import texts
from shared.storage import DOCUMENTS, EXPORTS
from shared.zip_export import SPOOL_BYTES, plain, read_chunks

BATCH = 1000  # rows read per query (SQL Server: at most 2,100 parameters a statement)


SAFE = re.compile(r"[^A-Za-z0-9._-]+")  # file names inside the zip


def client_ids(conn: Connection, tm: TableMap, client_id: int, batch: int = BATCH) -> Iterator[list[int]]:
    after = 0
    while True:
        ids = [r for (r,) in conn.execute(client_rows_query(tm, client_id, after, batch))]
        if not ids:
            return
        yield ids
        after = ids[-1]


def table_rows(conn: Connection, tm: TableMap, client_id: int, columns: list[str]) -> Iterator[dict[str, Any]]:
    for ids in client_ids(conn, tm, client_id):
        for row in fetch_rows(conn, tm.table, ids):
            yield {c: plain(row[c]) for c in columns}


def write_table(zf: zipfile.ZipFile, conn: Connection, tm: TableMap, client_id: int) -> int:
    columns = list(table(tm.table).columns.keys())
    return zip_export.write_table(zf, tm.table, columns, table_rows(conn, tm, client_id, columns))


def file_name(row_id: int, original: str | None) -> str:
    """A stored file's name in the zip: its row's key, then its original name made safe."""
    return f"documenten/{row_id}_{SAFE.sub('_', original or 'document')[:100]}"


def stored_files(conn: Connection, files: exit_facts.FileTable, client_id: int) -> list[tuple[int, str | None, str]]:
    """(row key, original name, blob path) of one table's stored files: read first, so no
    connection is out while the files stream from Blob storage."""
    return [(row_id, original, path) for ids in client_ids(conn, files.map, client_id)
            for row_id, original, path in conn.execute(q.stored_files(files, ids))]


def write_files(zf: zipfile.ZipFile, deps: Deps, found: list[tuple[int, str | None, str]]) -> tuple[int, int]:
    """Stored files, streamed from the DOCUMENTS container. Returns (written, missing)."""
    written, missing = 0, 0
    for row_id, original, path in found:
        name = file_name(row_id, original)
        try:
            with zf.open(name, "w") as out:
                for chunk in deps.blobs.stream(DOCUMENTS, path):
                    out.write(chunk)
            written += 1
        except BlobMissing:
            missing += 1
    return written, missing


def build_export(deps: Deps, exit_id: str, actor: Actor = SYSTEM) -> Any:
    """Build (or rebuild) the export of one exit and return the updated exit row."""
    now = deps.clock.now()
    with deps.store.connect() as store:
        row = store.execute(q.exit_by_id(exit_id)).one()
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    name = f"{row.client_id}/{exit_id}/export-{now:%Y%m%dT%H%M%S%f}.zip"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
            order = exit_facts.export_order()
            with deps.platform.connect() as platform:
                for tm in order:
                    counts[tm.table] = write_table(zf, platform, tm, row.client_id)
                found = [f for files in exit_facts.file_tables() if counts.get(files.map.table)
                         for f in stored_files(platform, files, row.client_id)]
            written, missing = write_files(zf, deps, found)  # the connection is back in the pool
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
                         {"client_id": row.client_id, "rows": sum(counts.values()), "document_files": written})
        fresh = store.execute(q.exit_by_id(exit_id)).one()
    if won and current:
        deps.blobs.delete(EXPORTS, current)
    if not won:
        deps.blobs.delete(EXPORTS, name)
    return fresh


def drop_export(deps: Deps, exit_id: str, blob: str) -> None:
    """Delete an export blob and forget it (a cancelled or destroyed exit)."""
    deps.blobs.delete(EXPORTS, blob)
    with deps.store.begin() as store:
        store.execute(q.forget_export(exit_id, blob))
