"""The nightly audit chain check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

from shared.alerts import Alert
from shared.lazy import lazy_module
from shared.timers import timer

if TYPE_CHECKING:
    from shared.jobs import JobContext

audit_check = lazy_module("shared.audit_check")
bp = func.Blueprint()


@timer(bp, "audit_chain_verify", Alert.AUDIT_CHAIN_BROKEN)
def audit_chain_verify(ctx: JobContext) -> dict:
    return audit_check.verify_and_alert(ctx.deps)
