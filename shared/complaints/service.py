"""Complaint log services: one transaction per operation, each change audited (ids only)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from shared import audit
from shared.complaints.models import ComplaintIn, ComplaintPatch, ListQuery, Status
from shared.complaints.tables import complaints
from shared.deps import Deps
from shared.errors import Conflict, InvalidInput, NotFound
from shared.http import paging
from shared.identity.principal import Principal

COLUMNS = ("id", "received_at", "channel", "topic", "summary", "reference", "dsar_id", "client_id", "status",
           "outcome", "ap_involved", "ap_status", "ap_reference", "closed_at")


def view(row: Any) -> dict[str, Any]:
    return {c: getattr(row, c) for c in COLUMNS}


def create(deps: Deps, principal: Principal, body: ComplaintIn) -> dict[str, Any]:
    now, actor = deps.now(), principal.actor
    received = body.received_at or now
    if received > now:
        raise InvalidInput("received_at lies in the future", errors=[
            {"in": "body", "field": "received_at", "message": "not after now"}])
    complaint_id = str(uuid.uuid4())
    with deps.store.begin() as conn:
        conn.execute(complaints.insert().values(
            id=complaint_id, received_at=received, channel=body.channel, topic=body.topic.value, summary=body.summary,
            reference=body.reference, dsar_id=body.dsar_id, client_id=body.client_id, status=Status.OPEN.value,
            ap_involved=body.ap_status is not None, ap_status=body.ap_status.value if body.ap_status else None,
            ap_reference=body.ap_reference, created_by=actor.oid, updated_at=now))
        audit.record(conn, actor, "complaint.received", "complaint", complaint_id, now,
                     {"topic": body.topic.value, "ap_involved": body.ap_status is not None})
        return view(_load(conn, complaint_id))


def update(deps: Deps, principal: Principal, complaint_id: str, body: ComplaintPatch) -> dict[str, Any]:
    now, actor = deps.now(), principal.actor
    with deps.store.begin() as conn:
        row = _load(conn, complaint_id)
        if row.status == Status.CLOSED.value and body.status is not Status.OPEN:
            raise Conflict("The complaint is closed; reopen it (status open) to change it")
        values: dict[str, Any] = {"updated_at": now}
        if body.outcome is not None:
            values["outcome"] = body.outcome
        if body.ap_status is not None:
            values.update(ap_involved=True, ap_status=body.ap_status.value)
        if body.ap_reference is not None:
            values.update(ap_involved=True, ap_reference=body.ap_reference)
        if body.status is not None:
            values.update(status=body.status.value, closed_at=now if body.status is Status.CLOSED else None)
        conn.execute(complaints.update().where(complaints.c.id == complaint_id).values(**values))
        audit.record(conn, actor, "complaint.updated", "complaint", complaint_id, now,
                     {"status": values.get("status", row.status), "ap_status": values.get("ap_status", row.ap_status)})
        return view(_load(conn, complaint_id))


def listing(deps: Deps, query: ListQuery) -> dict[str, Any]:
    stmt = select(complaints)
    if query.status:
        stmt = stmt.where(complaints.c.status == query.status.value)
    with deps.store.connect() as conn:
        rows, nxt = paging.newest_first(conn, stmt, complaints.c.received_at, complaints.c.id, query.limit,
                                        query.cursor)
    return {"items": [view(r) for r in rows], "next": nxt}


def _load(conn: Any, complaint_id: str) -> Any:
    row = conn.execute(select(complaints).where(complaints.c.id == complaint_id)).first()
    if row is None:
        raise NotFound("No such complaint")
    return row
