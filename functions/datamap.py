"""The nightly data-map drift check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

bp = func.Blueprint()


@timer(bp, "datamap_check")
def datamap_check(ctx: JobContext) -> dict:
    from shared.datamap.watch import run_check

    return run_check(ctx.deps)
