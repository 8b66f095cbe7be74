"""DPIA register services: one transaction per operation, each change audited (ids only)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from shared import audit
from shared.deps import Deps
from shared.dpia import rules
from shared.dpia.models import DpiaIn, ListQuery
from shared.dpia.tables import dpias
from shared.errors import NotFound, RuleViolation
from shared.http import paging
from shared.identity.principal import Principal


def vocabulary() -> dict[str, Any]:
    return {
        "ap_list": [{"code": c, "label_nl": t} for c, t in rules.AP_LIST.items()],
        "ap_list_source": rules.SOURCE_AP_LIST,
        "criteria": [{"code": c, "label_nl": t} for c, t in rules.CRITERIA.items()],
        "outcomes": [{"code": o.value, "label_nl": rules.OUTCOME_NL[o]} for o in rules.Outcome],
    }


def view(row: Any) -> dict[str, Any]:
    _, reasons = rules.screening(row.criteria, row.ap_list)
    outcome = rules.Outcome(row.outcome) if row.outcome else None
    return {
        "id": row.id, "title": row.title, "activity_id": row.activity_id, "description": row.description,
        "criteria": row.criteria, "ap_list": row.ap_list, "required": row.required, "screening_nl": reasons,
        "risks": row.risks, "measures": row.measures, "outcome": outcome,
        "outcome_nl": rules.OUTCOME_NL[outcome] if outcome else None, "conclusion": row.conclusion,
        "review_on": row.review_on, "version": row.version, "created_at": row.created_at, "updated_at": row.updated_at,
    }


def _values(body: DpiaIn) -> dict[str, Any]:
    criteria, ap_list = sorted(set(body.criteria)), sorted(set(body.ap_list))
    required, _ = rules.screening(criteria, ap_list)
    problem = rules.outcome_problem(required, body.outcome)
    if problem:
        raise RuleViolation(problem)
    return {"title": body.title, "activity_id": body.activity_id, "description": body.description,
            "criteria": criteria, "ap_list": ap_list, "required": required, "risks": body.risks,
            "measures": body.measures, "outcome": body.outcome.value if body.outcome else None,
            "conclusion": body.conclusion, "review_on": body.review_on}


def create(deps: Deps, principal: Principal, body: DpiaIn) -> dict[str, Any]:
    now, actor = deps.now(), principal.actor
    values = _values(body)
    dpia_id = str(uuid.uuid4())
    with deps.store.begin() as conn:
        conn.execute(dpias.insert().values(id=dpia_id, version=1, created_at=now, created_by=actor.oid,
                                           updated_at=now, updated_by=actor.oid, **values))
        audit.record(conn, actor, "dpia.created", "dpia", dpia_id, now,
                     {"required": values["required"], "outcome": values["outcome"]})
        return view(conn.execute(select(dpias).where(dpias.c.id == dpia_id)).one())


def update(deps: Deps, principal: Principal, dpia_id: str, body: DpiaIn) -> dict[str, Any]:
    now, actor = deps.now(), principal.actor
    values = _values(body)
    with deps.store.begin() as conn:
        row = _load(conn, dpia_id)
        conn.execute(dpias.update().where(dpias.c.id == dpia_id).values(
            version=row.version + 1, updated_at=now, updated_by=actor.oid, **values))
        audit.record(conn, actor, "dpia.updated", "dpia", dpia_id, now,
                     {"version": row.version + 1, "required": values["required"], "outcome": values["outcome"]})
        return view(_load(conn, dpia_id))


def get(deps: Deps, dpia_id: str) -> dict[str, Any]:
    with deps.store.connect() as conn:
        return view(_load(conn, dpia_id))


def listing(deps: Deps, query: ListQuery) -> dict[str, Any]:
    with deps.store.connect() as conn:
        rows, nxt = paging.newest_first(conn, select(dpias), dpias.c.created_at, dpias.c.id, query.limit, query.cursor)
    return {"items": [view(r) for r in rows], "next": nxt}


def _load(conn: Any, dpia_id: str) -> Any:
    row = conn.execute(select(dpias).where(dpias.c.id == dpia_id)).first()
    if row is None:
        raise NotFound("No such DPIA")
    return row
