"""A reasonable doubt about the requester's identity (Art. 12(6) GDPR), recorded with its reason.

A portal sign-in that matches the record, or the e-mail on record, verifies a request by itself.
Only a recorded doubt asks for more: the subject gets a Dutch letter asking exactly for the
missing items, the request waits for verification again, and its clock stops (shared/dsar/clock.py)
until the information arrives (`information`, or the verification step itself). Who may doubt
follows shared.decisions (IDENTITY_DOUBT): Incassotool for its own relations, the client for its
debtors. Nothing closes by itself: after the answer, someone verifies or refuses.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert

from shared import audit, letters
from shared.clock import CALLER_CLOCK_SKEW
from shared.db.uow import store_and_platform as both
from shared.decisions import Decision
from shared.deps import Deps
from shared.dsar import clock, service, step_texts
from shared.dsar.models import DoubtIn, InformationIn
from shared.dsar.status import Status
from shared.dsar.tables import dsar_doubts
from shared.dsar.views import load, view
from shared.errors import Conflict, InvalidInput
from shared.identity.principal import Principal


def raise_doubt(deps: Deps, principal: Principal, request_id: str, body: DoubtIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        service.require_open(row)
        basis = service.authorize(principal, row, Decision.IDENTITY_DOUBT, body)
        if clock.open_doubt(store, request_id) is not None:
            raise Conflict("A doubt of this request still waits for its answer: record the information first")
        details = service.on_record(store, principal, row, Decision.IDENTITY_DOUBT, body, basis, now)
        missing = [m.value for m in body.missing]
        store.execute(insert(dsar_doubts).values(
            id=str(uuid.uuid4()), request_id=request_id, reason=body.reason, missing=missing, raised_at=now,
            raised_by=principal.oid[:64], basis=basis.value))
        # The earlier verification no longer holds: the request waits for the subject's answer.
        row = service.save(store, row, {"status": Status.AWAITING_VERIFICATION.value, "verification_method": None,
                                         "verified_by": None, "verified_at": None}, now)
        line, text = step_texts.doubt_letter(row.subject_name, row.id[:8], missing,
                                             **service.controller_of(platform, row))
        letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email,
                      topic="dsar.verification", related_type="dsar", related_id=row.id,
                      subject_line=line, body=text)
        audit.record(store, principal.actor, "dsar.doubt_recorded", "dsar", request_id, now,
                     {**details, "missing": missing})
        return {**view(row), **clock.state(store, row, now)}


def information(deps: Deps, principal: Principal, request_id: str, body: InformationIn) -> dict[str, Any]:
    """The information asked for arrived: the clock runs again and the due dates move by the pause."""
    now = deps.now()
    at = body.received_at or now
    with deps.store.begin() as store:
        row = load(store, principal, request_id)
        service.require_open(row)
        doubt = clock.open_doubt(store, request_id)
        if doubt is None:
            raise Conflict("No doubt of this request waits for information")
        if at > now + CALLER_CLOCK_SKEW or at < doubt.raised_at:
            raise InvalidInput("received_at must lie between the doubt and now",
                               errors=[{"in": "body", "field": "received_at", "message": "out of range",
                                        "type": "value_error"}])
        moved = clock.end_pause(store, row, principal.oid, at)
        row = service.save(store, row, moved, now)
        audit.record(store, principal.actor, "dsar.information_received", "dsar", request_id, now,
                     {"due_date": row.due_date.isoformat()})
        return {**view(row), **clock.state(store, row, now)}
