"""Pure DSAR rules: functions of values, no I/O, `now` passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.datamap import DATA_MAP, DataCategory, DataMap, Erasure, SubjectCategory
from shared.deadlines import days_until, dsar_deadlines, is_overdue
from shared.dsar.status import (
    REFUSED_METHODS,
    DeadlineOwner,
    RequestType,
    Status,
    Verification,
)
from shared.emails import normalise_email
from shared.errors import InvalidInput

# --- Scope -------------------------------------------------------------------------------------


def in_scope(table: str, client_id: int | None, data_map: DataMap = DATA_MAP) -> bool:
    """A request in processor mode (client_id set) covers that client's data only: its debtors and
    its own staff's platform accounts. A request to Incassotool as controller covers its own
    relations (the client as customer, prospects, staff), never a client's data. Whose data a
    table holds is its subject's `client_is_controller` (shared/datamap/model.py)."""
    clients_data = data_map[table].subject.client_is_controller
    return clients_data if client_id is not None else not clients_data


def scoped(rows: Mapping[str, list[int]], client_id: int | None, data_map: DataMap = DATA_MAP) -> dict[str, list[int]]:
    return {t: ids for t, ids in rows.items() if ids and in_scope(t, client_id, data_map)}


def controllers_for(given_client_id: int | None, controller_clients: Iterable[int],
                    has_own_rows: bool) -> list[int | None]:
    """One request per controller: each client whose data the subject's are (as its debtor or its
    employee), and Incassotool (None) for its own relations or when nothing is known about the subject."""
    if given_client_id is not None:
        return [given_client_id]
    clients: list[int | None] = list(sorted(set(controller_clients)))
    if has_own_rows or not clients:
        clients.append(None)
    return clients


def relation(subjects: Iterable[str]) -> str:
    """How a processor-mode letter speaks of the subject: as the client's debtor when it is one
    (also when it is its employee too), else as the client's employee."""
    found = set(subjects)
    return SubjectCategory.CLIENT_EMPLOYEE.value if found == {SubjectCategory.CLIENT_EMPLOYEE.value} \
        else SubjectCategory.DEBTOR.value


def deadline_owner(client_id: int | None) -> DeadlineOwner:
    return DeadlineOwner.CONTROLLER if client_id is not None else DeadlineOwner.INCASSOTOOL


# --- Deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dates:
    target_date: date
    due_date: date


def dates_for(received_at: datetime) -> Dates:
    d = dsar_deadlines(received_at)
    return Dates(d.target_date, d.due_date)


def current_due(due_date: date, extended_due_date: date | None) -> date:
    return extended_due_date or due_date


def alert_threshold(due: date, now: datetime) -> str | None:
    """The most urgent deadline threshold reached: 'overdue', '2d', '7d', or None."""
    if is_overdue(due, now):
        return "overdue"
    left = days_until(due, now)
    if left <= 2:
        return "2d"
    if left <= 7:
        return "7d"
    return None


THRESHOLDS_UP_TO = {"7d": ("7d",), "2d": ("7d", "2d"), "overdue": ("7d", "2d", "overdue")}



# --- Status flow -------------------------------------------------------------------------------


def flow_status(owner: str, verified: bool, admissible: bool | None, extended: bool) -> Status:
    """The open status after a step: status_after, shown as extended once the deadline was extended."""
    status = status_after(verified, DeadlineOwner(owner), admissible)
    return Status.EXTENDED if status is Status.IN_PROGRESS and extended else status


def status_after(verified: bool, owner: DeadlineOwner, admissible: bool | None) -> Status:
    """Where an open request stands once identity and admissibility are known."""
    if not verified:
        return Status.AWAITING_VERIFICATION
    if owner is DeadlineOwner.CONTROLLER and admissible is None:
        return Status.AWAITING_CONTROLLER
    return Status.IN_PROGRESS


