"""App roles, defined once."""

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "Privacy.Officer"
    STAFF = "Privacy.Staff"
    OPS = "Ops.Engineer"
    CLIENT = "Client.Admin"
    SUBJECT = "Privacy.Subject"


# Every role but the portal subject reaches staff or client data, so needs MFA evidence.
NEEDS_MFA = frozenset({Role.OFFICER, Role.STAFF, Role.OPS, Role.CLIENT})
# Order of preference when a token holds several roles that a route allows.
PRECEDENCE = (Role.OFFICER, Role.STAFF, Role.OPS, Role.CLIENT, Role.SUBJECT)
INTERNAL = frozenset({Role.OFFICER, Role.STAFF, Role.OPS})
