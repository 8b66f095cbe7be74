"""Every SQL statement of the breaches area, each behind a small function, so that a test can
compile them all with the SQL Server dialect (tests/unit/test_breaches_tsql.py).

Plain SQLAlchemy Core: no ON CONFLICT, no RETURNING, no dialect-only functions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert, Select, Update, func, insert, select, update

from shared.breaches.tables import (
    breach_assessments,
    breach_clients,
    breach_decisions,
    breach_evaluations,
    breach_measures,
    breach_notifications,
    breaches,
)
from shared.datamap.discovery import client_summary, client_table
from shared.db.params import chunks  # noqa: F401 - the services chunk their IN lists with q.chunks

# --- Platform --------------------------------------------------------------------------------

def clients_by_id(ids: Collection[int]) -> Select:
    ident, name = client_summary()[:2]
    return select(ident, name).where(client_table().c.id.in_(list(ids)))


# --- Breaches --------------------------------------------------------------------------------

def insert_breach(values: dict[str, Any]) -> Insert:
    return insert(breaches).values(**values)


def insert_breach_clients() -> Insert:
    """Executed with a list of {breach_id, client_id} rows (executemany: no parameter limit)."""
    return insert(breach_clients)


def breach_by_id(breach_id: str) -> Select:
    return select(breaches).where(breaches.c.id == breach_id)


def lock_breach(breach_id: str) -> Update:
    """A no-op update that takes the breach's row lock (PostgreSQL, SQL Server) or the write
    lock (SQLite) until the transaction ends: SQLAlchemy renders no lock hint for SELECT ...
    FOR UPDATE on SQL Server, so a select alone would not serialise two writers."""
    return update(breaches).where(breaches.c.id == breach_id).values(status=breaches.c.status)


def update_breach(breach_id: str, values: dict[str, Any]) -> Update:
    return update(breaches).where(breaches.c.id == breach_id).values(**values)


def list_breaches(statuses: Collection[str] | None, limit: int) -> Select:
    stmt = select(breaches)
    if statuses is not None:
        stmt = stmt.where(breaches.c.status.in_(sorted(statuses)))
    return stmt.order_by(breaches.c.reported_at.desc(), breaches.c.id.desc()).limit(limit)


def all_breaches() -> Select:
    return select(breaches).order_by(breaches.c.became_aware_at, breaches.c.id)


def clients_of(breach_id: str | None = None) -> Select:
    """The affected clients with their Art. 33(2) notice."""
    stmt = select(breach_clients)
    if breach_id is not None:
        stmt = stmt.where(breach_clients.c.breach_id == breach_id)
    return stmt.order_by(breach_clients.c.breach_id, breach_clients.c.client_id)


def breach_client(breach_id: str, client_id: int) -> Select:
    return select(breach_clients).where(breach_clients.c.breach_id == breach_id,
                                        breach_clients.c.client_id == client_id)


def update_breach_client(breach_id: str, client_id: int, values: dict[str, Any]) -> Update:
    return (update(breach_clients)
            .where(breach_clients.c.breach_id == breach_id, breach_clients.c.client_id == client_id)
            .values(**values))


# --- History: assessments, decisions, notifications, evaluations ------------------------------
# Each takes an optional breach id: one breach for its page, all of them for the register.

def _of(table: Any, breach_id: str | None) -> Select:
    stmt = select(table)
    if breach_id is not None:
        stmt = stmt.where(table.c.breach_id == breach_id)
    return stmt.order_by(table.c.breach_id, table.c.seq)


def assessments_of(breach_id: str | None = None) -> Select:
    return _of(breach_assessments, breach_id)


def decisions_of(breach_id: str | None = None) -> Select:
    return _of(breach_decisions, breach_id)


def notifications_of(breach_id: str | None = None) -> Select:
    """In the order they were recorded (a notification's sent_at may be back-dated)."""
    return _of(breach_notifications, breach_id)


def evaluations_of(breach_id: str | None = None) -> Select:
    return _of(breach_evaluations, breach_id)


def current_measures_of(breach_id: str | None = None) -> Select:
    """The measures of each breach's current (not superseded) evaluation."""
    stmt = (
        select(breach_measures)
        .join(breach_evaluations, breach_evaluations.c.id == breach_measures.c.evaluation_id)
        .where(breach_evaluations.c.superseded_at.is_(None))
    )
    if breach_id is not None:
        stmt = stmt.where(breach_measures.c.breach_id == breach_id)
    return stmt.order_by(breach_measures.c.breach_id, breach_measures.c.position)


HISTORY = {
    "assessment": breach_assessments,
    "decision": breach_decisions,
    "notification": breach_notifications,
    "evaluation": breach_evaluations,
}


def last_seq(kind: str, breach_id: str) -> Select:
    """The highest seq of a breach's history rows of one kind (0 when none); read under the
    breach's row lock, so the next seq is free."""
    table = HISTORY[kind]
    return select(func.coalesce(func.max(table.c.seq), 0)).where(table.c.breach_id == breach_id)


def insert_assessment(values: dict[str, Any]) -> Insert:
    return insert(breach_assessments).values(**values)


def insert_decision(values: dict[str, Any]) -> Insert:
    return insert(breach_decisions).values(**values)


def insert_notification(values: dict[str, Any]) -> Insert:
    return insert(breach_notifications).values(**values)


def supersede_evaluations(breach_id: str, at: datetime) -> Update:
    return (
        update(breach_evaluations)
        .where(breach_evaluations.c.breach_id == breach_id, breach_evaluations.c.superseded_at.is_(None))
        .values(superseded_at=at)
    )


def insert_evaluation(values: dict[str, Any]) -> Insert:
    return insert(breach_evaluations).values(**values)


def insert_measures() -> Insert:
    """Executed with a list of measure rows."""
    return insert(breach_measures)


# --- The deadline watch --------------------------------------------------------------------

def breaches_near_deadline(horizon: datetime, open_statuses: Collection[str]) -> Select:
    """Open breaches not yet notified to the AP, due within the horizon, that must be notified
    or are not yet assessed (authority_required is NULL)."""
    return (
        select(breaches.c.id, breaches.c.authority_due_at)
        .where(
            breaches.c.status.in_(sorted(open_statuses)),
            breaches.c.authority_notified_at.is_(None),
            (breaches.c.authority_required.is_(None)) | (breaches.c.authority_required.is_(True)),
            breaches.c.authority_due_at <= horizon,
        )
        .order_by(breaches.c.authority_due_at, breaches.c.id)
    )


def client_notices_due(horizon: datetime, open_statuses: Collection[str]) -> Select:
    """Art. 33(2) notices of open breaches not yet sent, due within the horizon."""
    return (
        select(breach_clients.c.breach_id, breach_clients.c.client_id, breach_clients.c.notice_due_at)
        .join(breaches, breaches.c.id == breach_clients.c.breach_id)
        .where(
            breaches.c.status.in_(sorted(open_statuses)),
            breach_clients.c.notified_at.is_(None),
            breach_clients.c.notice_due_at <= horizon,
        )
        .order_by(breach_clients.c.notice_due_at, breach_clients.c.breach_id, breach_clients.c.client_id)
    )


def overdue_measures(today: date) -> Select:
    """Measures of current evaluations whose due date has passed and that are not done."""
    return (
        select(breach_measures.c.id, breach_measures.c.breach_id, breach_measures.c.due_date)
        .join(breach_evaluations, breach_evaluations.c.id == breach_measures.c.evaluation_id)
        .where(
            breach_evaluations.c.superseded_at.is_(None),
            breach_measures.c.done_on.is_(None),
            breach_measures.c.due_date < today,
        )
        .order_by(breach_measures.c.due_date, breach_measures.c.id)
    )

