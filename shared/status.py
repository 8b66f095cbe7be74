"""One style for status enums: a StrEnum with its groups (as fides groups its request statuses).

Every status is in exactly one of the two base groups, `open` or `closed` (checked when the area's
status module loads); an area may name further groups, each a subset of the statuses (such as
the statuses in which work may start). The list routes filter by group name.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Generic, TypeVar

S = TypeVar("S", bound=StrEnum)

BASE_GROUPS = ("open", "closed")


class StatusGroups(Generic[S]):
    def __init__(self, enum: type[S], *, open: Iterable[S], closed: Iterable[S], **more: Iterable[S]) -> None:
        self.open: frozenset[S] = frozenset(open)
        self.closed: frozenset[S] = frozenset(closed)
        if self.open | self.closed != set(enum) or self.open & self.closed:
            raise ValueError(f"{enum.__name__}: every status is either open or closed")
        self._groups = {"open": self.open, "closed": self.closed, **{k: frozenset(v) for k, v in more.items()}}

    def __getitem__(self, name: str) -> frozenset[S]:
        return self._groups[name]

    def is_open(self, status: S) -> bool:
        return status in self.open

    def group_of(self, status: S) -> str:
        """The base group: "open" or "closed"."""
        return "open" if status in self.open else "closed"

    def values(self, name: str) -> list[str]:
        """The group's stored values, sorted (for an IN list)."""
        return sorted(s.value for s in self._groups[name])
