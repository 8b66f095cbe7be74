"""The exit's choice and status, with their groups (shared/status.py): defined once."""

from __future__ import annotations

from enum import StrEnum

from shared.status import StatusGroups


class Choice(StrEnum):
    DELETE = "delete"  # destroy the data on the effective date
    RETAIN = "retain"  # keep them in a read-only viewer account, EUR 150,00 a year


class ExitStatus(StrEnum):
    NOTICE_GIVEN = "notice_given"  # waiting for the effective date
    ON_HOLD = "on_hold"  # effective, but a client-scope legal hold keeps everything
    DESTROYING = "destroying"  # destruction started (resumable, in batches)
    CANCELLED = "cancelled"
    DESTROYED = "destroyed"
    CONVERTED_TO_VIEWER = "converted_to_viewer"


EXIT_GROUPS = StatusGroups(
    ExitStatus,
    # Still running: a client has at most one exit in these.
    open={ExitStatus.NOTICE_GIVEN, ExitStatus.ON_HOLD, ExitStatus.DESTROYING},
    closed={ExitStatus.CANCELLED, ExitStatus.DESTROYED, ExitStatus.CONVERTED_TO_VIEWER},
    # The choice may change, or the exit be cancelled (before the effective date).
    changeable={ExitStatus.NOTICE_GIVEN},
    # From the notice until destruction (a viewer account still has its data).
    export_available={ExitStatus.NOTICE_GIVEN, ExitStatus.ON_HOLD, ExitStatus.CONVERTED_TO_VIEWER},
)


class ViewerStatus(StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"  # not renewed or not paid by the period's end: the data are destroyed


VIEWER_GROUPS = StatusGroups(ViewerStatus, open={ViewerStatus.ACTIVE}, closed={ViewerStatus.LAPSED})
