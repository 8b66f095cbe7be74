"""The breach status with its groups (shared/status.py)."""

from __future__ import annotations

from enum import StrEnum

from shared.status import StatusGroups


class BreachStatus(StrEnum):
    REPORTED = "reported"  # taken in, not yet assessed
    ASSESSED = "assessed"  # at least one risk assessment, no decision yet
    DECIDED = "decided"  # the FG decided on notification
    CLOSED = "closed"  # evaluated: lessons learned and follow-up measures recorded


BREACH_GROUPS = StatusGroups(
    BreachStatus,
    open={BreachStatus.REPORTED, BreachStatus.ASSESSED, BreachStatus.DECIDED},
    closed={BreachStatus.CLOSED},
)
