"""The breach commands: intake, assessment, the FG's decision, notifications and evaluation.

Each command is one store transaction: the change, its audit event, and (for letters) the
outbox rows commit together or not at all. Telemetry carries ids only.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from typing import Any

from sqlalchemy import Connection

from shared import audit, letters, telemetry
from shared.breaches import controllers, texts
from shared.breaches import queries as q
from shared.breaches.models import AssessmentIn, BreachIn, DecisionIn, EvaluationIn, NotificationIn
from shared.breaches.risk import Outcome, RiskInputs, SubjectsChannel, assess
from shared.breaches.rules import Phase, Target, authority_required, is_late, subjects_required
from shared.breaches.status import BREACH_GROUPS, BreachStatus
from shared.breaches.views import OBJECT
from shared.deadlines import breach_authority_due_at, receipt_day
from shared.deps import Deps
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from shared.identity.principal import Principal


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors=[{"in": "body", "field": field, "message": message, "type": "value_error"}])


def _new_id() -> str:
    return str(uuid.uuid4())


def _load_for_update(conn: Connection, breach_id: str) -> Any:
    if conn.execute(q.lock_breach(breach_id)).rowcount == 0:
        raise NotFound("No such breach")
    return conn.execute(q.breach_by_id(breach_id)).one()


def _next_seq(conn: Connection, kind: str, breach_id: str) -> int:
    return int(conn.execute(q.last_seq(kind, breach_id)).scalar_one()) + 1


def _require_open(row: Any) -> None:
    if not BREACH_GROUPS.is_open(BreachStatus(row.status)):
        raise Conflict("The breach is closed (evaluated); it no longer changes")


# --- Intake ----------------------------------------------------------------------------------

def report(deps: Deps, principal: Principal, body: BreachIn) -> dict[str, Any]:
    now = deps.now()
    for name in ("became_aware_at", "started_at", "ended_at"):
        value = getattr(body, name)
        if value is not None and value > now:
            raise _field_error(name, f"{name} must not be in the future")
    if body.started_at and body.started_at > body.became_aware_at:
        raise _field_error("started_at", "started_at must not be after became_aware_at")

    client_ids = sorted(set(body.client_ids) | {f.client_id for f in body.client_facts})
    if client_ids:
        found: set[int] = set()
        with deps.platform.connect() as pconn:
            for part in q.chunks(client_ids):
                found |= {r.id for r in pconn.execute(q.clients_by_id(part))}
        missing = [c for c in client_ids if c not in found]
        if missing:
            raise _field_error("client_ids", f"Unknown client ids: {', '.join(map(str, missing))}")

    breach_id = _new_id()
    became_aware_at = body.became_aware_at.astimezone(UTC)
    due_at = breach_authority_due_at(body.became_aware_at)
    role = controllers.role_of(client_ids, body.subject_categories)
    values = body.model_dump(mode="json", exclude={"client_ids", "client_facts", "became_aware_at", "started_at",
                                                   "ended_at"})
    values.update(
        id=breach_id,
        status=BreachStatus.REPORTED.value,
        became_aware_at=became_aware_at,
        authority_due_at=due_at,
        started_at=body.started_at,
        ended_at=body.ended_at,
        authority_required=None if controllers.files_itself(role) else False,
        incassotool_role=role.value,
        reported_at=now,
        reported_by=principal.actor.oid,
        reported_by_role=principal.actor.role,
    )
    with deps.store.begin() as conn:
        conn.execute(q.insert_breach(values))
        if client_ids:
            conn.execute(q.insert_breach_clients(), controllers.client_rows(
                breach_id, client_ids, body.client_facts, became_aware_at, deps.settings.breach_client_notice_hours))
        audit.record(conn, principal.actor, "breach.reported", OBJECT, breach_id, now,
                     {"clients": len(client_ids), "incassotool_role": role.value})
    telemetry.emit("Privacy.BreachRegistered", breach_id=breach_id, clients=len(client_ids))
    return {
        "id": breach_id,
        "status": BreachStatus.REPORTED,
        "became_aware_at": became_aware_at,
        "authority_notification_due_at": due_at,
        "incassotool_role": role,
    }


# --- Assessment and decision -----------------------------------------------------------------

def assess_breach(deps: Deps, principal: Principal, breach_id: str, body: AssessmentIn) -> dict[str, Any]:
    now = deps.now()
    with deps.store.begin() as conn:
        row = _load_for_update(conn, breach_id)
        _require_open(row)
        subjects_max = body.subjects_max if body.subjects_max is not None else row.subjects_max
        inputs = RiskInputs(
            dpc=body.dpc, ei=body.ei, cb_confidentiality=body.cb_confidentiality,
            cb_integrity=body.cb_integrity, cb_availability=body.cb_availability, malicious=body.malicious,
            special_categories=body.special_categories, criminal_data=body.criminal_data,
            vulnerable_subjects=body.vulnerable_subjects, subjects_max=subjects_max,
            data_unintelligible=body.data_unintelligible,
            high_risk_removed_by_measures=body.high_risk_removed_by_measures,
            disproportionate_effort=body.disproportionate_effort,
        )
        result = assess(inputs)
        assessment_id = _new_id()
        facts = body.model_dump(mode="json", exclude={"consequences", "harm"})
        facts["subjects_max"] = subjects_max
        conn.execute(q.insert_assessment({
            "id": assessment_id, "breach_id": breach_id, "seq": _next_seq(conn, "assessment", breach_id),
            "assessed_at": now, "assessed_by": principal.actor.oid,
            "inputs": facts, "score": result.score, "severity": result.severity.value,
            "outcome": result.outcome.value, "subjects_channel": result.subjects_channel.value,
            "reasoning": result.reasoning, "authority_reasoning": result.authority_reasoning,
            "subjects_reasoning": result.subjects_reasoning, "consequences": body.consequences,
            "harm": [h.value for h in body.harm],
        }))
        changes: dict[str, Any] = {}
        if row.status == BreachStatus.REPORTED:
            changes["status"] = BreachStatus.ASSESSED.value
        if row.status != BreachStatus.DECIDED:
            # Until the FG decides, the assessment says whether the 72-hour clock matters.
            changes["authority_required"] = result.notify_authority and controllers.files_itself(
                controllers.stored_role(row))
        if changes:
            conn.execute(q.update_breach(breach_id, changes))
        audit.record(conn, principal.actor, "breach.assessed", OBJECT, breach_id, now,
                     {"assessment_id": assessment_id, "severity": result.severity.value,
                      "outcome": result.outcome.value})
    telemetry.emit("Privacy.BreachAssessed", breach_id=breach_id, assessment_id=assessment_id,
                   severity=result.severity.value, outcome=result.outcome.value)
    return {
        "id": assessment_id,
        "breach_id": breach_id,
        "assessed_at": now,
        "score": result.score,
        "severity": result.severity.value,
        "outcome": result.outcome,
        "notify_authority": result.notify_authority,
        "notify_authority_reasoning": result.authority_reasoning,
        "notify_subjects": result.notify_subjects,
        "notify_subjects_reasoning": result.subjects_reasoning,
        "subjects_channel": result.subjects_channel,
        "reasoning": result.reasoning,
    }


def decide(deps: Deps, principal: Principal, breach_id: str, body: DecisionIn) -> dict[str, Any]:
    now = deps.now()
    with deps.store.begin() as conn:
        row = _load_for_update(conn, breach_id)
        _require_open(row)
        assessments = conn.execute(q.assessments_of(breach_id)).all()
        if not assessments:
            raise Conflict("Assess the breach before deciding on notification")
        latest = assessments[-1]
        assessed_outcome = Outcome(latest.outcome)
        assessed_channel = SubjectsChannel(latest.subjects_channel)
        outcome = body.outcome or assessed_outcome
        if subjects_required(outcome):
            channel = body.subjects_channel or (
                assessed_channel if assessed_channel is not SubjectsChannel.NONE else SubjectsChannel.INDIVIDUAL)
            if channel is SubjectsChannel.NONE:
                raise _field_error("subjects_channel", "Telling the subjects needs a channel: individual or "
                                   "public_communication")
        else:
            if body.subjects_channel not in (None, SubjectsChannel.NONE):
                raise _field_error("subjects_channel", "subjects_channel applies only when the subjects are told")
            channel = SubjectsChannel.NONE
        overridden = outcome is not assessed_outcome or channel is not assessed_channel
        if overridden and not body.reason:
            raise _field_error("reason", "A reason is required when the decision departs from the assessment")
        decision_id = _new_id()
        conn.execute(q.insert_decision({
            "id": decision_id, "breach_id": breach_id, "seq": _next_seq(conn, "decision", breach_id),
            "assessment_id": latest.id, "decided_at": now, "decided_by": principal.actor.oid,
            "outcome": outcome.value, "subjects_channel": channel.value,
            "overridden": overridden, "reason": body.reason,
        }))
        conn.execute(q.update_breach(breach_id, {
            "status": BreachStatus.DECIDED.value,
            "authority_required": authority_required(outcome) and controllers.files_itself(
                controllers.stored_role(row))}))
        audit.record(conn, principal.actor, "breach.decided", OBJECT, breach_id, now,
                     {"decision_id": decision_id, "assessment_id": latest.id, "outcome": outcome.value,
                      "overridden": overridden})
    telemetry.emit("Privacy.BreachDecided", breach_id=breach_id, decision_id=decision_id,
                   outcome=outcome.value, overridden=overridden)
    return {
        "id": decision_id, "breach_id": breach_id, "assessment_id": latest.id, "decided_at": now,
        "outcome": outcome, "subjects_channel": channel, "overridden": overridden, "reason": body.reason,
        "notify_authority": authority_required(outcome), "notify_subjects": subjects_required(outcome),
        "outcome_text": texts.OUTCOME_NL[outcome],
    }


# --- Notifications ---------------------------------------------------------------------------

def _consequences(conn: Connection, row: Any) -> str | None:
    latest = conn.execute(q.assessments_of(row.id)).all()
    return (latest[-1].consequences if latest and latest[-1].consequences else None) or row.likely_consequences


def _client_names(deps: Deps, client_ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    with deps.platform.connect() as pconn:
        for part in q.chunks(client_ids):
            names.update({r.id: r.name for r in pconn.execute(q.clients_by_id(part))})
    return names


def notify(deps: Deps, principal: Principal, breach_id: str, body: NotificationIn) -> dict[str, Any]:
    now = deps.now()
    sent_at = body.sent_at or now
    if sent_at > now:
        raise _field_error("sent_at", "sent_at must not be in the future")
    client_names: dict[int, str] = {}
    with deps.store.begin() as conn:
        row = _load_for_update(conn, breach_id)
        if sent_at < row.became_aware_at:
            raise _field_error("sent_at", "sent_at must not be before became_aware_at")
        earlier = conn.execute(q.notifications_of(breach_id)).all()
        decisions = conn.execute(q.decisions_of(breach_id)).all()
        decision = decisions[-1] if decisions else None
        values: dict[str, Any] = {
            "id": _new_id(), "breach_id": breach_id, "seq": _next_seq(conn, "notification", breach_id),
            "target": body.target.value, "sent_at": sent_at,
            "recorded_at": now, "recorded_by": principal.actor.oid, "reason": body.reason,
            "channel": body.channel, "notes": body.notes, "late": False, "recipients_count": 0,
        }
        letter_ids: list[str] = []
        consequences = _consequences(conn, row)
        role = controllers.stored_role(row)
        notices = conn.execute(q.clients_of(breach_id)).all()
        audit_extra: dict[str, Any] = {}
        if notices and body.target in (Target.CLIENTS, Target.SUBJECTS):
            client_names = _client_names(deps, [n.client_id for n in notices])

        if body.target is Target.AUTHORITY:
            basis = controllers.filing_basis(role, notices, body.client_ids)
            values.update(client_ids=sorted(set(body.client_ids)) if body.client_ids else None)
            has_first = any(n.target == Target.AUTHORITY and n.phase == Phase.FIRST for n in earlier)
            phase = body.phase or (Phase.FOLLOW_UP if has_first else Phase.FIRST)
            if phase is Phase.FIRST and has_first:
                raise Conflict("The first notification to the AP is recorded already: use phase follow_up")
            if phase is not Phase.FIRST and not has_first:
                raise RuleViolation("A follow-up or withdrawal needs the first notification to the AP")
            late = phase is Phase.FIRST and is_late(sent_at, row.authority_due_at)
            if late and not body.delay_reasons:
                raise _field_error("delay_reasons", "The notification came after the 72-hour deadline: "
                                   "give the reasons for the delay (Art. 33(1))")
            values.update(phase=phase.value, authority_reference=body.authority_reference, late=late,
                          delay_reasons=body.delay_reasons)
            audit_extra = {"basis": basis.value}
            if phase is Phase.FIRST:
                conn.execute(q.update_breach(breach_id, {"authority_notified_at": sent_at}))

        elif body.target is Target.CLIENTS:
            affected = [n.client_id for n in notices]
            if not affected:
                raise RuleViolation("The breach touches no client's data: record the affected clients at intake")
            chosen = sorted(set(body.client_ids)) if body.client_ids is not None else affected
            strangers = [c for c in chosen if c not in affected]
            if strangers or not chosen:
                raise _field_error("client_ids", "client_ids must be affected clients of this breach: "
                                   + ", ".join(map(str, strangers or chosen)))
            letter_ids += controllers.notify_clients(conn, row, notices, chosen, client_names, consequences,
                                                     sent_at, now)
            values.update(client_ids=chosen, recipients_count=len(chosen))

        elif body.target is Target.SUBJECTS:
            told = decision is not None and subjects_required(Outcome(decision.outcome))
            if not told and not body.reason:
                raise RuleViolation("The FG's decision does not call for telling the subjects (or there is no "
                                    "decision yet): give a reason to tell them anyway")
            letter = texts.subject_letter(breach_id=breach_id, summary=row.summary, data_kinds=row.data_kinds,
                                          consequences=consequences, measures=row.measures_taken)
            # About a client's data the notice is the client's: a text in its name, handed to it.
            letter_ids += controllers.prepare_subject_notices(conn, row, [n.client_id for n in notices],
                                                              client_names, consequences, now)
            # Incassotool's own part; without addresses, one letter is queued as the text for a mail merge.
            recipients: list[str | None] = [*body.recipients] if body.recipients else [None]
            if not controllers.files_itself(role):
                recipients = []
            for email in recipients:
                letter_ids.append(letters.queue(
                    conn, at=now, recipient_kind="subject", recipient=email, topic="breach.subject_notice",
                    related_type=OBJECT, related_id=breach_id, subject_line=letter.subject_line,
                    body=letter.body))
            values["recipients_count"] = len(body.recipients or [])

        else:  # public communication; the model requires its reason and channel
            letter = texts.public_notice(breach_id=breach_id, summary=row.summary, consequences=consequences,
                                         measures=row.measures_taken)
            letter_ids.append(letters.queue(
                conn, at=now, recipient_kind="public", recipient=None, topic="breach.public_notice",
                related_type=OBJECT, related_id=breach_id, subject_line=letter.subject_line, body=letter.body))

        values["letter_ids"] = letter_ids
        conn.execute(q.insert_notification(values))
        audit.record(conn, principal.actor, "breach.notified", OBJECT, breach_id, now,
                     {"notification_id": values["id"], "target": body.target.value, "phase": values.get("phase"),
                      "late": values["late"], "letters": len(letter_ids), **audit_extra})
    telemetry.emit("Privacy.BreachNotificationRecorded", breach_id=breach_id, notification_id=values["id"],
                   target=body.target.value, phase=values.get("phase") or "", late=values["late"],
                   letters=len(letter_ids))
    out = dict(values)
    out.pop("recorded_by")
    out.pop("seq")
    return out


# --- Evaluation ------------------------------------------------------------------------------

def evaluate(deps: Deps, principal: Principal, breach_id: str, body: EvaluationIn) -> dict[str, Any]:
    now = deps.now()
    today = receipt_day(now)
    for i, m in enumerate(body.measures):
        if m.done_on is not None and m.done_on > today:
            raise _field_error(f"measures.{i}.done_on", "done_on must not be in the future")
    with deps.store.begin() as conn:
        row = _load_for_update(conn, breach_id)
        decisions = conn.execute(q.decisions_of(breach_id)).all()
        if not decisions:
            raise Conflict("The FG decides on notification before the breach is evaluated and closed")
        outcome = Outcome(decisions[-1].outcome)
        notifications = conn.execute(q.notifications_of(breach_id)).all()
        targets = {n.target for n in notifications}
        problems = controllers.closing_problems(
            controllers.stored_role(row), authority_required(outcome), row.authority_notified_at is not None,
            subjects_required(outcome), bool(targets & {Target.SUBJECTS.value, Target.PUBLIC.value}),
            conn.execute(q.clients_of(breach_id)).all())
        if problems:
            raise RuleViolation("; ".join(problems))
        evaluation_id = _new_id()
        superseded = conn.execute(q.supersede_evaluations(breach_id, now)).rowcount
        conn.execute(q.insert_evaluation({
            "id": evaluation_id, "breach_id": breach_id, "seq": _next_seq(conn, "evaluation", breach_id),
            "evaluated_at": now,
            "evaluated_by": principal.actor.oid, "lessons_learned": body.lessons_learned,
        }))
        measures = [
            {"id": _new_id(), "evaluation_id": evaluation_id, "breach_id": breach_id, "position": i,
             "description": m.description, "owner": m.owner, "due_date": m.due_date, "done_on": m.done_on}
            for i, m in enumerate(body.measures)
        ]
        if measures:
            conn.execute(q.insert_measures(), measures)
        changes: dict[str, Any] = {"status": BreachStatus.CLOSED.value}
        if row.closed_at is None:
            changes["closed_at"] = now
        conn.execute(q.update_breach(breach_id, changes))
        audit.record(conn, principal.actor, "breach.evaluated", OBJECT, breach_id, now,
                     {"evaluation_id": evaluation_id, "measures": len(measures), "revision": bool(superseded)})
    telemetry.emit("Privacy.BreachEvaluated", breach_id=breach_id, evaluation_id=evaluation_id,
                   measures=len(measures))
    return {
        "id": evaluation_id, "breach_id": breach_id, "evaluated_at": now, "status": BreachStatus.CLOSED,
        "closed_at": row.closed_at or now, "lessons_learned": body.lessons_learned,
        "measures": [{k: v for k, v in m.items() if k not in ("evaluation_id", "breach_id", "position")}
                     for m in measures],
    }