def refused_method_text() -> str:
    return ("Copies of identity documents (and BSNs) are never stored: the AP treats a routine ID copy as "
            "disproportionate (Art. 12(6) AVG, art. 46 UAVG). Verify with a proportionate method instead: "
            + ", ".join(m.value for m in Verification if m is not Verification.PORTAL_VERIFIED_EMAIL))


def check_method(method: str) -> Verification:
    if method.strip().lower() in REFUSED_METHODS:
        raise InvalidInput(
            refused_method_text(),
            errors=[{"in": "body", "field": "method", "message": "ID copies are refused", "type": "refused"}],
        )
    try:
        chosen = Verification(method)
    except ValueError:
        raise InvalidInput(
            f"Unknown verification method; use one of: {', '.join(m.value for m in Verification)}",
            errors=[{"in": "body", "field": "method", "message": "unknown method", "type": "enum"}],
        ) from None
    if chosen is Verification.PORTAL_VERIFIED_EMAIL:
        raise InvalidInput("portal_verified_email is recorded automatically for a portal sign-in",
                           errors=[{"in": "body", "field": "method", "message": "automatic only",
                                    "type": "refused"}])
    return chosen


# --- Field validation (rectification) ---------------------------------------------------------

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
RECTIFIABLE = frozenset({DataCategory.NAME, DataCategory.CONTACT, DataCategory.FINANCIAL, DataCategory.BIRTH_DATE})
KVK_COLUMN = "kvk_number"  # business data kept on erasure, but a wrong number can be corrected
KVK_RE = re.compile(r"^[0-9]{8}$")
# Self-service (own relations): these change only after staff verify them; the e-mail address,
# because it is what finds a subject's rows, changes only once the new address is proven.
CHECKED_CATEGORIES = frozenset({DataCategory.NAME, DataCategory.FINANCIAL, DataCategory.BIRTH_DATE,
                                DataCategory.BUSINESS})


def valid_email(value: str) -> bool:
    return len(value) <= 254 and bool(EMAIL_RE.match(value))


def normalise_postcode(value: str) -> str | None:
    """Dutch postcode as '1234 AB', or None when it is not one (no 0 as first digit; not SA/SD/SS)."""
    m = POSTCODE_RE.match(value.strip())
    if not m or m.group(2).upper() in ("SA", "SD", "SS"):
        return None
    return f"{m.group(1)} {m.group(2).upper()}"


def iban_ok(value: str) -> bool:
    """ISO 13616 check digits (mod 97 == 1)."""
    iban = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def rectifiable_columns(table: str, data_map: DataMap = DATA_MAP) -> set[str]:
    tm = data_map[table]
    return {c for c, col in tm.columns.items()
            if (col.category in RECTIFIABLE and col.erasure is not Erasure.KEEP) or c == KVK_COLUMN}


def needs_check(field: str, roots: Iterable[str], data_map: DataMap = DATA_MAP) -> bool:
    """Does a self-service change of this field wait for staff (identity, financial, e-mail)?"""
    if field == "email":
        return True
    cats = {data_map[r].columns[field].category for r in roots if field in data_map[r].columns}
    return bool(cats & CHECKED_CATEGORIES)


def split_self_service(valid: Mapping[str, Any], roots: Iterable[str],
                       data_map: DataMap = DATA_MAP) -> tuple[dict[str, Any], dict[str, Any]]:
    """(applied at once, waiting for staff) of an own relation's validated changes."""
    roots = list(roots)
    checked = {f: v for f, v in valid.items() if needs_check(f, roots, data_map)}
    return {f: v for f, v in valid.items() if f not in checked}, checked


