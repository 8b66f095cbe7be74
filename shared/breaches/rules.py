"""Breach rules: the fact vocabularies of the AP form and pure functions of values (no I/O, `now`
passed in). The status enum with its groups lives in status.py.

The risk score itself lives in shared/breaches/risk.py and the 72-hour deadline in
shared/deadlines.py; this module only adds what the breach workflow needs around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from shared.breaches.risk import Outcome


class Nature(StrEnum):
    """Aard van het datalek (AP form)."""

    CONFIDENTIALITY = "confidentiality"  # read or copied
    INTEGRITY = "integrity"  # changed
    AVAILABILITY = "availability"  # lost or destroyed


class DataKind(StrEnum):
    """Soorten persoonsgegevens, as the AP form lists them."""

    NAME_ADDRESS = "name_address"
    PHONE = "phone"
    EMAIL = "email"
    CUSTOMER_OR_LOGIN_NUMBERS = "customer_or_login_numbers"
    FINANCIAL = "financial"
    BSN = "bsn"
    ID_COPIES = "id_copies"
    SEX_BIRTH_DATE = "sex_birth_date"
    SPECIAL_CATEGORIES = "special_categories"
    OTHER = "other"


class IncidentType(StrEnum):
    """Soort incident (AP form)."""

    DEVICE_LOST_OR_STOLEN = "device_lost_or_stolen"
    PAPER_LOST_OR_STOLEN = "paper_lost_or_stolen"
    MAIL_LOST_OR_OPENED = "mail_lost_or_opened"
    HACKING_MALWARE_PHISHING = "hacking_malware_phishing"
    DISPOSED_UNSAFELY = "disposed_unsafely"
    SENT_TO_WRONG_RECIPIENT = "sent_to_wrong_recipient"
    PUBLISHED_BY_MISTAKE = "published_by_mistake"
    DISCLOSED_WRONGLY = "disclosed_wrongly"
    OTHER = "other"


class Protection(StrEnum):
    """Maatregelen vooraf: were the data unintelligible to whoever got them?"""

    NONE = "none"
    ENCRYPTED = "encrypted"
    HASHED = "hashed"
    OTHERWISE_UNINTELLIGIBLE = "otherwise_unintelligible"


class Harm(StrEnum):
    PHYSICAL = "physical"
    MATERIAL = "material"
    NON_MATERIAL = "non_material"


class Target(StrEnum):
    AUTHORITY = "authority"  # the AP (Art. 33)
    CLIENTS = "clients"  # the controllers whose debtors are affected (Art. 33(2))
    SUBJECTS = "subjects"  # individual notice (Art. 34)
    PUBLIC = "public"  # public communication instead (Art. 34(3)(c))


class Phase(StrEnum):
    """The AP takes a notification in phases: a first one, follow-ups, or a withdrawal."""

    FIRST = "first"
    FOLLOW_UP = "follow_up"
    WITHDRAWAL = "withdrawal"


# --- The 72-hour watch ------------------------------------------------------------------

# Hours left before the AP deadline at which the on-call engineer and the FG are warned.
NEAR_THRESHOLDS_HOURS = (48, 24, 4)
OVERDUE_KEY = "overdue"


def threshold_key(hours: int) -> str:
    return f"{hours}h"


@dataclass(frozen=True)
class DeadlineAlert:
    key: str  # the most urgent threshold crossed: "48h", "24h", "4h" or "overdue"
    marks: frozenset[str]  # every threshold crossed, so none of them fires later
    hours_left: float


def deadline_alert(due_at: datetime, now: datetime, already: frozenset[str] | set[str]) -> DeadlineAlert | None:
    """Which warning, if any, to send now for a breach whose AP deadline is `due_at`.

    Each threshold fires once. When the watch ran late and several thresholds were crossed
    since the last run, only the most urgent one is sent (the others would be stale noise),
    but all are marked as sent.
    """
    left = due_at.astimezone(UTC) - now.astimezone(UTC)
    crossed = {threshold_key(h) for h in NEAR_THRESHOLDS_HOURS if left <= timedelta(hours=h)}
    if left <= timedelta(0):
        crossed.add(OVERDUE_KEY)
    new = crossed - set(already)
    if not new:
        return None
    order = [OVERDUE_KEY] + [threshold_key(h) for h in sorted(NEAR_THRESHOLDS_HOURS)]
    most_urgent = next(k for k in order if k in crossed)
    if most_urgent not in new:
        return None  # a more urgent warning went out already
    return DeadlineAlert(most_urgent, frozenset(crossed), round(left.total_seconds() / 3600, 2))


def is_late(sent_at: datetime, due_at: datetime) -> bool:
    """Late means after the deadline instant: exactly 72 hours is still in time (Art. 33(1))."""
    return sent_at.astimezone(UTC) > due_at.astimezone(UTC)


# --- Outcomes ------------------------------------------------------------------------------

def authority_required(outcome: Outcome) -> bool:
    return outcome is not Outcome.REGISTER_ONLY


def subjects_required(outcome: Outcome) -> bool:
    return outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
