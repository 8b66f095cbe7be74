"""The nightly audit chain check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.alerts import Alert
from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

bp = func.Blueprint()


@timer(bp, "audit_chain_verify", Alert.AUDIT_CHAIN_BROKEN)
def audit_chain_verify(ctx: JobContext) -> dict:
    from shared.audit_check import verify_and_alert

    return verify_and_alert(ctx.deps)
