"""Breaches of a client's data: Incassotool as processor (Art. 33(2) GDPR).

A breach knows Incassotool's role from the data it affects (shared.decisions.role_for): its own
relations (controller), a client's data (processor, per affected client), or both. As processor
it tells each affected client without undue delay, each notice on its own clock; the client
decides on its own AP filing and on telling its debtors. Incassotool files for a client only
with that client's recorded mandate, and prepares subject notices in the client's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared import audit, decisions, letters
from shared.breaches import queries as q
from shared.breaches import texts
from shared.breaches.models import BreachClientIn, ClientFacts
from shared.datamap.model import SubjectCategory
from shared.decisions import Basis, IncassotoolRole
from shared.deps import Deps
from shared.errors import Forbidden, NotFound
from shared.identity.principal import Principal
from shared.instructions import log as instructions

OBJECT = "breach"


def role_of(client_ids: Sequence[int], subject_categories: Iterable[str]) -> IncassotoolRole:
    """Own relations (the client as customer, prospects, staff) make Incassotool a controller;
    whose data a category is, is said once: SubjectCategory.client_is_controller."""
    own = any(not SubjectCategory(c).client_is_controller for c in subject_categories)
    return decisions.role_for(client_ids, own_relations=own)


def stored_role(row: Any) -> IncassotoolRole:
    """Breaches registered before roles were recorded count as Incassotool's own (as they were treated)."""
    return IncassotoolRole(row.incassotool_role or IncassotoolRole.CONTROLLER.value)


def files_itself(role: IncassotoolRole) -> bool:
    """Does Incassotool itself notify the AP (Art. 33(1))? Not for a processor-only breach."""
    return role is not IncassotoolRole.PROCESSOR


def client_rows(breach_id: str, client_ids: Sequence[int], facts: Sequence[ClientFacts], became_aware_at: datetime,
                notice_hours: int) -> list[dict[str, Any]]:
    by_client = {f.client_id: f for f in facts}
    due = became_aware_at + timedelta(hours=notice_hours)
    return [{"breach_id": breach_id, "client_id": c, "notice_due_at": due,
             "subjects_count": by_client[c].subjects_count if c in by_client else None,
             "records_count": by_client[c].records_count if c in by_client else None} for c in client_ids]


def notice_view(r: Any) -> dict[str, Any]:
    return {"client_id": r.client_id, "subjects_count": r.subjects_count, "records_count": r.records_count,
            "notice_due_at": r.notice_due_at, "notified_at": r.notified_at, "late": r.notice_late,
            "authority_reference": r.authority_reference, "mandate": r.mandate_instruction_id is not None}


# --- Filing with the AP ------------------------------------------------------------------------


def filing_basis(role: IncassotoolRole, notices: Sequence[Any], for_clients: Sequence[int] | None) -> Basis:
    """Who Incassotool files for: itself as controller, or named clients under their mandate."""
    if not for_clients:
        if files_itself(role):
            return Basis.INCASSOTOOL
        raise Forbidden("Incassotool is only the processor for this breach: each client (controller) files with "
                        "the AP itself. To file for a client, record its mandate (POST /breaches/{id}/clients/"
                        "{client_id}) and name it in client_ids")
    mandated = {n.client_id for n in notices if n.mandate_instruction_id}
    missing = sorted(set(for_clients) - mandated)
    if missing:
        raise Forbidden("Incassotool files for a client only with its recorded mandate; none for client(s) "
                        + ", ".join(map(str, missing)))
    return Basis.MANDATE


# --- The clients' notices (Art. 33(2)) ---------------------------------------------------------


