"""Timer jobs: a lease against double runs, checkpoints to resume after a crash, a run record
with evidence (counts, rules, timestamps; no personal data), and an alert on failure.

The lease is fenced: only the run that holds it writes or clears the checkpoint. A run whose
lease expired and was taken over learns it at its next `save_checkpoint` (`LeaseLost`), stops
there, and records itself as `superseded`; the new holder resumes from the last checkpoint.
A dependency that cannot be reached stops a run with a clear message, a failed run record and
the job's alert event, without a traceback."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, String, Table, Text, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared import audit, telemetry
from shared.alerts import Alert
from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime
from shared.deps import Deps
from shared.errors import DomainError

log = logging.getLogger("privacy.jobs")
LEASE = timedelta(minutes=30)

job_runs = Table(
    "job_runs",
    md,
    Column("id", Id, primary_key=True),
    Column("job", String(64), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("finished_at", UtcDateTime),
    Column("status", String(16), nullable=False),  # running | succeeded | failed | skipped | superseded
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


class LeaseLost(Exception):
    """Another run holds the lease now: this run must stop at once and write nothing more."""


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
        """Save progress and renew the lease; call it after each committed batch. Raises LeaseLost
        when another run has taken the lease over: nothing is written then."""
        now = self.deps.clock.now()
        with self.deps.store.begin() as conn:
            held = conn.execute(update(job_state).where(job_state.c.job == self.job,
                                                        job_state.c.lease_holder == self.run_id)
                                .values(checkpoint=state, updated_at=now, lease_until=now + LEASE)).rowcount
        if not held:
            raise LeaseLost(f"job {self.job}: run {self.run_id} lost its lease to another run")


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


class JobStopped(Exception):
    """A run stopped on a domain error (e.g. storage unreachable); the message says why, plainly."""


def run_job(deps: Deps, job: str, body: Callable[[JobContext], dict[str, Any] | None],
            failure_alert: Alert | None = None,
            progress: Callable[[str, int, int | None], None] | None = None,
            past_due: bool = False) -> dict[str, Any]:
    """Run a job body under the lease. Returns the run record as a dict."""
    run_id, now = str(uuid.uuid4()), deps.clock.now()
    audit.chain_key()  # read before any transaction: the job's audit events must not wait on Key Vault
    if not _acquire(deps, job, run_id, now):
        log.info("job %s skipped: another run holds the lease", job)
        return {"id": None, "job": job, "status": "skipped", "evidence": {}}
    with deps.store.begin() as conn:
        conn.execute(insert(job_runs).values(id=run_id, job=job, started_at=now, status="running"))
    ctx = JobContext(deps, job, run_id, now, evidence={"past_due": True} if past_due else {})
    if progress:
        ctx.progress = progress
    try:
        result = body(ctx) or {}
    except LeaseLost:
        log.warning("job %s run %s stopped: another run took over its lease", job, run_id)
        _finish(deps, job, run_id, "superseded", ctx.evidence, None)
        return {"id": run_id, "job": job, "status": "superseded", "evidence": ctx.evidence}
    except Exception as exc:
        clear = isinstance(exc, DomainError)
        error = exc.detail if isinstance(exc, DomainError) else type(exc).__name__
        if clear:
            log.error("job %s stopped (run %s): %s", job, run_id, error)
        else:
            log.exception("job %s failed (run %s)", job, run_id)
        if failure_alert:
            telemetry.emit(failure_alert, job=job, run_id=run_id, error=type(exc).__name__)
        _finish(deps, job, run_id, "failed", ctx.evidence, error)
        if clear:
            raise JobStopped(f"{job} stopped: {error}") from None
        raise
    evidence = {**ctx.evidence, **result}
    _finish(deps, job, run_id, "succeeded", evidence, None)
    return {"id": run_id, "job": job, "status": "succeeded", "evidence": evidence}


def _finish(deps: Deps, job: str, run_id: str, status: str, evidence: dict[str, Any], error: str | None) -> None:
    with deps.store.begin() as conn:
        conn.execute(update(job_runs).where(job_runs.c.id == run_id).values(
            finished_at=deps.clock.now(), status=status, evidence=evidence, error=error))
        if status == "succeeded":  # only the holder clears the checkpoint
            conn.execute(update(job_state).where(job_state.c.job == job, job_state.c.lease_holder == run_id)
                         .values(checkpoint=None))
    _release(deps, job, run_id)
