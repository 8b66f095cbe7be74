"""The nightly snapshot: both databases (one consistent read each, spooled to local temporary files
so no connection is out while storing) and the documents, streamed
through zstd and AES-256-GCM frames into the `backups` container; the manifest goes LAST, so an
interrupted run leaves no manifest and is never used."""

from __future__ import annotations

import hashlib
import json
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from shared import audit
from shared.backups import rows as rowcodec
from shared.backups.dump import alembic_revision, consistent_sources, encoded_batches, existing_tables
from shared.backups.frames import seal
from shared.backups.manifest import FORMAT, MANIFEST, BackupKey, backup_key, seal_manifest
from shared.backups.rules import new_snapshot_id
from shared.deps import Deps
from shared.storage import BACKUPS, DOCUMENTS

Progress = Callable[[str, int, int | None], None]
DOCUMENTS_PART = "documents/documents"
PLAIN_CHUNK = 256 * 1024  # plaintext handed to zstd at once


def part_blob(snapshot_id: str, part: str) -> str:
    return f"{snapshot_id}/{part}.zst.aes"


@dataclass
class Counter:
    """Counts and hashes the stored bytes as they stream past (no copy kept)."""

    sha: Any = field(default_factory=hashlib.sha256)
    size: int = 0

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.sha.update(chunk)
            self.size += len(chunk)
            yield chunk


def _coalesce(chunks: Iterable[bytes], size: int = PLAIN_CHUNK) -> Iterator[bytes]:
    buf: list[bytes] = []
    held = 0
    for c in chunks:
        buf.append(c)
        held += len(c)
        if held >= size:
            yield b"".join(buf)
            buf, held = [], 0
    if buf:
        yield b"".join(buf)


def upload_part(deps: Deps, key: BackupKey, snapshot_id: str, part: str, plain: Iterable[bytes], *,
                sealed: bool = False) -> dict[str, Any]:
    """Store one part; `sealed`: the chunks are sealed already (a spooled part)."""
    counter = Counter()
    stream = counter.watch(plain if sealed else seal(_coalesce(plain), key.key, snapshot_id, part))
    deps.blobs.upload(BACKUPS, part_blob(snapshot_id, part), stream, overwrite=False,
                      content_type="application/octet-stream")
    return {"name": part, "blob": part_blob(snapshot_id, part), "sha256": counter.sha.hexdigest(),
            "bytes": counter.size}


def _read(spool: IO[bytes]) -> Iterator[bytes]:
    while chunk := spool.read(PLAIN_CHUNK):
        yield chunk


@contextmanager
def spooled_part(key: BackupKey, snapshot_id: str, part: str, plain: Iterable[bytes]) -> Iterator[IO[bytes]]:
    """The sealed part in a local temporary file: the database's read transaction ends before
    the upload, so an outage of storage holds no connection (the file is what is uploaded)."""
    with tempfile.TemporaryFile() as spool:
        for chunk in seal(_coalesce(plain), key.key, snapshot_id, part):
            spool.write(chunk)
        spool.seek(0)
        yield spool


def _table_plain(conn: Any, table: Any, tally: dict[str, int], progress: Progress, label: str) -> Iterator[bytes]:
    yield rowcodec.header_line(table)
    for count, line in encoded_batches(conn, table):
        tally["rows"] += count
        yield line
        progress(label, tally["rows"], None)


def _documents_plain(deps: Deps, names: list[str], tally: dict[str, int], progress: Progress) -> Iterator[bytes]:
    """Record per blob: u32 length + JSON header {"name"}, then u32-length chunks, then a 0."""
    for name in names:
        head = json.dumps({"name": name}).encode()
        yield struct.pack(">I", len(head)) + head
        for chunk in deps.blobs.stream(DOCUMENTS, name):
            if chunk:
                yield struct.pack(">I", len(chunk)) + chunk
        yield struct.pack(">I", 0)
        tally["rows"] += 1
        progress("documents", tally["rows"], len(names))


def take_snapshot(deps: Deps, *, progress: Progress | None = None,
                  after_part: Callable[[str, int], None] | None = None) -> dict[str, Any]:
    """Write one snapshot and return its manifest. `after_part(part, n)` runs after each part is
    stored (the timer renews its lease there)."""
    progress = progress or (lambda label, done, total: None)
    key = backup_key(deps)
    started = deps.clock.now()
    snapshot_id = new_snapshot_id(started)
    parts: list[dict[str, Any]] = []
    dialects: dict[str, str] = {}
    revisions: dict[str, str | None] = {}
    absent: list[str] = []
    audit_head: audit.Anchor | None = None

    def done(part: dict[str, Any]) -> None:
        parts.append(part)
        if after_part:
            after_part(part["name"], len(parts))

    with ExitStack() as spools:
        tables: list[tuple[dict[str, Any], IO[bytes]]] = []
        with consistent_sources(deps.store, deps.platform) as sources, rowcodec.collector_paused():
            taken_at = deps.clock.now()  # the read transactions hold this point in time
            for src in sources:
                present = existing_tables(src.conn)
                dialects[src.name] = src.conn.dialect.name
                revisions[src.name] = alembic_revision(src.conn, src.name, present)
                if src.name == "store" and "audit_head" in present:
                    audit_head = audit.head(src.conn)  # the chain's head at the snapshot's point in time
                for table in src.metadata.sorted_tables:
                    if table.name not in present:
                        absent.append(f"{src.name}.{table.name}")
                        continue
                    name = f"{src.name}/{table.name}"
                    tally = {"rows": 0}
                    spool = spools.enter_context(spooled_part(key, snapshot_id, name,
                                                              _table_plain(src.conn, table, tally, progress, name)))
                    tables.append(({"name": name, "kind": "table", "database": src.name, "table": table.name,
                                    "rows": tally["rows"]}, spool))
        for meta, spool in tables:  # the read transactions have ended: nothing is held while storing
            part = upload_part(deps, key, snapshot_id, meta["name"], _read(spool), sealed=True)
            done({**part, **meta})

    names = sorted(deps.blobs.list(DOCUMENTS))
    tally = {"rows": 0}
    part = upload_part(deps, key, snapshot_id, DOCUMENTS_PART, _documents_plain(deps, names, tally, progress))
    done({**part, "kind": "documents", "database": None, "table": None, "rows": tally["rows"]})

    body: dict[str, Any] = {
        "id": snapshot_id,
        "format": FORMAT,
        "taken_at": taken_at.isoformat(),
        "finished_at": deps.clock.now().isoformat(),
        "key_id": key.key_id,
        "dialects": dialects,
        "alembic_revisions": revisions,
        "absent_tables": absent,
        # An anchor of the audit chain outside the database (the manifest is immutable and MACed).
        "audit_head": {"seq": audit_head.seq, "hash": audit_head.hash} if audit_head else None,
        "parts": parts,
        "totals": {"parts": len(parts), "rows": sum(p["rows"] for p in parts),
                   "bytes": sum(p["bytes"] for p in parts)},
    }
    deps.blobs.upload(BACKUPS, f"{snapshot_id}/{MANIFEST}", seal_manifest(body, key.key), overwrite=False,
                      content_type="application/json")
    with deps.store.begin() as conn:
        audit.record(conn, audit.SYSTEM, "backup.snapshot", "backup", snapshot_id, deps.clock.now(),
                     {"parts": len(parts), "rows": body["totals"]["rows"], "bytes": body["totals"]["bytes"]})
    return body
