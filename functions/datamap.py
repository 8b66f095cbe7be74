"""The nightly data-map drift check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

watch = lazy_module("shared.datamap.watch")
bp = func.Blueprint()


@timer(bp, "datamap_check")
def datamap_check(ctx: JobContext) -> dict:
    return watch.run_check(ctx.deps)
