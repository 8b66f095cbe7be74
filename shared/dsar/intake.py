"""DSAR intake: a request taken in from the portal, a client or staff, split by controller (one
request per client whose data the subject is, and one for Incassotool's own relations), with its
acknowledgement and, for a client's data, the notice to that controller."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from shared import audit, letters
from shared.clock import CALLER_CLOCK_SKEW
from shared.datamap import DATA_MAP
from shared.datamap.discovery import root_query
from shared.db.uow import store_and_platform as both
from shared.deadlines import receipt_day
from shared.deps import Deps
from shared.dsar import controllers, rules, texts
from shared.dsar import queries as q
from shared.dsar.models import Channel, DsarCreate
from shared.dsar.status import RequestType, Verification
from shared.dsar.views import view
from shared.errors import Forbidden, InvalidInput
from shared.identity.principal import Principal


def _check_intake(principal: Principal, body: DsarCreate, now: datetime) -> tuple[datetime, int | None]:
    if body.received_at is not None and not principal.is_internal:
        raise Forbidden("Only Incassotool staff may set received_at (for a request that came in by letter or mail)")
    received_at = body.received_at or now
    if received_at > now + CALLER_CLOCK_SKEW:
        raise InvalidInput("received_at lies in the future",
                           errors=[{"in": "body", "field": "received_at", "message": "in the future",
                                    "type": "value_error"}])
    if principal.is_subject and body.subject.email != principal.email:
        raise Forbidden("A portal user can only make a request about itself: subject.email must be your "
                        "verified e-mail address")
    client_id = principal.client_id if principal.is_client else body.client_id
    if body.changes is not None and body.type is not RequestType.RECTIFICATION:
        raise InvalidInput("changes belong to a rectification request only",
                           errors=[{"in": "body", "field": "changes", "message": "not allowed for this type",
                                    "type": "extra_forbidden"}])
    return received_at, client_id


def _own_rows(platform: Connection, email: str) -> bool:
    for root in DATA_MAP.roots():
        if not root.identity_keys or not rules.in_scope(root.table, None):
            continue
        if platform.execute(root_query(root, email)).first():
            return True
    return False


def create(deps: Deps, principal: Principal, body: DsarCreate) -> tuple[dict[str, Any], bool]:
    """Take in a request. Returns (view, created): created is False for an open duplicate, returned as is.

    Without a client_id, the subject's request is split by controller: one request per client
    whose debtor or employee the subject is (processor mode) and one for Incassotool's own relations.
    """
    now = deps.now()
    received_at, client_id = _check_intake(principal, body, now)
    email = body.subject.email
    if body.changes is not None:
        roots = [r.table for r in DATA_MAP.roots()]
        rules.validate_changes(body.changes, roots)
    with both(deps.store, deps.platform) as (store, platform):
        known = client_id is None or platform.execute(q.client_exists(client_id)).first() is not None
        if not known and not principal.is_client:
            raise InvalidInput("No client with this client_id",
                               errors=[{"in": "body", "field": "client_id", "message": "unknown client",
                                        "type": "value_error"}])
        subjects = controllers.subjects_by_client(platform, email)
        has_own = client_id is None and _own_rows(platform, email)
        # Art. 12(6): a request sent from the e-mail address on record (staff say channel "email"
        # explicitly: it came from that address) needs no further check.
        on_record = body.channel is Channel.EMAIL and "channel" in body.model_fields_set and (
            has_own or (client_id in subjects if client_id is not None else bool(subjects)))
        owners = rules.controllers_for(client_id, [] if client_id is not None else subjects, has_own)
        ids: list[str] = []
        created = False
        for cid in owners:
            existing = store.execute(q.open_duplicate(email, body.type.value, cid)).first()
            if existing is None:
                try:
                    with store.begin_nested():
                        ids.append(insert_request(store, principal, body, cid, received_at, now,
                                                  email_on_record=on_record,
                                                  relation=rules.relation(subjects.get(cid, ()) if cid else ())))
                    created = True
                    continue
                except IntegrityError:  # the same request came in at the same moment
                    existing = store.execute(q.open_duplicate(email, body.type.value, cid)).one()
            audit.record(store, principal.actor, "dsar.duplicate_returned", "dsar", existing.id, now)
            ids.append(existing.id)
        rows = [store.execute(q.by_id(i)).one() for i in ids]
    return view(rows[0], related=ids[1:]), created


def insert_request(store: Connection, principal: Principal, body: DsarCreate, client_id: int | None,
                   received_at: datetime, now: datetime, *, staff_verify: bool = False,
                   email_on_record: bool = False, relation: str = "debtor") -> str:
    """A new request with its letters. `staff_verify`: a portal change that staff must verify
    (MFA) before it applies, so the portal sign-in does not count as the verification."""
    request_id = str(uuid.uuid4())
    dates = rules.dates_for(received_at)
    owner = rules.deadline_owner(client_id)
    method: Verification | None = None
    if staff_verify:
        pass
    elif principal.is_subject:
        method = Verification.PORTAL_VERIFIED_EMAIL
    elif principal.is_client:
        method = Verification.CLIENT_CONFIRMED
    elif email_on_record:
        method = Verification.EMAIL_ON_RECORD
    admissible = True if principal.is_client else None  # the controller itself forwarded it
    details = body.subject.model_dump(exclude={"email", "name"}, exclude_none=True)
    store.execute(q.new_request({
        "id": request_id, "type": body.type.value,
        "status": rules.flow_status(owner.value, method is not None, admissible, False).value,
        "subject_email": body.subject.email, "subject_name": body.subject.name, "subject_details": details or None,
        "client_id": client_id, "deadline_owner": owner.value, "channel": body.channel.value,
        "received_at": received_at, "target_date": dates.target_date, "due_date": dates.due_date,
        "changes": body.changes, "reason": body.reason,
        "verification_method": method.value if method else None,
        "verified_by": principal.oid if method else None, "verified_at": now if method else None,
        "admissible": admissible, "decision_reason": "doorgestuurd door de verwerkingsverantwoordelijke"
        if admissible else None, "decided_by": principal.oid if admissible else None,
        "decided_at": now if admissible else None,
        "created_at": now, "created_by": principal.oid, "created_role": str(principal.role), "updated_at": now,
        "open_key": q.open_key(body.subject.email, body.type.value, client_id),
    }))
    audit.record(store, principal.actor, "dsar.created", "dsar", request_id, now,
                 {"type": body.type.value, "client_id": client_id, "deadline_owner": owner.value,
                  "verification": method.value if method else None})
    line, text = texts.acknowledgement(body.type.value, body.subject.name, request_id[:8],
                                       receipt_day(received_at), dates.due_date)
    letters.queue(store, at=now, recipient_kind="subject", recipient=body.subject.email, topic="dsar.acknowledged",
                  related_type="dsar", related_id=request_id, subject_line=line, body=text)
    if client_id is not None and not principal.is_client:
        line, text = texts.forward_to_client(body.type.value, request_id[:8], receipt_day(received_at),
                                             dates.due_date, relation)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(client_id),
                      topic="dsar.forwarded_to_controller", related_type="dsar", related_id=request_id,
                      subject_line=line, body=text)
    return request_id
