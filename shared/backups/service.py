"""The backups area's services for the triggers: the two timer bodies and the HTTP views."""

from __future__ import annotations

from typing import Any

from shared import audit
from shared.backups import models
from shared.backups.catalog import SnapshotRefused, last_checks, load, prune, record_check, scan, verify
from shared.backups.drill import run_drill
from shared.backups.snapshot import take_snapshot
from shared.deps import Deps
from shared.errors import RuleViolation
from shared.jobs import JobContext


def snapshot_job(ctx: JobContext) -> dict[str, Any]:
    manifest = take_snapshot(ctx.deps, progress=ctx.progress,
                             after_part=lambda part, n: ctx.save_checkpoint({"parts_stored": n}))
    pruned = prune(ctx.deps, keep_incomplete=set())
    ctx.evidence.update(snapshot_id=manifest["id"])
    return {"snapshot_id": manifest["id"], "taken_at": manifest["taken_at"], **manifest["totals"],
            "pruned": len(pruned["deleted"]), "incomplete_removed": len(pruned["incomplete_removed"]),
            "delete_refused": len(pruned["delete_refused"]), "kept": pruned["kept"]}


def drill_job(ctx: JobContext) -> dict[str, Any]:
    return run_drill(ctx.deps, ctx.progress)


def _summary(m: dict[str, Any], check: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": m["id"], "taken_at": m["taken_at"], "parts": m["totals"]["parts"], "rows": m["totals"]["rows"],
            "size_bytes": m["totals"]["bytes"], "key_id": m["key_id"], "verified": check}


def list_snapshots(deps: Deps) -> models.SnapshotList:
    listing = scan(deps)
    ids = sorted(listing.manifests, reverse=True)
    checks = last_checks(deps, ids)
    return models.SnapshotList(items=[models.SnapshotOut(**_summary(listing.manifests[i], checks.get(i)))
                                      for i in ids], incomplete=len(listing.incomplete))


def get_snapshot(deps: Deps, snapshot_id: str) -> models.SnapshotDetail:
    m = _manifest(deps, snapshot_id)
    parts = [models.PartOut(name=p["name"], kind=p["kind"], rows=p["rows"], bytes=p["bytes"], sha256=p["sha256"])
             for p in m["parts"]]
    return models.SnapshotDetail(**_summary(m, last_checks(deps, [snapshot_id]).get(snapshot_id)),
                                 dialects=m["dialects"], alembic_revisions=m["alembic_revisions"], part_list=parts)


def verify_snapshot(deps: Deps, snapshot_id: str, actor: audit.Actor) -> models.VerifyOut:
    _manifest(deps, snapshot_id)
    bad = verify(deps, snapshot_id)
    with deps.store.begin() as conn:
        record_check(conn, actor, snapshot_id, "verify", not bad, {"bad_parts": len(bad)}, deps.clock.now())
    return models.VerifyOut(id=snapshot_id, ok=not bad, bad_parts=[models.BadPart(**b) for b in bad])


def _manifest(deps: Deps, snapshot_id: str) -> dict[str, Any]:
    try:
        return load(deps, snapshot_id)
    except SnapshotRefused as exc:
        raise RuleViolation(f"The snapshot cannot be used: {exc}") from None
