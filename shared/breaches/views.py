"""The breach reads and their view mappers: one breach with its history (the shape the AP report
and the register also read), the list, the register and the AP report. Each read is audited in
the same store transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from shared import audit, telemetry
from shared.breaches import queries as q
from shared.breaches.controllers import notice_view, stored_role
from shared.breaches.risk import Outcome
from shared.breaches.rules import Phase, Target, authority_required, subjects_required
from shared.breaches.status import BREACH_GROUPS, BreachStatus
from shared.deps import Deps
from shared.errors import NotFound
from shared.identity.principal import Principal

OBJECT = "breach"  # the object type of the breach audit events


def _assessment_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "assessed_at": row.assessed_at,
        "assessed_by": row.assessed_by,
        "inputs": row.inputs,
        "score": Decimal(row.score).quantize(Decimal("0.01")),
        "severity": row.severity,
        "outcome": row.outcome,
        "notify_authority": authority_required(Outcome(row.outcome)),
        "notify_authority_reasoning": row.authority_reasoning,
        "notify_subjects": subjects_required(Outcome(row.outcome)),
        "notify_subjects_reasoning": row.subjects_reasoning,
        "subjects_channel": row.subjects_channel,
        "reasoning": row.reasoning,
        "consequences": row.consequences,
        "harm": row.harm,
    }


def _decision_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "assessment_id": row.assessment_id,
        "decided_at": row.decided_at,
        "decided_by": row.decided_by,
        "outcome": row.outcome,
        "subjects_channel": row.subjects_channel,
        "overridden": row.overridden,
        "reason": row.reason,
        "notify_authority": authority_required(Outcome(row.outcome)),
        "notify_subjects": subjects_required(Outcome(row.outcome)),
    }


def _notification_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "target": row.target,
        "phase": row.phase,
        "sent_at": row.sent_at,
        "recorded_at": row.recorded_at,
        "authority_reference": row.authority_reference,
        "late": row.late,
        "delay_reasons": row.delay_reasons,
        "reason": row.reason,
        "channel": row.channel,
        "client_ids": row.client_ids,
        "recipients_count": row.recipients_count,
        "letter_ids": row.letter_ids or [],
        "notes": row.notes,
    }


def _evaluation_view(row: Any, measures: Sequence[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "evaluated_at": row.evaluated_at,
        "evaluated_by": row.evaluated_by,
        "lessons_learned": row.lessons_learned,
        "measures": [
            {"id": m.id, "description": m.description, "owner": m.owner, "due_date": m.due_date,
             "done_on": m.done_on}
            for m in measures
        ],
    }


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "summary": row.summary,
        "became_aware_at": row.became_aware_at,
        "authority_notification_due_at": row.authority_due_at,
        "authority_required": row.authority_required,
        "authority_notified_at": row.authority_notified_at,
        "reported_at": row.reported_at,
        "closed_at": row.closed_at,
    }


FACTS = (
    "started_at", "ended_at", "ongoing", "discovered_how", "incident_type", "incident_other", "nature",
    "data_kinds", "data_other", "subject_categories", "subject_categories_other", "subjects_min",
    "subjects_max", "records_count", "protection", "protection_how", "processors",
    "likely_consequences", "measures_taken", "cross_border", "other_authorities", "reported_by_role",
)


def compose(row: Any, clients: Sequence[Any], assessments: Sequence[Any], decisions: Sequence[Any],
            notifications: Sequence[Any], evaluations: Sequence[Any], measures: Sequence[Any]) -> dict[str, Any]:
    """One breach with its history, from its rows: the shape of GET /breaches/{id}, which the AP
    report and the register also read."""
    view = _summary(row)
    view.update({name: getattr(row, name) for name in FACTS})
    view["client_ids"] = [c.client_id for c in clients]
    view["incassotool_role"] = stored_role(row).value
    view["client_notices"] = [notice_view(c) for c in clients]
    view["assessments"] = [_assessment_view(a) for a in assessments]
    view["assessment"] = view["assessments"][-1] if assessments else None
    view["decisions"] = [_decision_view(d) for d in decisions]
    view["decision"] = view["decisions"][-1] if decisions else None
    view["notifications"] = [_notification_view(n) for n in notifications]
    first = next((n for n in notifications if n.target == Target.AUTHORITY and n.phase == Phase.FIRST), None)
    view["authority_notification_late"] = bool(first.late) if first else None
    current = [e for e in evaluations if e.superseded_at is None]
    view["evaluation"] = _evaluation_view(current[-1], measures) if current else None
    view["evaluations_count"] = len(evaluations)
    return view


def _view(conn: Connection, row: Any) -> dict[str, Any]:
    bid = row.id
    return compose(
        row,
        conn.execute(q.clients_of(bid)).all(),
        conn.execute(q.assessments_of(bid)).all(),
        conn.execute(q.decisions_of(bid)).all(),
        conn.execute(q.notifications_of(bid)).all(),
        conn.execute(q.evaluations_of(bid)).all(),
        conn.execute(q.current_measures_of(bid)).all(),
    )


def get(deps: Deps, principal: Principal, breach_id: str, action: str = "breach.viewed") -> dict[str, Any]:
    now = deps.now()
    with deps.store.begin() as conn:
        row = conn.execute(q.breach_by_id(breach_id)).first()
        if row is None:
            raise NotFound("No such breach")
        view = _view(conn, row)
        audit.record(conn, principal.actor, action, OBJECT, breach_id, now)
    return view


def authority_report(deps: Deps, principal: Principal, breach_id: str) -> dict[str, Any]:
    """The AP form answers for one breach (audited as a read of the breach)."""
    from shared.breaches.authority_report import build

    view = get(deps, principal, breach_id, action="breach.authority_report_viewed")
    report = build(view, deps.now())
    telemetry.emit("Privacy.BreachAuthorityReportPrepared", breach_id=breach_id, phase=report["phase"],
                   late=report["late"])
    return report


def list_(deps: Deps, principal: Principal, status: BreachStatus | None, group: str | None,
          limit: int) -> list[dict[str, Any]]:
    statuses: set[str] | None = None
    if status is not None:
        statuses = {status.value}
    if group is not None:
        grouped = set(BREACH_GROUPS.values(group))
        statuses = grouped if statuses is None else statuses & grouped
    now = deps.now()
    with deps.store.begin() as conn:
        rows = conn.execute(q.list_breaches(statuses, limit)).all()
        audit.record(conn, principal.actor, "breach.listed", OBJECT, "*", now, {"count": len(rows)})
    return [_summary(r) for r in rows]


def all_views(conn: Connection) -> list[dict[str, Any]]:
    """Every breach with its history, oldest first: a handful of queries, not one per breach."""
    def grouped(stmt: Any) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = defaultdict(list)
        for r in conn.execute(stmt):
            out[r.breach_id].append(r)
        return out

    clients = grouped(q.clients_of())
    assessments, decisions = grouped(q.assessments_of()), grouped(q.decisions_of())
    notifications, evaluations = grouped(q.notifications_of()), grouped(q.evaluations_of())
    measures = grouped(q.current_measures_of())
    return [
        compose(row, clients[row.id], assessments[row.id], decisions[row.id],
                notifications[row.id], evaluations[row.id], measures[row.id])
        for row in conn.execute(q.all_breaches())
    ]


def register(deps: Deps, principal: Principal, fmt: str) -> list[dict[str, Any]]:
    now = deps.now()
    with deps.store.begin() as conn:
        views = all_views(conn)
        audit.record(conn, principal.actor, "breach.register_exported", OBJECT, "*", now,
                     {"count": len(views), "format": fmt})
    telemetry.emit("Privacy.BreachRegisterExported", count=len(views), format=fmt)
    return views