def notify_clients(conn: Connection, row: Any, notices: Sequence[Any], chosen: Sequence[int],
                   names: dict[int, str], consequences: str | None, sent_at: datetime, now: datetime) -> list[str]:
    """One Dutch notice per chosen client with its own facts; each notice's clock is settled once."""
    by_client = {n.client_id: n for n in notices}
    letter_ids: list[str] = []
    for cid in chosen:
        notice = by_client[cid]
        letter = texts.client_letter(
            client_name=names.get(cid, f"cliënt {cid}"), breach_id=row.id, became_aware_at=row.became_aware_at,
            summary=row.summary, nature=row.nature, data_kinds=row.data_kinds, consequences=consequences,
            measures=row.measures_taken, started_at=row.started_at, ended_at=row.ended_at, ongoing=row.ongoing,
            subject_categories=row.subject_categories, subjects_count=notice.subjects_count,
            records_count=notice.records_count)
        letter_ids.append(letters.queue(
            conn, at=now, recipient_kind="client", recipient=str(cid), topic="breach.client_notice",
            related_type=OBJECT, related_id=row.id, subject_line=letter.subject_line, body=letter.body))
        if notice.notified_at is None:
            late = notice.notice_due_at is not None and sent_at > notice.notice_due_at
            conn.execute(q.update_breach_client(row.id, cid, {"notified_at": sent_at, "notice_late": late}))
    return letter_ids


def prepare_subject_notices(conn: Connection, row: Any, client_ids: Sequence[int], names: dict[int, str],
                            consequences: str | None, now: datetime) -> list[str]:
    """Art. 34 about a client's data is the client's to send: a text in its name, handed to it."""
    out = []
    for cid in client_ids:
        name = names.get(cid, f"cliënt {cid}")
        letter = texts.subject_letter(breach_id=row.id, summary=row.summary, data_kinds=row.data_kinds,
                                      consequences=consequences, measures=row.measures_taken, controller=name)
        out.append(letters.queue(
            conn, at=now, recipient_kind="client", recipient=str(cid), topic="breach.subject_notice_prepared",
            related_type=OBJECT, related_id=row.id, subject_line=letter.subject_line, body=letter.body))
    return out


def record_client(deps: Deps, principal: Principal, breach_id: str, client_id: int,
                  body: BreachClientIn) -> dict[str, Any]:
    """The controller's AP reference, or its mandate for Incassotool to file (logged as its instruction)."""
    now = deps.now()
    with deps.store.begin() as conn:
        if conn.execute(q.lock_breach(breach_id)).rowcount == 0:
            raise NotFound("No such breach")
        notice = conn.execute(q.breach_client(breach_id, client_id)).first()
        if notice is None:
            raise NotFound("This client is not affected by this breach")
        values: dict[str, Any] = {}
        if body.authority_reference is not None:
            values["authority_reference"] = body.authority_reference.strip()
        if body.mandate is not None:
            values["mandate_instruction_id"] = instructions.record(
                conn, principal.actor, client_id=client_id, decision=decisions.Decision.BREACH_FILING.value,
                object_type=OBJECT, object_id=breach_id, instruction=body.mandate, now=now)
        conn.execute(q.update_breach_client(breach_id, client_id, values))
        audit.record(conn, principal.actor, "breach.client_recorded", OBJECT, breach_id, now,
                     {"client_id": client_id, "authority_reference": "authority_reference" in values,
                      "mandate_instruction_id": values.get("mandate_instruction_id")})
        return notice_view(conn.execute(q.breach_client(breach_id, client_id)).one())


# --- Closing -----------------------------------------------------------------------------------


def closing_problems(role: IncassotoolRole, authority_needed: bool, authority_notified: bool,
                     subjects_needed: bool, subjects_told: bool, notices: Sequence[Any]) -> list[str]:
    """What still stands between this breach and its evaluation (empty: it may close).

    A processor-only breach closes once every affected client has its notice; its AP filing and
    its subject notices are the clients' own. Incassotool's own part still needs its filing."""
    problems = []
    if authority_needed and files_itself(role) and not authority_notified:
        problems.append("The decision requires a notification to the AP, and none is recorded")
    if subjects_needed and files_itself(role) and not subjects_told:
        problems.append("The decision requires telling the subjects, and no such notification is recorded")
    waiting = [n.client_id for n in notices if n.notified_at is None]
    if waiting:
        problems.append("The affected clients (controllers) must be notified first (Art. 33(2)): client(s) "
                        + ", ".join(map(str, waiting)))
    return problems
