"""Timer jobs: a lease against double runs, checkpoints to resume after a crash, a run record
with evidence (counts, rules, timestamps; no personal data), and an alert on failure."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, String, Table, Text, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared import telemetry
from shared.alerts import Alert
from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime
from shared.deps import Deps

log = logging.getLogger("privacy.jobs")
LEASE = timedelta(minutes=30)

job_runs = Table(
    "job_runs",
    md,
    Column("id", Id, primary_key=True),
    Column("job", String(64), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("finished_at", UtcDateTime),
    Column("status", String(16), nullable=False),  # running | succeeded | failed | skipped
    Column("evidence", JsonDoc),
    Column("error", Text),
)

job_state = Table(
    "job_state",
    md,
    Column("job", String(64), primary_key=True),
    Column("lease_holder", Id),
    Column("lease_until", UtcDateTime),
    Column("checkpoint", JsonDoc),  # where an interrupted run resumes
    Column("updated_at", UtcDateTime),
)


@dataclass
class JobContext:
    deps: Deps
    job: str
    run_id: str
    now: datetime
    evidence: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str, int, int | None], None] = lambda label, done, total: None

    def checkpoint(self) -> dict[str, Any] | None:
        with self.deps.store.connect() as conn:
            return conn.execute(select(job_state.c.checkpoint).where(job_state.c.job == self.job)).scalar()

    def save_checkpoint(self, state: dict[str, Any] | None) -> None:
        """Save progress and renew the lease; call it after each committed batch."""
        now = self.deps.clock.now()
        with self.deps.store.begin() as conn:
            conn.execute(update(job_state).where(job_state.c.job == self.job, job_state.c.lease_holder == self.run_id)
                         .values(checkpoint=state, updated_at=now, lease_until=now + LEASE))


def _acquire(deps: Deps, job: str, run_id: str, now: datetime) -> bool:
    with deps.store.begin() as conn:
        taken = conn.execute(
            update(job_state)
            .where(job_state.c.job == job)
            .where((job_state.c.lease_until.is_(None)) | (job_state.c.lease_until < now))
            .values(lease_holder=run_id, lease_until=now + LEASE, updated_at=now)
        ).rowcount
        if taken:
            return True
        exists = conn.execute(select(job_state.c.job).where(job_state.c.job == job)).first()
        if exists:
            return False
    try:
        with deps.store.begin() as conn:
            conn.execute(insert(job_state).values(job=job, lease_holder=run_id, lease_until=now + LEASE,
                                                  updated_at=now))
        return True
    except IntegrityError:
        return False


def _release(deps: Deps, job: str, run_id: str) -> None:
    with deps.store.begin() as conn:
        conn.execute(update(job_state).where(job_state.c.job == job, job_state.c.lease_holder == run_id)
                     .values(lease_holder=None, lease_until=None))


def run_job(deps: Deps, job: str, body: Callable[[JobContext], dict[str, Any] | None],
            failure_alert: Alert | None = None,
            progress: Callable[[str, int, int | None], None] | None = None) -> dict[str, Any]:
    """Run a job body under the lease. Returns the run record as a dict."""
    run_id, now = str(uuid.uuid4()), deps.clock.now()
    if not _acquire(deps, job, run_id, now):
        log.info("job %s skipped: another run holds the lease", job)
        return {"id": None, "job": job, "status": "skipped", "evidence": {}}
    with deps.store.begin() as conn:
        conn.execute(insert(job_runs).values(id=run_id, job=job, started_at=now, status="running"))
    ctx = JobContext(deps, job, run_id, now)
    if progress:
        ctx.progress = progress
    try:
        result = body(ctx) or {}
        evidence = {**ctx.evidence, **result}
        status, error = "succeeded", None
    except Exception as exc:
        evidence, status, error = ctx.evidence, "failed", f"{type(exc).__name__}"
        log.exception("job %s failed (run %s)", job, run_id)
        if failure_alert:
            telemetry.emit(failure_alert, job=job, run_id=run_id, error=type(exc).__name__)
        _finish(deps, job, run_id, status, evidence, error)
        raise
    _finish(deps, job, run_id, status, evidence, error)
    return {"id": run_id, "job": job, "status": status, "evidence": evidence}


def _finish(deps: Deps, job: str, run_id: str, status: str, evidence: dict[str, Any], error: str | None) -> None:
    with deps.store.begin() as conn:
        conn.execute(update(job_runs).where(job_runs.c.id == run_id).values(
            finished_at=deps.clock.now(), status=status, evidence=evidence, error=error))
        if status == "succeeded":
            conn.execute(update(job_state).where(job_state.c.job == job).values(checkpoint=None))
    _release(deps, job, run_id)
