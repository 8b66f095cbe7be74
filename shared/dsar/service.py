"""DSAR services: verification, the controller's decision, extension, refusal and completion.
One unit of work per operation; every change leaves an audit event. Intake lives in intake.py, the
reads and the view mapper in views.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared import audit, decisions, letters
from shared.db.uow import store_and_platform as both
from shared.deadlines import extended_due_date, extension_allowed, paused_so_far
from shared.decisions import Basis, Decision
from shared.deps import Deps
from shared.dsar import clock, controllers, rules, texts
from shared.dsar import queries as q
from shared.dsar.models import (
    CompleteIn,
    ControllerDecisionIn,
    DecisionIn,
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
from shared.errors import Conflict, Gone, InvalidInput, RuleViolation
from shared.identity.principal import Principal
from shared.identity.roles import Role
from shared.instructions import log as instructions

# --- Verification, decision, extension, refusal ------------------------------------------------


def require_open(row: Any) -> None:
    if not DSAR_GROUPS.is_open(Status(row.status)):
        raise Conflict(f"The request is {row.status}: it can no longer change")


def save(store: Connection, row: Any, values: dict[str, Any], now: datetime) -> Any:
    done = store.execute(q.set_fields(row.id, {**values, "updated_at": now}, expected_status=row.status))
    if done.rowcount != 1:
        raise Conflict("The request changed meanwhile; reload and try again")
    return store.execute(q.by_id(row.id)).one()


def verify(deps: Deps, principal: Principal, request_id: str, body: VerifyIn) -> dict[str, Any]:
    now = deps.now()
    method = rules.check_method(body.method)
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        require_open(row)
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
        status = rules.flow_status(row.deadline_owner, True, row.admissible, row.extended_due_date is not None)
        resumed = clock.end_pause(store, row, principal.oid, now)  # a doubt's answer came with the verification
        row = save(store, row, {"status": status.value, "verification_method": method.value,
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


def authorize(principal: Principal, row: Any, decision: Decision, body: ControllerDecisionIn) -> Basis:
    """The one rule (shared.decisions) says who may take this decision; 403 before anything changes."""
    return decisions.authorize(decision, principal, row.client_id, body.instruction)


def on_record(store: Connection, principal: Principal, row: Any, decision: Decision, body: ControllerDecisionIn,
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
        require_open(row)
        if row.deadline_owner != DeadlineOwner.CONTROLLER.value:
            raise Conflict("Incassotool is the controller for this request: no client decision is asked")
        basis = authorize(principal, row, Decision.ADMISSIBILITY, body)
        if row.decided_at is not None:
            raise Conflict("The controller already decided on this request")
        if body.art17_ground is not None and not (body.admissible and row.type == RequestType.ERASURE.value):
            raise InvalidInput("art17_ground goes with a decision that an erasure request is admissible",
                               errors=[{"in": "body", "field": "art17_ground", "message": "not applicable",
                                        "type": "extra_forbidden"}])
        values: dict[str, Any] = {"admissible": body.admissible, "decision_reason": body.reason,
                                  "decided_by": principal.oid, "decided_at": now}
        if body.admissible:
            values["status"] = rules.flow_status(row.deadline_owner, row.verified_at is not None, True,
                                     row.extended_due_date is not None).value
        else:
            values.update(status=Status.REJECTED.value, reject_ground=RejectGround.CONTROLLER_DECISION.value,
                          reject_reason=body.reason, closed_at=now)
            values.update(_forget_changes(row))
        row = save(store, row, values, now)
        audit.record(store, principal.actor, "dsar.decided", "dsar", request_id, now,
                     {"admissible": body.admissible,
                      **({"art17_ground": body.art17_ground.value} if body.art17_ground else {}),
                      **on_record(store, principal, row, Decision.ADMISSIBILITY, body, basis, now)})
        if not body.admissible:
            _letter(store, row, now, "dsar.rejected",
                    *texts.rejection(row.type, row.subject_name, row.id[:8], row.reject_ground, body.reason,
                                     **controller_of(platform, row)))
    return view(row)


def extend(deps: Deps, principal: Principal, request_id: str, body: ExtendIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        require_open(row)
        basis = authorize(principal, row, Decision.EXTENSION, body)
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
        row = save(store, row, values, now)
        audit.record(store, principal.actor, "dsar.extended", "dsar", request_id, now,
                     {"extended_due_date": new_due.isoformat(),
                      **on_record(store, principal, row, Decision.EXTENSION, body, basis, now)})
        _letter(store, row, now, "dsar.extended",
                *texts.extension(row.type, row.subject_name, row.id[:8], body.reason, row.due_date, new_due,
                                 **controller_of(platform, row)))
    return view(row)


def reject(deps: Deps, principal: Principal, request_id: str, body: RejectIn) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        require_open(row)
        basis = authorize(principal, row, Decision.REFUSAL, body)
        row = save(store, row, {"status": Status.REJECTED.value, "reject_ground": body.ground.value,
                                 "reject_reason": body.reason, "closed_at": now, **_forget_changes(row)}, now)
        audit.record(store, principal.actor, "dsar.rejected", "dsar", request_id, now,
                     {"ground": body.ground.value,
                      **on_record(store, principal, row, Decision.REFUSAL, body, basis, now)})
        _letter(store, row, now, "dsar.rejected",
                *texts.rejection(row.type, row.subject_name, row.id[:8], body.ground.value, body.reason,
                                 **controller_of(platform, row)))
    return view(row)


def controller_of(platform: Connection, row: Any) -> dict[str, Any]:
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
            row = save(store, row, {"status": Status.COMPLETED.value, "result": outcome.result, "closed_at": now,
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
    require_open(row)
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
