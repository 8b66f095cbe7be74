"""The SQL the dsar area builds, as small functions (a test compiles each for SQL Server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Select, Update, insert, select, update

from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.datamap.model import TableMap
from shared.dsar.status import OPEN, Status
from shared.dsar.tables import dsar_alerts, dsar_requests
from shared.restrictions import restrictions

R = dsar_requests


def by_id(request_id: str) -> Select[Any]:
    return select(R).where(R.c.id == request_id)


def siblings(row: Any) -> Select[Any]:
    """The requests taken in together with `row` (one intake split by controller)."""
    return select(R.c.id).where(R.c.subject_email == row.subject_email, R.c.type == row.type,
                                R.c.received_at == row.received_at, R.c.id != row.id).order_by(R.c.id)


def open_duplicate(email: str, kind: str, client_id: int | None) -> Select[Any]:
    client = R.c.client_id.is_(None) if client_id is None else R.c.client_id == client_id
    return (select(R).where(R.c.subject_email == email, R.c.type == kind, client,
                            R.c.status.in_([s.value for s in OPEN]))
            .order_by(R.c.received_at))


def listing(*, client_id: int | None = None, email: str | None = None, statuses: Sequence[str] | None = None,
            kind: str | None = None, limit: int = 100) -> Select[Any]:
    q = select(R)
    if client_id is not None:
        q = q.where(R.c.client_id == client_id)
    if email is not None:
        q = q.where(R.c.subject_email == email)
    if statuses:
        q = q.where(R.c.status.in_(list(statuses)))
    if kind:
        q = q.where(R.c.type == kind)
    return q.order_by(R.c.due_date, R.c.id).limit(limit)


def open_key(email: str, kind: str, client_id: int | None) -> str:
    return f"{email}|{kind}|{client_id if client_id is not None else '-'}"


def set_fields(request_id: str, values: Mapping[str, Any], expected_status: str | None = None) -> Update:
    q = update(R).where(R.c.id == request_id)
    if expected_status is not None:  # optimistic: a concurrent change makes rowcount 0
        q = q.where(R.c.status == expected_status)
    changes = dict(values)
    if "status" in changes and changes["status"] not in {s.value for s in OPEN}:
        changes["open_key"] = None  # closed: a new request of the same kind may come in
    return q.values(changes)


def new_request(values: Mapping[str, Any]) -> Insert:
    return insert(R).values(dict(values))


def history(request_id: str) -> Select[Any]:
    a = audit_events
    return (select(a.c.seq, a.c.at, a.c.actor_role, a.c.action, a.c.details)
            .where(a.c.object_type == "dsar", a.c.object_id == request_id).order_by(a.c.seq))


# --- Platform ----------------------------------------------------------------------------------


def client_exists(client_id: int) -> Select[Any]:
    t = table("clients")
    return select(t.c.id).where(t.c.id == client_id)


def debtor_clients(email: str) -> Select[Any]:
    t = table("debtors")
    return select(t.c.client_id).where(t.c.email == email).distinct()


def dossier_owner(reference: str) -> Select[Any]:
    """The dossier with this reference, its client, and its debtor's e-mail and postcode."""
    d, b = table("dossiers"), table("debtors")
    return (select(d.c.id, d.c.client_id, b.c.email, b.c.postcode)
            .select_from(d.join(b, d.c.debtor_id == b.c.id)).where(d.c.reference == reference))


def open_rows(tm: TableMap, ids: Sequence[int]) -> Select[Any]:
    """Which of these rows are open by the data map's status groups, with their parent's key."""
    assert tm.status is not None and tm.parent is not None
    t = table(tm.table)
    return (select(t.c.id, t.c[tm.parent.column].label("parent_id"))
            .where(t.c.id.in_(list(ids)), t.c[tm.status.column].in_(tm.status.values("open"))))


def root_clients(name: str, ids: Sequence[int]) -> Select[Any]:
    """(row id, client id) of root rows: clients are their own client; others carry client_id."""
    t = table(name)
    if name == "clients":
        return select(t.c.id, t.c.id.label("client_id")).where(t.c.id.in_(list(ids)))
    if "client_id" in t.c:
        return select(t.c.id, t.c.client_id).where(t.c.id.in_(list(ids)))
    return select(t.c.id, t.c.id.label("client_id")).where(t.c.id.in_(list(ids))).where(t.c.id.is_(None))


def rectify(name: str, ids: Sequence[int], values: Mapping[str, Any]) -> Update:
    t = table(name)
    return update(t).where(t.c.id.in_(list(ids))).values(dict(values))


def restriction_kinds(name: str, ids: Sequence[int]) -> Select[Any]:
    r = restrictions
    return select(r.c.row_id, r.c.kind).where(r.c.table_name == name, r.c.row_id.in_(list(ids)),
                                              r.c.lifted_at.is_(None))


# --- The deadline watch ------------------------------------------------------------------------


def watched() -> Select[Any]:
    return select(R.c.id, R.c.status, R.c.received_at, R.c.due_date, R.c.extended_due_date,
                  R.c.client_id, R.c.type).where(R.c.status.in_([s.value for s in OPEN])).order_by(R.c.id)


def alerts_sent(request_id: str) -> Select[Any]:
    return select(dsar_alerts.c.threshold, dsar_alerts.c.due_date).where(dsar_alerts.c.request_id == request_id)


def alert_sent(request_id: str, threshold: str, due: Any, at: datetime) -> Insert:
    return insert(dsar_alerts).values(request_id=request_id, threshold=threshold, due_date=due, emitted_at=at)


def unverified_since(cutoff: datetime) -> Select[Any]:
    return select(R).where(R.c.status == Status.AWAITING_VERIFICATION.value, R.c.received_at <= cutoff)


