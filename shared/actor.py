"""Who did something, as the audit trail records it: an object id and a role. No names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    oid: str
    role: str


SYSTEM = Actor("system", "System")
