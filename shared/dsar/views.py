"""DSAR reads: one request (with its history), the list, and the view mapper the commands also
answer with. Every read leaves an audit event."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection

from shared import audit
from shared.deps import Deps
from shared.dsar import clock
from shared.dsar import queries as q
from shared.dsar.models import DsarListQuery
from shared.dsar.status import DSAR_GROUPS, Status
from shared.errors import NotFound
from shared.http import paging
from shared.identity.principal import Principal


def load(conn: Connection, principal: Principal, request_id: str) -> Any:
    """The request, or 404 when it does not exist or lies outside the caller's reach."""
    try:
        uuid.UUID(request_id)
    except ValueError:
        raise NotFound("No such request") from None
    row = conn.execute(q.by_id(request_id)).first()
    if row is None:
        raise NotFound("No such request")
    principal.require_client(row.client_id, "request")
    principal.require_subject(row.subject_email, "request")
    return row


def view(row: Any, *, related: list[str] | None = None, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    status = Status(row.status)
    out: dict[str, Any] = {
        "id": row.id, "type": row.type, "status": status.value, "status_group": DSAR_GROUPS.group_of(status),
        "subject_email": row.subject_email, "client_id": row.client_id, "deadline_owner": row.deadline_owner,
        "channel": row.channel, "received_at": row.received_at, "target_date": row.target_date,
        "due_date": row.due_date, "extended_due_date": row.extended_due_date,
        "extension_reason": row.extension_reason,
        "verification": ({"method": row.verification_method, "by": row.verified_by, "at": row.verified_at}
                         if row.verified_at else None),
        "decision": ({"admissible": row.admissible, "reason": row.decision_reason, "by": row.decided_by,
                      "at": row.decided_at} if row.decided_at else None),
        "rejection": ({"ground": row.reject_ground, "reason": row.reject_reason} if row.reject_ground else None),
        "result": row.result, "export_available": bool(row.export_blob), "related_ids": related or [],
        "changes": row.changes,
    }
    if history is not None:
        out["history"] = history
    return out


def get(deps: Deps, principal: Principal, request_id: str) -> dict[str, Any]:
    now = deps.now()
    with deps.store.begin() as store:
        row = load(store, principal, request_id)
        hist = [{"at": h.at, "action": h.action, "actor_role": h.actor_role, "details": h.details}
                for h in store.execute(q.history(request_id))]
        # A client sees only its own request, not that the subject also asked other controllers.
        related = [] if principal.is_client else [i for (i,) in store.execute(q.siblings(row))]
        timing = clock.state(store, row, now)
        audit.record(store, principal.actor, "dsar.read", "dsar", request_id, now)
    return {**view(row, history=hist, related=related), **timing}


def listing(deps: Deps, principal: Principal, query: DsarListQuery) -> dict[str, Any]:
    """One page of the requests within the caller's reach, by due date (the earliest first), then id:
    a keyset page, so the 200th page costs what the first does."""
    statuses = [query.status.value] if query.status else (
        DSAR_GROUPS.values(query.group) if query.group else None)
    stmt = q.listing(client_id=principal.client_id if principal.is_client else None,
                     email=principal.email if principal.is_subject else None,
                     statuses=statuses, kind=query.type.value if query.type else None)
    now = deps.now()
    with deps.store.begin() as store:
        rows, nxt = paging.earliest_first(store, stmt, q.R.c.due_date, q.R.c.id, query.limit, query.cursor)
        audit.record(store, principal.actor, "dsar.list", "dsar", "*", now, {"count": len(rows)})
    return {"items": [view(r) for r in rows], "next": nxt}
