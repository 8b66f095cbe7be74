"""The decision on an objection (Art. 21 GDPR): compelling legitimate grounds that override the
subject's interests, or not, with the reasons.

An objection request is first completed: its rows are restricted while it is decided (Art.
18(1)(d)). The decision then either stops the processing and erases the data through the one
erasure path (execute.erase: kept rows keep their duty and end), or refuses with a Dutch letter
that states the grounds and the remedies. Either way the Art. 18(1)(d) restriction ends with the
letter, which is its Art. 18(3) notice. An objection to direct marketing (the prospect's data,
Art. 21(2)-(3)) is absolute: no grounds can override it (422), and its processing stopped at once
when the request was completed (the prospect's consents are withdrawn then). Who decides follows
shared.decisions (OBJECTION).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared import audit, letters
from shared.db.uow import store_and_platform as both
from shared.decisions import Decision
from shared.deps import Deps
from shared.dsar import consent, execute, service, step_texts
from shared.dsar.erasure_decision import instruction_of
from shared.dsar.models import ObjectionDecisionIn
from shared.dsar.status import Art17Ground, RequestType, Status
from shared.dsar.tables import objection_decisions
from shared.dsar.views import load
from shared.errors import Conflict, RuleViolation
from shared.identity.principal import Principal
from shared.pseudonym import from_deps
from shared.restrictions import restrictions

R = restrictions.c
KIND = RequestType.OBJECTION.value


def _end_restriction(store: Connection, request_id: str, by: str, reason: str, now: datetime) -> int:
    """The letter of the decision is the Art. 18(3) notice: noted and lifted in one step."""
    open_rows = (R.request_id == request_id, R.kind == KIND, R.lifted_at.is_(None))
    store.execute(update(restrictions).where(*open_rows, R.notified_at.is_(None)).values(notified_at=now))
    return int(store.execute(update(restrictions).where(*open_rows)
                             .values(lifted_at=now, lifted_by=by[:64], lift_reason=reason[:2000])).rowcount or 0)


def decide(deps: Deps, principal: Principal, request_id: str, body: ObjectionDecisionIn) -> dict[str, Any]:
    now = deps.now()
    # An upheld objection erases: its pseudonym key is read before the transaction (Key Vault).
    pseudonymise = None if body.overriding else from_deps(deps)
    with both(deps.store, deps.platform) as (store, platform):
        row = load(store, principal, request_id)
        if row.type != KIND or row.status != Status.COMPLETED.value:
            raise Conflict("Only a completed objection request (its data restricted while it is decided) is "
                           "decided here: complete it first")
        basis = service.authorize(principal, row, Decision.OBJECTION, body)
        if store.execute(select(objection_decisions.c.request_id)
                         .where(objection_decisions.c.request_id == request_id)).first():
            raise Conflict("This objection was already decided")
        rows = execute.discover(platform, row.subject_email, row.client_id)
        direct_marketing = bool(consent.marketing_rows(rows))
        if direct_marketing and body.overriding:
            raise RuleViolation("An objection to direct marketing is absolute (Art. 21(3) AVG): no compelling "
                                "grounds can override it; decide with overriding false")
        details = service.on_record(store, principal, row, Decision.OBJECTION, body, basis, now)
        _end_restriction(store, request_id, principal.oid, body.reasons, now)
        controller = service.controller_of(platform, row)  # who decided, and what the subject is to it
        outcome = None
        if body.overriding:
            line, text = step_texts.objection_refused(row.subject_name, row.id[:8], body.reasons, **controller)
        else:
            line, text = step_texts.objection_upheld(row.subject_name, row.id[:8], direct_marketing, body.reasons,
                                                     **controller)
            # The certificate names this decision (not the admissibility one) as the erasure's decision.
            decision = {"controller": controller["controller"] or "Incassotool", "basis": basis.value,
                        "by": principal.oid[:64], "at": now.isoformat(),
                        "instruction": instruction_of(store, details.get("instruction_id")),
                        "art17_ground": Art17Ground.OBJECTION.value}
            assert pseudonymise is not None
            outcome = execute.erase(deps, store, platform, row, rows, now, Art17Ground.OBJECTION.value, decision,
                                    pseudonymise=pseudonymise)
        decided = {"request_id": request_id, "overriding": body.overriding, "direct_marketing": direct_marketing,
                   "reasons": body.reasons, "basis": basis.value, "decided_at": now,
                   "decided_by": principal.oid[:64]}
        store.execute(insert(objection_decisions).values(**decided))
        letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email,
                      topic="dsar.objection_decided", related_type="dsar", related_id=row.id,
                      subject_line=line, body=text)
        erased = outcome.audit["erased"] if outcome else None
        kept = outcome.audit["kept"] if outcome else None
        result = {**(row.result or {}), "objection": {
            "overriding": body.overriding, "direct_marketing": direct_marketing, "decided_at": now.isoformat(),
            **({"certificate": outcome.result["certificate"]} if outcome else {})}}
        service.save(store, row, {"result": result}, now)
        audit.record(store, principal.actor, "dsar.objection_decided", "dsar", request_id, now,
                     {**details, "overriding": body.overriding, "direct_marketing": direct_marketing,
                      "erased": erased, "kept": kept})
    if outcome and outcome.blob_paths:
        execute.delete_blobs(deps, request_id, now)
    if outcome and outcome.package_blobs:
        execute.delete_packages(deps, request_id, outcome.package_blobs, now)
    return {**decided, "erased": _flat(erased), "kept": kept}


def _flat(erased: Mapping[str, Mapping[str, int]] | None) -> dict[str, int] | None:
    """The report's {deleted, anonymised} counts as rows per table."""
    if erased is None:
        return None
    out: dict[str, int] = {}
    for part in erased.values():
        for t, n in part.items():
            out[t] = out.get(t, 0) + int(n)
    return out
