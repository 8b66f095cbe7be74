"""The snapshots in the `backups` container: listing (only those with a valid manifest count),
verification of every part, the record of checks, and pruning by the retention rule."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select

from shared import audit
from shared.backups.frames import CorruptPart, frames
from shared.backups.manifest import MANIFEST, ManifestInvalid, key_named, keyring, open_manifest, taken_at
from shared.backups.rules import is_snapshot_id, snapshots_to_keep
from shared.backups.tables import backup_checks
from shared.deps import Deps
from shared.errors import NotFound
from shared.storage import BACKUPS

log = logging.getLogger("privacy.backups")
Progress = Callable[[str, int, int | None], None]


class SnapshotRefused(Exception):
    """The snapshot cannot be used: no valid manifest, or parts that fail their checks."""

    def __init__(self, message: str, bad_parts: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.bad_parts = bad_parts or []


@dataclass
class Listing:
    manifests: dict[str, dict[str, Any]] = field(default_factory=dict)  # valid snapshots
    invalid: dict[str, str] = field(default_factory=dict)  # id -> reason (a manifest that fails)
    incomplete: list[str] = field(default_factory=list)  # parts but no manifest (interrupted)
    blobs: dict[str, list[str]] = field(default_factory=dict)  # id -> blob names


def scan(deps: Deps) -> Listing:
    keys = keyring(deps)
    out = Listing()
    for name in deps.blobs.list(BACKUPS):
        sid = name.split("/", 1)[0]
        if is_snapshot_id(sid):
            out.blobs.setdefault(sid, []).append(name)
    for sid in sorted(out.blobs):
        if f"{sid}/{MANIFEST}" not in out.blobs[sid]:
            out.incomplete.append(sid)
            continue
        try:
            out.manifests[sid] = open_manifest(deps.blobs.download(BACKUPS, f"{sid}/{MANIFEST}"), keys, sid)
        except ManifestInvalid as exc:
            out.invalid[sid] = str(exc)
    return out


def load(deps: Deps, snapshot_id: str) -> dict[str, Any]:
    """The verified manifest; NotFound for an unknown id, SnapshotRefused for a bad manifest."""
    if not is_snapshot_id(snapshot_id):
        raise NotFound("No such backup snapshot")
    name = f"{snapshot_id}/{MANIFEST}"
    if not deps.blobs.exists(BACKUPS, name):
        if deps.blobs.list(BACKUPS, prefix=f"{snapshot_id}/"):
            raise SnapshotRefused("the snapshot is incomplete: it has no manifest (interrupted)")
        raise NotFound("No such backup snapshot")
    try:
        return open_manifest(deps.blobs.download(BACKUPS, name), keyring(deps), snapshot_id)
    except ManifestInvalid as exc:
        raise SnapshotRefused(str(exc)) from None


def key_of(deps: Deps, manifest: dict[str, Any]) -> bytes:
    """The key version a verified manifest names; SnapshotRefused when it is gone meanwhile."""
    try:
        return key_named(deps, manifest["key_id"])
    except ManifestInvalid as exc:
        raise SnapshotRefused(str(exc)) from None


def latest(deps: Deps) -> dict[str, Any] | None:
    manifests = scan(deps).manifests
    return manifests[max(manifests)] if manifests else None


def check_part(deps: Deps, key: bytes, snapshot_id: str, part: dict[str, Any], present: set[str] | None,
               progress: Progress | None = None) -> str | None:
    """None when the part is intact, else the reason. Reads the stored bytes once: sha256 and
    every frame's authentication and the end frame."""
    if present is not None and part["blob"] not in present:
        return "missing"
    sha, size = hashlib.sha256(), 0

    def watched():
        nonlocal size
        for chunk in deps.blobs.stream(BACKUPS, part["blob"]):
            sha.update(chunk)
            size += len(chunk)
            if progress:
                progress("verify", size, None)
            yield chunk

    try:
        for _ in frames(watched(), key, snapshot_id, part["name"]):
            pass
    except CorruptPart as exc:
        return str(exc)
    if size != part["bytes"] or sha.hexdigest() != part["sha256"]:
        return "the sha256 of the stored bytes differs from the manifest"
    return None


