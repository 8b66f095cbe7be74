"""Verifying the audit chain, for the nightly timer and `privacy audit verify`."""

from __future__ import annotations

from typing import Any

from shared import audit, telemetry
from shared.alerts import Alert
from shared.deps import Deps


class AuditChainBroken(Exception):
    """The chain does not verify: the run fails, which the Functions host records too."""


def chain_report(deps: Deps) -> tuple[audit.ChainReport, dict[str, Any]]:
    with deps.store.connect() as conn:
        report = audit.verify(conn)
    return report, {"ok": report.ok, "events": report.events, "first_bad_seq": report.first_bad_seq,
                    "reason": report.reason}


def verify_and_alert(deps: Deps) -> dict[str, Any]:
    report, result = chain_report(deps)
    if not report.ok:
        telemetry.emit(Alert.AUDIT_CHAIN_BROKEN, first_bad_seq=report.first_bad_seq or 0,
                       events=report.events, reason=report.reason or "")
        raise AuditChainBroken(f"audit chain broken at event {report.first_bad_seq}: {report.reason}")
    return result
