"""Lifting a restriction (Art. 18): only by a decision, and only after the subject was told.

Two steps, each a decision of whoever decides (shared.decisions: the FG for Incassotool's own
relations, the client for its debtors' data): first the notice to the subject (Art. 18(3)),
recorded on every restricted row of the request; then the lifting itself, which is refused while
any row of the request has not been announced. Rows kept for a legal duty are not lifted here:
their end follows from the duty (shared/retention/kept.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from shared import audit, letters
from shared.db.uow import store_and_platform as both
from shared.decisions import Decision
from shared.deps import Deps
from shared.dsar import execute, service, texts
from shared.dsar.models import LiftIn, LiftNoticeIn
from shared.dsar.status import RequestType, Status
from shared.errors import Conflict
from shared.identity.principal import Principal
from shared.restrictions import restrictions

R = restrictions.c
KIND = RequestType.RESTRICTION.value


def _state(store: Connection, request_id: str) -> dict[str, Any]:
    rows = store.execute(select(R.ground, R.notified_at, R.lifted_at, R.lifted_by, func.count().label("n"))
                         .where(R.request_id == request_id, R.kind == KIND)
                         .group_by(R.ground, R.notified_at, R.lifted_at, R.lifted_by)).all()
    active = [r for r in rows if r.lifted_at is None]
    last = max(rows, key=lambda r: (r.lifted_at is not None, r.lifted_at or r.notified_at or datetime.min)) \
        if rows else None
    return {"request_id": request_id, "ground": last.ground if last else None, "rows": sum(r.n for r in rows),
            "active": sum(r.n for r in active), "unannounced": sum(r.n for r in active if r.notified_at is None),
            "notified_at": max((r.notified_at for r in rows if r.notified_at), default=None),
            "lifted_at": None if active else (last.lifted_at if last else None),
            "lifted_by": None if active else (last.lifted_by if last else None)}


def _open_restriction(store: Connection, principal: Principal, request_id: str, body: Any, now: datetime) -> Any:
    row = service.load(store, principal, request_id)
    if row.type != KIND or row.status != Status.COMPLETED.value:
        raise Conflict("Only the restriction of a completed restriction request can be lifted")
    basis = service.authorize(principal, row, Decision.RESTRICTION_LIFT, body)
    details = service.on_record(store, principal, row, Decision.RESTRICTION_LIFT, body, basis, now)
    if not _state(store, request_id)["active"]:
        raise Conflict("Nothing is restricted under this request any more")
    return row, details


def view(deps: Deps, principal: Principal, request_id: str) -> dict[str, Any]:
    with deps.store.connect() as store:
        service.load(store, principal, request_id)
        return _state(store, request_id)


def notify(deps: Deps, principal: Principal, request_id: str, body: LiftNoticeIn) -> dict[str, Any]:
    """Art. 18(3): tell the subject that the restriction will be lifted, and why."""
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row, details = _open_restriction(store, principal, request_id, body, now)
        store.execute(update(restrictions).where(R.request_id == request_id, R.kind == KIND, R.lifted_at.is_(None))
                      .values(notified_at=now))
        controller = execute.client_name(platform, row.client_id)
        line, text = texts.lifting_notice(row.subject_name, row.id[:8], body.reason, controller)
        letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email,
                      topic="dsar.restriction_lifting", related_type="dsar", related_id=row.id,
                      subject_line=line, body=text)
        audit.record(store, principal.actor, "dsar.restriction_lift_announced", "dsar", request_id, now, details)
        return _state(store, request_id)


def lift(deps: Deps, principal: Principal, request_id: str, body: LiftIn) -> dict[str, Any]:
    """The decision that lifts the restriction: refused until every restricted row was announced."""
    now = deps.now()
    with both(deps.store, deps.platform) as (store, _platform):
        _row, details = _open_restriction(store, principal, request_id, body, now)
        if _state(store, request_id)["unannounced"]:
            raise Conflict("Tell the subject before the restriction is lifted (Art. 18(3) AVG): "
                           f"POST dsar/{request_id}/restriction/notice first")
        n = store.execute(update(restrictions).where(R.request_id == request_id, R.kind == KIND,
                                                     R.lifted_at.is_(None))
                          .values(lifted_at=now, lifted_by=principal.oid[:64], lift_reason=body.reason)).rowcount
        audit.record(store, principal.actor, "dsar.restriction_lifted", "dsar", request_id, now,
                     {**details, "rows": n})
        return _state(store, request_id)


