"""Every 15 minutes: warn about DSAR and breach deadlines that draw near."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

bp = func.Blueprint()


@timer(bp, "deadline_watch")
def deadline_watch(ctx: JobContext) -> dict:
    from shared.breaches.watch import watch_breaches
    from shared.dsar.watch import watch_requests

    now = ctx.deps.clock.now()
    with ctx.deps.store.begin() as conn:
        requests = watch_requests(conn, now)
        breaches = watch_breaches(conn, now)
    return {"requests": requests, "breaches": breaches}
