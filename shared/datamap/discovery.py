"""Finding rows through the data map, with set-based queries on indexed keys.

A subject is found on the identity keys of the root tables (e-mail, indexed), then the
subject's tree is walked down the foreign keys (indexed), one IN query per table and chunk.
A client's rows are found along each table's path to clients.id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, Table, false, null, select

from shared.datamap.model import DataMap, TableMap
from shared.datamap.platform_map import DATA_MAP
from shared.datamap.tables import metadata_for
from shared.db.params import chunks
from shared.emails import normalise_email


def table(name: str) -> Table:
    """The table of the map in use (shared/datamap/tables.py)."""
    return metadata_for(DATA_MAP).tables[name]


def client_table() -> Table:
    """The table of the clients themselves (the map's table whose client path is empty)."""
    root = DATA_MAP.client_root()
    if root is None:
        raise LookupError("the data map names no client table (a table with client_path: [])")
    return table(root.table)


def client_summary() -> list[Any]:
    """The clients' key, name, e-mail and status columns, labelled `id`, `name`, `email`, `status`:
    the map's name_column, first identity key and status column (NULL where the map names none)."""
    root = DATA_MAP.client_root()
    t = client_table()
    assert root is not None
    named = {"name": root.name_column, "email": root.identity_keys[0] if root.identity_keys else None,
             "status": root.status.column if root.status else None}
    return [t.c.id, *((t.c[c] if c else null()).label(k) for k, c in named.items())]


def blob_tables() -> list[tuple[Table, str]]:
    """The tables whose rows name a stored file, with that column."""
    return [(table(t.table), t.blob_column) for t in DATA_MAP if t.blob_column]


def root_query(root: TableMap, email: str, client_id: int | None = None) -> Select[Any]:
    t = table(root.table)
    normal = normalise_email(email)
    q = select(t.c.id).where(t.c[root.identity_keys[0]] == normal) if normal else select(t.c.id).where(false())
    if client_id is not None and root.client_path is not None:
        q = q.where(_client_filter(root, client_id))
    return q


def child_query(child: TableMap, parent_ids: Sequence[int]) -> Select[Any]:
    assert child.parent is not None
    t = table(child.table)
    return select(t.c.id).where(t.c[child.parent.column].in_(list(parent_ids)))


def find_subject_rows(conn: Connection, email: str, *, client_id: int | None = None,
                      data_map: DataMap = DATA_MAP) -> dict[str, list[int]]:
    """Every row of the subject with this e-mail, per table (client-scoped when client_id is set)."""
    found: dict[str, list[int]] = {}
    for root in data_map.roots():
        if not root.identity_keys or (client_id is not None and root.client_path is None):
            continue  # a client-scoped search never reaches data that belongs to no client
        ids = [r for (r,) in conn.execute(root_query(root, email, client_id))]
        if not ids:
            continue
        found.setdefault(root.table, []).extend(ids)
        for child in data_map.descendants(root.table):
            assert child.parent is not None
            parent_ids = found.get(child.parent.parent, [])
            child_ids = [r for part in chunks(parent_ids) for (r,) in conn.execute(child_query(child, part))]
            if child_ids:
                found.setdefault(child.table, []).extend(child_ids)
    return {name: sorted(set(ids)) for name, ids in found.items()}


def _client_filter(tm: TableMap, client_id: int) -> Any:
    """A WHERE clause for `tm`'s rows of one client, as nested IN subqueries along client_path."""
    assert tm.client_path is not None
    t = table(tm.table)
    if not tm.client_path:
        return t.c.id == client_id
    hops = list(tm.client_path)
    # Innermost: the last hop points at clients.id directly.
    inner: Any = None
    for i in range(len(hops) - 1, 0, -1):
        parent_t = table(hops[i - 1].parent)
        cond = parent_t.c[hops[i].column] == client_id if inner is None else parent_t.c[hops[i].column].in_(inner)
        inner = select(parent_t.c[hops[i - 1].parent_key]).where(cond)
    first = t.c[hops[0].column]
    return first == client_id if inner is None else first.in_(inner)


def client_rows_query(tm: TableMap, client_id: int, after_id: int = 0, limit: int | None = None) -> Select[Any]:
    """Ids of one client's rows in `tm`, in key order, for keyset batches."""
    t = table(tm.table)
    q = select(t.c.id).where(_client_filter(tm, client_id), t.c.id > after_id).order_by(t.c.id)
    return q.limit(limit) if limit else q


def fetch_rows(conn: Connection, name: str, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The rows themselves, in chunks, as plain dicts keyed as the map names the columns (a table's
    key is `id` whatever the database calls it)."""
    t = table(name)
    keys = [c.key for c in t.columns]
    id_list = list(ids)
    for part in chunks(id_list):
        for row in conn.execute(select(t).where(t.c.id.in_(part)).order_by(t.c.id)):
            yield dict(zip(keys, row, strict=True))
