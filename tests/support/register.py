"""The register's test helpers: the seed's ids, request bodies built from the seed, and a snapshot of
everything a refused request must leave untouched."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select

from shared.audit import audit_events
from shared.platform.schema import clients
from shared.register.seed import ACTIVITIES
from shared.register.tables import register_activities, register_processors, register_versions
from tests.support.audit import change_events

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
SEED_IDS = {"client_administration", "collection", "prospects", "platform_accounts", "dsar_handling",
            "breach_register", "backups", "support", "website_analytics", "drift_chat", "social_media"}


def body_of(activity_id: str, **changes) -> dict:
    seed = copy.deepcopy(next(a for a in ACTIVITIES if a["id"] == activity_id))
    seed.pop("id")
    return seed | changes


def new_activity(**changes) -> dict:
    return body_of("website_analytics", id="newsletter", name="Nieuwsbrief", transfers=[],
                    recipients=[{"name": "Mailer B.V.", "kind": "processor", "processor_id": None, "country": "NL"}],
                    data_map={"scope": "none", "reason": "De lijst staat bij de mailer."}) | changes


def snapshot(deps) -> dict:
    """Everything a bad request must leave untouched."""
    with deps.store.connect() as conn:
        return {
            "activities": sorted((r.id, r.version, str(r.doc)) for r in conn.execute(select(register_activities))),
            "processors": sorted((r.id, r.version, str(r.doc)) for r in conn.execute(select(register_processors))),
            "versions": conn.execute(select(func.count()).select_from(register_versions)).scalar_one(),
            "audit": change_events(conn),
        }


def audit_actions(deps, object_id: str) -> list[str]:
    with deps.store.connect() as conn:
        return list(conn.execute(select(audit_events.c.action).where(audit_events.c.object_id == object_id)
                                 .order_by(audit_events.c.seq)).scalars())


def assert_problem(resp, status: int) -> dict:
    assert resp.status == status, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json")
    body = resp.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def add_client(deps, client_id: int, name: str) -> None:
    with deps.platform.begin() as conn:
        conn.execute(insert(clients).values(id=client_id, name=name, email=f"info{client_id}@example.nl",
                                            status="active", relationship_started_on=date(2024, 1, 1),
                                            read_only=False, created_at=datetime(2024, 1, 1, tzinfo=UTC)))
