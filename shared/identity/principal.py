"""Who is calling: the validated token's facts, and the role it acts in for one route."""

from __future__ import annotations

from dataclasses import dataclass

from shared.actor import Actor
from shared.emails import same_email
from shared.errors import NotFound
from shared.identity.roles import INTERNAL, Role


@dataclass(frozen=True)
class Principal:
    oid: str
    roles: frozenset[Role]
    mfa: bool
    client_id: int | None = None
    email: str | None = None  # verified e-mail in normal form (shared/emails.py; portal subjects)
    role: Role | None = None  # the role it acts in for this request

    @property
    def actor(self) -> Actor:
        return Actor(self.oid, str(self.role or "none"))

    @property
    def is_internal(self) -> bool:
        return self.role in INTERNAL

    @property
    def is_client(self) -> bool:
        return self.role is Role.CLIENT

    @property
    def is_subject(self) -> bool:
        return self.role is Role.SUBJECT

    def require_client(self, client_id: int | None, what: str = "resource") -> None:
        """A client admin reaches only its own client's records; others get a 404, so that
        existence does not leak."""
        if self.is_client and client_id != self.client_id:
            raise NotFound(f"No such {what}")

    def require_subject(self, email: str | None, what: str = "resource") -> None:
        if self.is_subject and not same_email(email, self.email):
            raise NotFound(f"No such {what}")