def verify(deps: Deps, snapshot_id: str, progress: Progress | None = None) -> list[dict[str, str]]:
    """The bad parts of a snapshot (empty: every part is intact)."""
    manifest = load(deps, snapshot_id)
    key = key_of(deps, manifest)
    present = set(deps.blobs.list(BACKUPS, prefix=f"{snapshot_id}/"))
    bad = []
    for i, part in enumerate(manifest["parts"]):
        reason = check_part(deps, key, snapshot_id, part, present)
        if reason:
            bad.append({"part": part["name"], "reason": reason})
        if progress:
            progress("parts verified", i + 1, len(manifest["parts"]))
    return bad


def record_check(conn: Connection, actor: audit.Actor, snapshot_id: str, kind: str, ok: bool,
                 details: dict[str, Any], now: datetime) -> None:
    conn.execute(insert(backup_checks).values(id=str(uuid.uuid4()), snapshot_id=snapshot_id, kind=kind, at=now,
                                              ok=ok, details=details))
    audit.record(conn, actor, f"backup.{kind}", "backup", snapshot_id, now,
                 {"ok": ok, **{k: v for k, v in details.items() if isinstance(v, int | bool)}})


def last_checks_query(snapshot_ids: list[str]) -> Select[Any]:
    newest = (select(backup_checks.c.snapshot_id, func.max(backup_checks.c.at).label("at"))
              .where(backup_checks.c.snapshot_id.in_(snapshot_ids)).group_by(backup_checks.c.snapshot_id)
              .subquery())
    return (select(backup_checks.c.snapshot_id, backup_checks.c.kind, backup_checks.c.at, backup_checks.c.ok)
            .join(newest, (newest.c.snapshot_id == backup_checks.c.snapshot_id) & (newest.c.at == backup_checks.c.at)))


def last_checks(deps: Deps, snapshot_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not snapshot_ids:
        return {}
    with deps.store.connect() as conn:
        rows = conn.execute(last_checks_query(snapshot_ids)).all()
    return {r.snapshot_id: {"kind": r.kind, "at": r.at, "ok": r.ok} for r in rows}


def _delete_snapshot(deps: Deps, sid: str, blobs: list[str], has_manifest: bool) -> bool:
    """Manifest first, so a half-deleted snapshot is never taken for a good one. False when
    storage refuses (time-based immutability): the next prune tries again."""
    names = sorted(blobs, key=lambda n: not n.endswith(f"/{MANIFEST}"))
    for name in names:
        try:
            deps.blobs.delete(BACKUPS, name)
        except Exception as exc:
            log.warning("backup %s: a blob could not be deleted yet (%s); left for the next prune",
                        sid, type(exc).__name__)
            return False
    return True


def prune(deps: Deps, *, keep_incomplete: set[str] | None = None) -> dict[str, Any]:
    """Delete snapshots outside the retention windows, and the parts of interrupted ones."""
    cfg = deps.settings
    listing = scan(deps)
    now = deps.clock.now()
    times = {sid: taken_at(m) for sid, m in listing.manifests.items()}
    keep = snapshots_to_keep(list(times.values()), now, cfg.backup_keep_daily, cfg.backup_keep_weekly,
                             cfg.backup_keep_monthly)
    expired = [sid for sid, t in times.items() if t not in keep]
    leftovers = [sid for sid in listing.incomplete if sid not in (keep_incomplete or set())]
    deleted: list[str] = []
    refused: list[str] = []
    cleaned: list[str] = []
    for sid in expired:
        (deleted if _delete_snapshot(deps, sid, listing.blobs[sid], True) else refused).append(sid)
    for sid in leftovers:
        (cleaned if _delete_snapshot(deps, sid, listing.blobs[sid], False) else refused).append(sid)
    result = {"kept": len(times) - len(deleted), "deleted": deleted, "incomplete_removed": cleaned,
              "delete_refused": refused, "invalid_manifests": sorted(listing.invalid)}
    with deps.store.begin() as conn:
        audit.record(conn, audit.SYSTEM, "backup.prune", "backup", "retention", now,
                     {"kept": result["kept"], "deleted": len(deleted), "incomplete_removed": len(cleaned),
                      "delete_refused": len(refused)})
    return result
