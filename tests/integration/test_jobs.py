"""Timer leases are fenced: a run that lost its lease stops at its next checkpoint, records itself
as superseded, and never writes or clears the new holder's checkpoint. A dependency that cannot be
reached stops a run with a clear message and the alert event."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.alerts import Alert
from shared.errors import Unavailable
from shared.jobs import LEASE, JobStopped, _acquire, job_runs, job_state, run_job


def record(deps, run_id):
    with deps.store.connect() as conn:
        return conn.execute(select(job_runs).where(job_runs.c.id == run_id)).one()


def checkpoint(deps, job):
    with deps.store.connect() as conn:
        return conn.execute(select(job_state.c.checkpoint, job_state.c.lease_holder)
                            .where(job_state.c.job == job)).one()


def test_a_run_that_lost_its_lease_stops_and_records_itself_superseded(deps, clock):
    seen = []

    def body(ctx):
        ctx.save_checkpoint({"batch": 1})
        clock.advance(LEASE + timedelta(minutes=1))  # this run stalled past its lease...
        assert _acquire(deps, "demo_job", "the-new-holder", clock.at)  # ...and another run took over
        with deps.store.begin() as conn:  # the new holder's own progress
            conn.execute(job_state.update().where(job_state.c.job == "demo_job").values(checkpoint={"batch": 7}))
        ctx.save_checkpoint({"batch": 2})  # the stalled run's next checkpoint
        seen.append("went on after losing the lease")
        return {"done": True}

    result = run_job(deps, "demo_job", body)
    assert result["status"] == "superseded"
    assert seen == []
    assert record(deps, result["id"]).status == "superseded"
    state = checkpoint(deps, "demo_job")
    assert state.checkpoint == {"batch": 7} and state.lease_holder == "the-new-holder"


def test_only_the_holder_clears_the_checkpoint_when_it_succeeds(deps):
    result = run_job(deps, "demo_job", lambda ctx: ctx.save_checkpoint({"batch": 1}) or {"rows": 1})
    assert result["status"] == "succeeded"
    assert checkpoint(deps, "demo_job").checkpoint is None


def test_an_unreachable_dependency_stops_the_run_with_a_clear_message_and_the_alert(deps, caplog):
    def body(ctx):
        raise Unavailable("Blob storage cannot be reached; nothing was changed. Try again in a few minutes.")

    with caplog.at_level("WARNING"), pytest.raises(JobStopped, match="Blob storage cannot be reached"):
        run_job(deps, "retention_sweep", body, Alert.RETENTION_SWEEP_FAILED)
    events = [getattr(r, "microsoft.custom_event.name", None) for r in caplog.records]
    assert Alert.RETENTION_SWEEP_FAILED.event_name in events
    assert not any(r.exc_info for r in caplog.records)  # a message, not a traceback
    with deps.store.connect() as conn:
        run = conn.execute(select(job_runs).where(job_runs.c.job == "retention_sweep")).one()
    assert run.status == "failed" and "Blob storage cannot be reached" in run.error


def test_a_past_due_run_is_recorded_as_such(deps):
    result = run_job(deps, "demo_job", lambda ctx: {"rows": 0}, past_due=True)
    assert result["evidence"]["past_due"] is True
    assert record(deps, result["id"]).evidence["past_due"] is True
