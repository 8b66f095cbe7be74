"""The exit's choice and status, with their groups: defined once."""

from __future__ import annotations

from enum import StrEnum


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

    @classmethod
    def open(cls) -> frozenset[ExitStatus]:
        """Still running: a client has at most one exit in these."""
        return frozenset({cls.NOTICE_GIVEN, cls.ON_HOLD, cls.DESTROYING})

    @classmethod
    def closed(cls) -> frozenset[ExitStatus]:
        return frozenset({cls.CANCELLED, cls.DESTROYED, cls.CONVERTED_TO_VIEWER})

    @classmethod
    def changeable(cls) -> frozenset[ExitStatus]:
        """The choice may change, or the exit be cancelled (before the effective date)."""
        return frozenset({cls.NOTICE_GIVEN})

    @classmethod
    def export_available(cls) -> frozenset[ExitStatus]:
        """From the notice until destruction (a viewer account still has its data)."""
        return frozenset({cls.NOTICE_GIVEN, cls.ON_HOLD, cls.CONVERTED_TO_VIEWER})

    @property
    def is_open(self) -> bool:
        return self in ExitStatus.open()


class ViewerStatus(StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"  # not renewed or not paid by the period's end: the data are destroyed

    @classmethod
    def open(cls) -> frozenset[ViewerStatus]:
        return frozenset({cls.ACTIVE})

    @classmethod
    def closed(cls) -> frozenset[ViewerStatus]:
        return frozenset({cls.LAPSED})
