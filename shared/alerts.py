"""The custom events that alert rules match, defined once.

Each event is emitted through the `microsoft.custom_event.name` log convention
(see shared/telemetry.py), lands in Application Insights' `customEvents` table
under its name, and has a scheduled-query alert rule in infra/ and a runbook in
docs/runbooks/<name>.md. A test keeps the three in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class AlertSpec:
    name: str
    severity: int  # Azure Monitor severity: 0 critical, 1 error, 2 warning, 3 informational
    summary: str


class Alert(Enum):
    BREACH_DEADLINE_NEAR = AlertSpec(
        "Privacy.BreachDeadlineNear", 1, "A breach's 72-hour AP deadline is 48, 24 or 4 hours away"
    )
    BREACH_DEADLINE_OVERDUE = AlertSpec(
        "Privacy.BreachDeadlineOverdue", 0, "A notifiable breach passed its 72-hour AP deadline"
    )
    BREACH_CLIENT_NOTICE_DUE = AlertSpec(
        "Privacy.BreachClientNoticeDue", 1,
        "An affected client's Art. 33(2) breach notice is due within 4 hours, or overdue",
    )
    BREACH_MEASURE_OVERDUE = AlertSpec(
        "Privacy.BreachMeasureOverdue", 2, "A follow-up measure of a breach evaluation is overdue"
    )
    DSAR_DEADLINE_NEAR = AlertSpec(
        "Privacy.DsarDeadlineNear", 2, "A data subject request is 7 or 2 days from its due date"
    )
    DSAR_OVERDUE = AlertSpec(
        "Privacy.DsarOverdue", 1, "A data subject request passed its legal due date"
    )
    BACKUP_FAILED = AlertSpec("Privacy.BackupFailed", 1, "The nightly backup snapshot failed")
    RESTORE_DRILL_FAILED = AlertSpec(
        "Privacy.RestoreDrillFailed", 1, "The weekly restore drill failed"
    )
    AUDIT_CHAIN_BROKEN = AlertSpec(
        "Privacy.AuditChainBroken", 0, "The audit chain no longer verifies: possible tampering"
    )
    RETENTION_SWEEP_FAILED = AlertSpec(
        "Privacy.RetentionSweepFailed", 1, "The nightly retention sweep failed"
    )
    EXIT_PROCESSING_FAILED = AlertSpec(
        "Privacy.ExitProcessingFailed", 1, "The nightly exit processing failed"
    )
    DATA_MAP_DRIFT = AlertSpec(
        "Privacy.DataMapDrift", 2, "The platform schema and the data map no longer agree"
    )

    @property
    def event_name(self) -> str:
        return self.value.name

    @property
    def severity(self) -> int:
        return self.value.severity


# Failed function runs are not a custom event: the rule reads the `requests` table
# (success == false) that the Functions host writes. It still has a runbook.
FUNCTION_RUN_FAILED_RUNBOOK = "function-run-failed"