def validate_changes(changes: Mapping[str, Any], roots: Iterable[str], data_map: DataMap = DATA_MAP,
                     lengths: Mapping[str, int | None] | None = None) -> dict[str, Any]:
    """Check {column: new value} against the subject's root tables; return normalised values.

    A column must be rectifiable (a NAME/CONTACT/FINANCIAL/BIRTH_DATE column) in at least one
    of the root tables. Raises InvalidInput listing every bad field.
    """
    allowed = set().union(*(rectifiable_columns(r, data_map) for r in roots)) if roots else set()
    errors: list[dict[str, str]] = []
    out: dict[str, Any] = {}
    if not changes:
        errors.append({"in": "body", "field": "changes", "message": "give at least one field", "type": "missing"})
    for field, raw in changes.items():
        def bad(message: str, kind: str = "value_error", field: str = field) -> None:
            errors.append({"in": "body", "field": f"changes.{field}", "message": message, "type": kind})

        if field not in allowed:
            bad("this field cannot be rectified here (not a name, contact or financial field of your records)",
                "not_rectifiable")
            continue
        if not isinstance(raw, str) or not raw.strip():
            bad("give a non-empty text")
            continue
        value = raw.strip()
        if field == "email":
            normal = normalise_email(value)
            if normal is None or not valid_email(normal):
                bad("not a valid e-mail address")
                continue
            value = normal
        elif field == "postcode":
            norm = normalise_postcode(value)
            if norm is None:
                bad("not a valid Dutch postcode (1234 AB)")
                continue
            value = norm
        elif "iban" in field:
            if not iban_ok(value):
                bad("not a valid IBAN (check digits)")
                continue
            value = re.sub(r"\s", "", value).upper()
        elif field == KVK_COLUMN and not KVK_RE.match(value):
            bad("not a KvK number (8 digits)")
            continue
        elif field == "phone" and not PHONE_RE.match(value):
            bad("not a valid phone number")
            continue
        elif field == "birth_date":
            try:
                out[field] = date.fromisoformat(value)
            except ValueError:
                bad("not a date (YYYY-MM-DD)")
            continue
        limit = (lengths or {}).get(field)
        if limit and len(value) > limit:
            bad(f"at most {limit} characters")
            continue
        out[field] = value
    if errors:
        raise InvalidInput("Some changes are not valid: see errors", errors=errors)
    return out


# --- Portability (Art. 20) ---------------------------------------------------------------------

def export_columns(table: str, request_type: RequestType, data_map: DataMap = DATA_MAP) -> list[str]:
    """Access: every mapped column. Portability: only what the subject provided or generated."""
    tm = data_map[table]
    if request_type is RequestType.ACCESS:
        return list(tm.columns)
    if tm.generated:  # rows the subject generated by its own actions (observed data): all columns count
        return [c for c, col in tm.columns.items() if col.category is not DataCategory.KEY or c == "id"]
    provided = [c for c, col in tm.columns.items() if col.provided_by_subject]
    return ["id", *provided] if provided else []


# --- Erasure (Art. 17(3)) ----------------------------------------------------------------------


@dataclass
class ErasureSplit:
    erase: dict[str, list[int]]
    kept: dict[str, dict[str, list[int]]]  # reason -> table -> ids


def split_erasure(rows: Mapping[str, Iterable[int]], keep: Mapping[str, Mapping[str, Iterable[int]]]) -> ErasureSplit:
    """Everything in `rows` is erased except what `keep` (reason -> table -> ids) holds back.
    A row kept for several reasons is listed under the first (holds before legal duties)."""
    taken: dict[str, set[int]] = {}
    kept: dict[str, dict[str, list[int]]] = {}
    for reason, tables in keep.items():
        for t, ids in tables.items():
            mine = {i for i in ids if i in set(rows.get(t, ()))} - taken.get(t, set())
            if mine:
                kept.setdefault(reason, {})[t] = sorted(mine)
                taken.setdefault(t, set()).update(mine)
    erase = {t: sorted(set(ids) - taken.get(t, set())) for t, ids in rows.items()}
    return ErasureSplit({t: ids for t, ids in erase.items() if ids}, kept)


def categories_of(counts: Mapping[str, int], data_map: DataMap = DATA_MAP) -> dict[str, int]:
    """Rows per data category (a table counts for each category of personal data it holds)."""
    out: dict[str, int] = {}
    for t, n in counts.items():
        for cat in {c.category for c in data_map[t].columns.values() if c.category is not DataCategory.KEY}:
            out[cat.value] = out.get(cat.value, 0) + n
    return dict(sorted(out.items()))
