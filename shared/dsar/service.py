"""DSAR services: intake, verification, the controller's decision, extension, refusal and
completion. One unit of work per operation; every change leaves an audit event. The reads and the
view mapper live in views.py."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from shared import audit, decisions, letters
from shared.datamap import DATA_MAP
from shared.datamap.discovery import root_query
from shared.db.uow import store_and_platform as both
from shared.deadlines import extended_due_date, extension_allowed, paused_so_far, receipt_day
from shared.decisions import Basis, Decision
from shared.deps import Deps
from shared.dsar import clock, controllers, rules, texts
from shared.dsar import queries as q
from shared.dsar.models import (
    Channel,
    CompleteIn,
    ControllerDecisionIn,
    DecisionIn,
    DsarCreate,
    ExtendIn,
    RejectIn,
    VerifyIn,
)
from shared.dsar.rules import normalise_postcode
from shared.dsar.status import (
    DSAR_GROUPS,
    DeadlineOwner,
    RejectGround,
    RequestType,
    Status,
    Verification,
)
from shared.dsar.views import load, view
from shared.errors import Conflict, Forbidden, Gone, InvalidInput, RuleViolation
from shared.identity.principal import Principal
from shared.identity.roles import Role
from shared.instructions import log as instructions

FUTURE_SLACK = timedelta(minutes=5)


# --- Intake ------------------------------------------------------------------------------------


def _flow(owner: str, verified: bool, admissible: bool | None, extended: bool) -> Status:
    status = rules.status_after(verified, DeadlineOwner(owner), admissible)
    return Status.EXTENDED if status is Status.IN_PROGRESS and extended else status


def _check_intake(principal: Principal, body: DsarCreate, now: datetime) -> tuple[datetime, int | None]:
    if body.received_at is not None and not principal.is_internal:
        raise Forbidden("Only Incassotool staff may set received_at (for a request that came in by letter or mail)")
    received_at = body.received_at or now
    if received_at > now + FUTURE_SLACK:
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
        "status": _flow(owner.value, method is not None, admissible, False).value,
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


# --- Verification, decision, extension, refusal ------------------------------------------------


def _require_open(row: Any) -> None:
    if not DSAR_GROUPS.is_open(Status(row.status)):
        raise Conflict(f"The request is {row.status}: it can no longer change")


def _save(store: Connection, row: Any, values: dict[str, Any], now: datetime) -> Any:
    done = store.execute(q.set_fields(row.id, {**values, "updated_at": now}, expected_status=row.status))
    if done.rowcount != 1:
        raise Conflict("The request changed meanwhile; reload and try again")
    return store.execute(q.by_id(row.id)).one()


def verify(deps: Deps, principal: Principal, request_id: str, body: VerifyIn) -> dict[str, Any]:
    now = deps.now()
    method = rules.check_method(body.method)
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        _require_open(row)
        if row.verified_at is not None:
            raise Conflict(f"The identity was already verified ({row.verification_method})")
        if method is Verification.EMAIL_ON_RECORD and row.created_role == Role.SUBJECT.value:
            raise InvalidInput("The portal sign-in already proved the e-mail address: verify this change another "
                               "way, for example by calling back on the number on record (phone_callback)",
                               errors=[{"in": "body", "field": "method", "message": "proves nothing new here",
                                        "type": "value_error"}])
        if method is Verification.DOSSIER_NUMBER_POSTCODE:
            _check_dossier(platform, row, body)
        if method is Verification.CLIENT_CONFIRMED and not (principal.is_client or row.client_id is not None):
            raise InvalidInput("client_confirmed applies only to a request about a client's debtor",
                               errors=[{"in": "body", "field": "method", "message": "not a debtor request",
                                        "type": "value_error"}])
        status = _flow(row.deadline_owner, True, row.admissible, row.extended_due_date is not None)
        resumed = clock.end_pause(store, row, principal.oid, now)  # a doubt's answer came with the verification
        row = _save(store, row, {"status": status.value, "verification_method": method.value,
                                 "verified_by": principal.oid, "verified_at": now, **resumed}, now)
        audit.record(store, principal.actor, "dsar.verified", "dsar", request_id, now, {"method": method.value})
    return view(row)


def _check_dossier(platform: Connection, row: Any, body: VerifyIn) -> None:
    missing = [f for f in ("dossier_reference", "postcode") if not getattr(body, f)]
    if missing:
        raise InvalidInput("dossier_number_postcode needs the dossier reference and the debtor's postcode",
                           errors=[{"in": "body", "field": f, "message": "required for this method",
                                    "type": "missing"} for f in missing])
    given = normalise_postcode(body.postcode or "")
    found = platform.execute(q.dossier_owner((body.dossier_reference or "").strip())).first()
    ok = (found is not None and given is not None and found.email == row.subject_email
          and normalise_postcode(found.postcode or "") == given
          and (row.client_id is None or found.client_id == row.client_id))
    if not ok:  # one message for every mismatch: which part was wrong must not leak
        raise InvalidInput("The dossier reference and postcode do not match this subject's data",
                           errors=[{"in": "body", "field": "dossier_reference", "message": "no match",
                                    "type": "mismatch"}])


def _authorize(principal: Principal, row: Any, decision: Decision, body: ControllerDecisionIn) -> Basis:
    """The one rule (shared.decisions) says who may take this decision; 403 before anything changes."""
    basis = decisions.authorize(decision, principal, row.client_id, body.instruction)
    if body.instruction is not None and basis is not Basis.INSTRUCTION:
        raise InvalidInput("instruction is only for staff recording a client's decision (processor mode)",
                           errors=[{"in": "body", "field": "instruction", "message": "not applicable",
                                    "type": "extra_forbidden"}])
    return basis


def _on_record(store: Connection, principal: Principal, row: Any, decision: Decision, body: ControllerDecisionIn,
               basis: Basis, now: datetime) -> dict[str, Any]:
    """Log the controller's instruction (when staff decided on one): the audit details of the decision."""
    details: dict[str, Any] = {"basis": basis.value}
    if basis is Basis.INSTRUCTION:
        assert body.instruction is not None and row.client_id is not None
        details["instruction_id"] = instructions.record(
            store, principal.actor, client_id=row.client_id, decision=decision.value, object_type="dsar",
            object_id=row.id, instruction=body.instruction, now=now)
    return details


