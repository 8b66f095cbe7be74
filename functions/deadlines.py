"""Every 15 minutes: warn about DSAR and breach deadlines that draw near."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

breach_watch = lazy_module("shared.breaches.watch")
dsar_watch = lazy_module("shared.dsar.watch")
bp = func.Blueprint()


@timer(bp, "deadline_watch")
def deadline_watch(ctx: JobContext) -> dict:
    now = ctx.deps.clock.now()
    with ctx.deps.store.begin() as conn:
        requests = dsar_watch.watch_requests(conn, now)
        breaches = breach_watch.watch_breaches(conn, now)
    return {"requests": requests, "breaches": breaches}
