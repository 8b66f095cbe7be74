"""The SQL the dsar area builds, as small functions (a test compiles each for SQL Server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Insert, Select, Update, exists, false, insert, literal, or_, select, union, update

from shared.audit import audit_events
from shared.datamap.discovery import client_summary, table
from shared.datamap.model import TableMap
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import keys_in
from shared.dsar.status import DSAR_GROUPS
from shared.dsar.tables import dsar_doubts, dsar_requests
from shared.letters import outbox
from shared.restrictions import restrictions

R = dsar_requests


def by_id(request_id: str) -> Select[Any]:
    return select(R).where(R.c.id == request_id)


def siblings(row: Any) -> Select[Any]:
    """The requests taken in together with `row` (one intake split by controller)."""
    return select(R.c.id).where(R.c.subject_email == row.subject_email, R.c.type == row.type,
                                R.c.received_at == row.received_at, R.c.id != row.id).order_by(R.c.id)


def packages_of(email: str, client_id: int | None, other_than: str) -> Select[Any]:
    """The subject's earlier access and portability packages within the same controller's scope."""
    client = R.c.client_id.is_(None) if client_id is None else R.c.client_id == client_id
    return select(R.c.id, R.c.export_blob).where(R.c.subject_email == email, client, R.c.id != other_than,
                                                 R.c.export_blob.is_not(None))


def forget_package(request_id: str) -> Update:
    return update(R).where(R.c.id == request_id).values(export_blob=None)


def open_duplicate(email: str, kind: str, client_id: int | None) -> Select[Any]:
    client = R.c.client_id.is_(None) if client_id is None else R.c.client_id == client_id
    return (select(R).where(R.c.subject_email == email, R.c.type == kind, client,
                            R.c.status.in_(DSAR_GROUPS.values("open")))
            .order_by(R.c.received_at))


def listing(*, client_id: int | None = None, email: str | None = None, statuses: Sequence[str] | None = None,
            kind: str | None = None) -> Select[Any]:
    """The requests matching the filters, unordered: the work list pages them by (due date, id)."""
    q = select(R)
    if client_id is not None:
        q = q.where(R.c.client_id == client_id)
    if email is not None:
        q = q.where(R.c.subject_email == email)
    if statuses:
        q = q.where(R.c.status.in_(list(statuses)))
    if kind:
        q = q.where(R.c.type == kind)
    return q


def open_key(email: str, kind: str, client_id: int | None) -> str:
    return f"{email}|{kind}|{client_id if client_id is not None else '-'}"


def set_fields(request_id: str, values: Mapping[str, Any], expected_status: str | None = None) -> Update:
    q = update(R).where(R.c.id == request_id)
    if expected_status is not None:  # optimistic: a concurrent change makes rowcount 0
        q = q.where(R.c.status == expected_status)
    changes = dict(values)
    if "status" in changes and changes["status"] not in DSAR_GROUPS.values("open"):
        changes["open_key"] = None  # closed: a new request of the same kind may come in
    return q.values(changes)


def new_request(values: Mapping[str, Any]) -> Insert:
    return insert(R).values(dict(values))


def history(request_id: str) -> Select[Any]:
    a = audit_events
    return (select(a.c.seq, a.c.at, a.c.actor_role, a.c.action, a.c.details)
            .where(a.c.object_type == "dsar", a.c.object_id == request_id).order_by(a.c.seq))


def letters_of(request_id: str, *, kinds: Sequence[str] | None = None, client_id: int | None = None) -> Select[Any]:
    """The outbox rows about a request. `kinds`: only to these recipient kinds; `client_id`: of the
    letters to clients, only those to this one (a client never reads what went to another)."""
    o = outbox
    stmt = select(o.c.id, o.c.created_at, o.c.topic, o.c.recipient_kind, o.c.recipient, o.c.language,
                  o.c.subject_line, o.c.body).where(o.c.related_type == "dsar", o.c.related_id == request_id)
    if kinds is not None:
        stmt = stmt.where(o.c.recipient_kind.in_(list(kinds)))
    if client_id is not None:
        stmt = stmt.where(or_(o.c.recipient_kind != "client", o.c.recipient == str(client_id)))
    return stmt


# --- Platform ----------------------------------------------------------------------------------


def client_exists(client_id: int) -> Select[Any]:
    client = DATA_MAP.client_root()
    if client is None:
        return select(literal(1)).where(false())
    t = table(client.table)
    return select(t.c.id).where(t.c.id == client_id)


def client_name(client_id: int) -> Select[Any]:
    client = DATA_MAP.client_root()
    if client is None:
        return select(literal(None)).where(false())
    t = table(client.table)
    return select(client_summary()[1]).where(t.c.id == client_id)  # the map's name_column (NULL: none)


def controller_clients(email: str) -> Select[Any]:
    """(client_id, subject) of the client-controlled records carrying this e-mail: the clients whose
    debtor or employee the subject is (the controllers of those data)."""
    parts = []
    for root in DATA_MAP.processor_roots():
        t, column = table(root.table), DATA_MAP.direct_client_column(root)
        if column and root.identity_keys:
            parts.append(select(t.c[column].label("client_id"), literal(root.subject.value).label("subject"))
                         .where(t.c[root.identity_keys[0]] == email))
    if not parts:
        return select(literal(None).label("client_id"), literal(None).label("subject")).where(false())
    found = union(*parts).subquery()
    return select(found.c.client_id, found.c.subject).distinct()


def dossier_owner(reference: str) -> Select[Any]:
    """The row with this reference (the map's portal_verification), its client, and its subject's
    e-mail and postcode."""
    if DATA_MAP.portal_verification is None:
        return select(literal(None)).where(false())
    (ref_table, ref_col), (root_table, postcode_col) = DATA_MAP.portal_verification
    tm, root = DATA_MAP[ref_table], DATA_MAP[root_table]
    joined: Any = table(ref_table)
    current = ref_table
    for hop in DATA_MAP.path_to_root(ref_table):
        joined = joined.join(table(hop.parent), table(current).c[hop.column] == table(hop.parent).c[hop.parent_key])
        current = hop.parent
    d, b = table(ref_table), table(root_table)
    client = d.c[tm.client_path[0].column] if tm.client_path else d.c.id
    return (select(d.c.id, client.label("client_id"), b.c[root.identity_keys[0]].label("email"),
                   b.c[postcode_col].label("postcode")).select_from(joined).where(d.c[ref_col] == reference))


def open_rows(tm: TableMap, ids: Sequence[int]) -> Select[Any]:
    """Which of these rows are open by the data map's status groups, with their parent's key."""
    assert tm.status is not None and tm.parent is not None
    t = table(tm.table)
    return (select(t.c.id, t.c[tm.parent.column].label("parent_id"))
            .where(t.c.id.in_(list(ids)), t.c[tm.status.column].in_(tm.status.values("open"))))


def root_clients(name: str, ids: Sequence[int]) -> Select[Any]:
    """(row id, client id) of root rows: the client table is its own client; others carry a hop."""
    t = table(name)
    column = DATA_MAP.direct_client_column(DATA_MAP[name])
    if column is not None:
        return select(t.c.id, t.c[column].label("client_id")).where(t.c.id.in_(list(ids)))
    return select(t.c.id, t.c.id.label("client_id")).where(t.c.id.in_(list(ids))).where(t.c.id.is_(None))


def rectify(name: str, ids: Sequence[int], values: Mapping[str, Any]) -> Update:
    t = table(name)
    return update(t).where(t.c.id.in_(list(ids))).values(dict(values))


FEW_KEYS = 100  # up to this many keys go as an IN list


def keys_filter(column: Any, keys: Sequence[int]) -> Any:
    """`column IN keys`: an IN list when they are few (the compiled statement is cached and used
    again), else one parameter (keys_in: nothing rendered per key, but compiled each time)."""
    return column.in_(list(keys)) if len(keys) <= FEW_KEYS else keys_in(column, keys)


def restriction_kinds(names: Sequence[str], ids: Sequence[int]) -> Select[Any]:
    """(table, row id, kind) of the active restrictions on these keys in these tables."""
    r = restrictions
    return select(r.c.table_name, r.c.row_id, r.c.kind).where(r.c.table_name.in_(list(names)),
                                                              keys_filter(r.c.row_id, ids), r.c.lifted_at.is_(None))


# --- The deadline watch ------------------------------------------------------------------------


def watched() -> Select[Any]:
    """Open requests whose clock runs: one that waits for the answer to a recorded doubt is paused."""
    paused = exists().where(dsar_doubts.c.request_id == R.c.id, dsar_doubts.c.answered_at.is_(None))
    return select(R.c.id, R.c.status, R.c.received_at, R.c.due_date, R.c.extended_due_date,
                  R.c.client_id, R.c.type).where(R.c.status.in_(DSAR_GROUPS.values("open")), ~paused
                                                 ).order_by(R.c.id)




def running_clients(ids: Sequence[int]) -> Select[Any]:
    """Of these client records, those whose relationship has not ended."""
    client = DATA_MAP.client_root()
    if client is None:
        return select(literal(None)).where(false())
    t = table(client.table)
    return select(t.c.id).where(t.c.id.in_(list(ids)), t.c.relationship_ended_on.is_(None))