def decide(deps: Deps, principal: Principal, request_id: str, body: DecisionIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        _require_open(row)
        if row.deadline_owner != DeadlineOwner.CONTROLLER.value:
            raise Conflict("Incassotool is the controller for this request: no client decision is asked")
        basis = _authorize(principal, row, Decision.ADMISSIBILITY, body)
        if row.decided_at is not None:
            raise Conflict("The controller already decided on this request")
        if body.art17_ground is not None and not (body.admissible and row.type == RequestType.ERASURE.value):
            raise InvalidInput("art17_ground goes with a decision that an erasure request is admissible",
                               errors=[{"in": "body", "field": "art17_ground", "message": "not applicable",
                                        "type": "extra_forbidden"}])
        values: dict[str, Any] = {"admissible": body.admissible, "decision_reason": body.reason,
                                  "decided_by": principal.oid, "decided_at": now}
        if body.admissible:
            values["status"] = _flow(row.deadline_owner, row.verified_at is not None, True,
                                     row.extended_due_date is not None).value
        else:
            values.update(status=Status.REJECTED.value, reject_ground=RejectGround.CONTROLLER_DECISION.value,
                          reject_reason=body.reason, closed_at=now)
            values.update(_forget_changes(row))
        row = _save(store, row, values, now)
        audit.record(store, principal.actor, "dsar.decided", "dsar", request_id, now,
                     {"admissible": body.admissible,
                      **({"art17_ground": body.art17_ground.value} if body.art17_ground else {}),
                      **_on_record(store, principal, row, Decision.ADMISSIBILITY, body, basis, now)})
        if not body.admissible:
            _letter(store, row, now, "dsar.rejected",
                    *texts.rejection(row.type, row.subject_name, row.id[:8], row.reject_ground, body.reason,
                                     **_controller(platform, row)))
    return view(row)


def extend(deps: Deps, principal: Principal, request_id: str, body: ExtendIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        _require_open(row)
        basis = _authorize(principal, row, Decision.EXTENSION, body)
        if row.extended_due_date is not None:
            raise Conflict("The request was already extended; the law allows one extension of two months")
        paused = paused_so_far(row.target_date, row.received_at)  # a doubt's pause moves both ends
        if not extension_allowed(row.received_at, now, paused_days=paused):
            raise RuleViolation(
                f"An extension must be told to the subject within the first month: the original due date "
                f"{row.due_date.isoformat()} has passed (Art. 12(3) AVG)")
        new_due = extended_due_date(row.received_at, paused_days=paused)
        values: dict[str, Any] = {"extended_due_date": new_due, "extension_reason": body.reason}
        if row.status == Status.IN_PROGRESS.value:
            values["status"] = Status.EXTENDED.value
        row = _save(store, row, values, now)
        audit.record(store, principal.actor, "dsar.extended", "dsar", request_id, now,
                     {"extended_due_date": new_due.isoformat(),
                      **_on_record(store, principal, row, Decision.EXTENSION, body, basis, now)})
        _letter(store, row, now, "dsar.extended",
                *texts.extension(row.type, row.subject_name, row.id[:8], body.reason, row.due_date, new_due,
                                 **_controller(platform, row)))
    return view(row)


def reject(deps: Deps, principal: Principal, request_id: str, body: RejectIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        _require_open(row)
        basis = _authorize(principal, row, Decision.REFUSAL, body)
        row = _save(store, row, {"status": Status.REJECTED.value, "reject_ground": body.ground.value,
                                 "reject_reason": body.reason, "closed_at": now, **_forget_changes(row)}, now)
        audit.record(store, principal.actor, "dsar.rejected", "dsar", request_id, now,
                     {"ground": body.ground.value,
                      **_on_record(store, principal, row, Decision.REFUSAL, body, basis, now)})
        _letter(store, row, now, "dsar.rejected",
                *texts.rejection(row.type, row.subject_name, row.id[:8], body.ground.value, body.reason,
                                 **_controller(platform, row)))
    return view(row)


def _controller(platform: Connection, row: Any) -> dict[str, Any]:
    return controllers.for_letter(platform, row)


def _forget_changes(row: Any) -> dict[str, Any]:
    """A refused rectification keeps which fields were asked for, not the new values (personal data)."""
    return {"changes": dict.fromkeys(row.changes, "[niet toegepast]")} if row.changes else {}


def _letter(store: Connection, row: Any, now: datetime, topic: str, line: str, text: str) -> None:
    letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email, topic=topic,
                  related_type="dsar", related_id=row.id, subject_line=line, body=text)


# --- Completion --------------------------------------------------------------------------------


def complete(deps: Deps, principal: Principal, request_id: str, body: CompleteIn) -> dict[str, Any]:
    """Blob storage and Key Vault are called with no connection out: an access package is read in
    one transaction, stored, then recorded in a second one (which checks again that the request
    is still open); an erasure's pseudonym key is fetched before its transaction."""
    from shared.dsar import execute
    from shared.pseudonym import from_deps

    now = deps.now()
    with deps.store.connect() as store:
        kind = RequestType(load(store, principal, request_id).type)
    pseudonymise = from_deps(deps) if kind is RequestType.ERASURE else None
    pkg = None
    if kind in (RequestType.ACCESS, RequestType.PORTABILITY):
        with both(deps.store, deps.platform) as (store, platform):
            pkg = execute.package(deps, store, platform, _completable(store, principal, request_id, body), now)
        execute.store_package(deps, pkg)
    try:
        with both(deps.store, deps.platform) as (store, platform):
            row = _completable(store, principal, request_id, body)
            outcome = (execute.exported(store, row, pkg, now) if pkg
                       else execute.run(deps, store, platform, row, body, now, completed_by=principal.oid,
                                         pseudonymise=pseudonymise))
            row = _save(store, row, {"status": Status.COMPLETED.value, "result": outcome.result, "closed_at": now,
                                     "export_blob": outcome.export_blob,
                                     "changes": outcome.changes if outcome.changes is not None else row.changes},
                        now)
            audit.record(store, principal.actor, "dsar.completed", "dsar", request_id, now, outcome.audit)
    except Exception:
        if pkg:
            execute.discard_package(deps, pkg)
        raise
    if outcome.blob_paths:
        execute.delete_blobs(deps, request_id, now)
    if outcome.package_blobs:
        execute.delete_packages(deps, request_id, outcome.package_blobs, now)
    return view(row)


def _completable(store: Connection, principal: Principal, request_id: str, body: CompleteIn) -> Any:
    row = load(store, principal, request_id)
    if body.changes is not None and row.type != RequestType.RECTIFICATION.value:
        raise InvalidInput("changes belong to a rectification request only",
                           errors=[{"in": "body", "field": "changes", "message": "not allowed for this type",
                                    "type": "extra_forbidden"}])
    _require_open(row)
    if Status(row.status) not in DSAR_GROUPS["workable"]:
        why = {Status.AWAITING_VERIFICATION: "the subject's identity is not verified yet",
               Status.AWAITING_CONTROLLER: "the controller (client) has not decided on admissibility yet"}
        raise Conflict(f"The request cannot be completed: {why.get(Status(row.status), row.status)}")
    return row


# --- The export link ---------------------------------------------------------------------------


def export_link(deps: Deps, principal: Principal, request_id: str, download: bool) -> dict[str, Any] | bytes:
    """A short-lived read link to the package (or its bytes); only within the caller's reach."""
    from shared.storage import EXPORTS

    now = deps.now()
    minutes = deps.settings.export_link_minutes
    with deps.store.begin() as store:
        row = load(store, principal, request_id)
        if not row.export_blob:
            if row.closed_at is not None and row.type in (RequestType.ACCESS.value, RequestType.PORTABILITY.value):
                raise Gone("The package of this request has been deleted: ask for a new copy")
            raise Conflict("There is no export for this request: complete an access or portability request first")
        audit.record(store, principal.actor, "dsar.export_downloaded" if download else "dsar.export_link", "dsar",
                     request_id, now, {"minutes": None if download else minutes})
    if download:
        return deps.blobs.download(EXPORTS, row.export_blob)
    return {"url": deps.blobs.read_link(EXPORTS, row.export_blob, now, minutes),
            "expires_at": now + timedelta(minutes=minutes)}
