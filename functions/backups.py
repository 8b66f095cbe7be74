"""Triggers of the backups area: the nightly snapshot, the weekly restore drill, and the views.

The service and the models are lazy modules: they load at first call, so indexing the app loads
no database layer, no crypto and no pydantic (cold start)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import azure.functions as func

from shared.alerts import Alert
from shared.http.api import Call, api
from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:
    from shared.backups.models import SnapshotDetail, VerifyOut
    from shared.jobs import JobContext

models = lazy_module("shared.backups.models")
paging = lazy_module("shared.http.paging")
service = lazy_module("shared.backups.service")
bp = func.Blueprint()


@timer(bp, "backup_snapshot", Alert.BACKUP_FAILED)
def backup_snapshot(ctx: JobContext) -> dict[str, Any]:
    return service.snapshot_job(ctx)


@timer(bp, "backup_restore_drill", Alert.RESTORE_DRILL_FAILED)
def backup_restore_drill(ctx: JobContext) -> dict[str, Any]:
    return service.drill_job(ctx)


@api(bp, "backups", query=lambda: paging.PageQuery, response=lambda: paging.Page[models.SnapshotOut])
def backups(call: Call) -> dict[str, Any]:
    """Complete snapshots, newest first (interrupted ones have no manifest and are never listed)."""
    return paging.page(service.list_snapshots(call.deps).items, call.query)


@api(bp, "backup_get", response=lambda: models.SnapshotDetail, responses={404: "No such snapshot"})
def backup_get(call: Call) -> SnapshotDetail:
    return service.get_snapshot(call.deps, call.params["id"])


@api(bp, "backup_verify", response=lambda: models.VerifyOut, responses={404: "No such snapshot"})
def backup_verify(call: Call) -> VerifyOut:
    return service.verify_snapshot(call.deps, call.params["id"], call.principal.actor)
