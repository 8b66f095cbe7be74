"""Timer functions: schedules as app settings (%PRIVACY_SCHEDULE_<NAME>%), run through run_job."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import azure.functions as func

from shared.alerts import Alert

if TYPE_CHECKING:
    from shared.jobs import JobContext

# Nightly defaults in UTC (six-field CRON). Azure sets these as app settings; the backup
# schedule there is confidential configuration, not these values.
DEFAULT_SCHEDULES = {
    "retention_sweep": "0 30 1 * * *",
    "backup_snapshot": "0 0 2 * * *",
    "backup_restore_drill": "0 0 4 * * 0",
    "exit_processing": "0 0 3 * * *",
    "deadline_watch": "0 */15 * * * *",
    "audit_chain_verify": "0 45 3 * * *",
    "datamap_check": "0 15 4 * * *",
}


def schedule_setting(name: str) -> str:
    return "PRIVACY_SCHEDULE_" + name.upper()


JobBody = Callable[["JobContext"], dict[str, Any] | None]


def timer(bp: func.Blueprint, name: str, failure_alert: Alert | None = None) -> Callable[[JobBody], JobBody]:
    """Register `body` as the timer function `name`; it runs under the job lease and run record."""

    def register(body: JobBody) -> JobBody:
        def timer_function(timer: func.TimerRequest) -> None:
            from shared.deps import get_deps  # lazy: the database layer is not needed to index the app
            from shared.jobs import run_job
            from shared.telemetry import configure, span

            configure()
            with span(f"timer {name}", **{"privacy.function": name}):
                run_job(get_deps(), name, body, failure_alert, past_due=bool(getattr(timer, "past_due", False)))

        timer_function.__name__ = timer_function.__qualname__ = name
        timer_function.__privacy_job__ = (body, failure_alert)  # type: ignore[attr-defined]
        # Every timer is idempotent and resumes from its checkpoint, so a failed run may be retried.
        bp.function_name(name)(
            bp.retry(strategy="exponential_backoff", max_retry_count="2", minimum_interval="00:01:00",
                     maximum_interval="00:10:00")(
                bp.timer_trigger(schedule=f"%{schedule_setting(name)}%", arg_name="timer", run_on_startup=False,
                                 use_monitor=True)(timer_function))
        )
        return body

    return register
