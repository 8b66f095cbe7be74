"""Finding rows through the data map, with set-based queries on indexed keys.

A subject is found on the identity keys of the root tables (e-mail, indexed), then the tree under
its root rows a level at a time: one statement per parent table for all its child tables, with the
parent rows' keys in one parameter (indexed foreign keys).
A client's rows are found along each table's path to clients.id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import CompoundSelect, Connection, Select, Table, exists, false, literal, null, select, union_all

from shared.datamap.model import DataMap, TableMap
from shared.datamap.platform_map import DATA_MAP
from shared.datamap.tables import metadata_for
from shared.db.params import chunks, key_chunk, keys_in
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


def children_query(children: Sequence[TableMap], parent_ids: Sequence[int]) -> CompoundSelect:
    """(table name, id) of the rows of these tables (children of one table) under these parent rows,
    in one statement."""
    return union_all(*(select(literal(c.table).label("table_name"), table(c.table).c.id.label("id"))
                       .where(keys_in(table(c.table).c[c.parent.column], parent_ids))
                       for c in children if c.parent is not None))


def _subtree_rows(conn: Connection, root: TableMap, root_ids: Sequence[int],
                  data_map: DataMap) -> dict[str, list[int]]:
    """The root rows and every row beneath them, per table in the tree's order (parents first): a
    statement per parent table, with its rows' keys, for all its child tables. With the keys in
    sight the planner takes the children's indexes: nested under the root's keys in one statement,
    PostgreSQL scanned each child table whole for a subject of 1,000 dossiers (80 ms against 15)."""
    below = data_map.descendants(root.table)
    found: dict[str, set[int]] = {root.table: set(root_ids), **{tm.table: set() for tm in below}}
    for parent in [root.table, *(tm.table for tm in below)]:
        children = data_map.children_of(parent)
        # Each child's branch repeats the keys: as many a statement as SQL Server's limit allows.
        per_statement = max(1, key_chunk(conn) // max(1, len(children)))
        for part in chunks(sorted(found[parent]), per_statement) if children else ():
            for name, row_id in conn.execute(children_query(children, part)).all():  # one fetch, not one a row
                found[name].add(row_id)
    return {name: sorted(ids) for name, ids in found.items() if ids}


def find_subject_rows(conn: Connection, email: str, *, client_id: int | None = None,
                      data_map: DataMap = DATA_MAP,
                      wanted: Callable[[str], bool] | None = None) -> dict[str, list[int]]:
    """Every row of the subject with this e-mail, per table (client-scoped when client_id is set):
    per root, its rows on the e-mail, then the whole tree under them in one statement.
    `wanted`: only the trees under roots where it holds for the root or a table beneath it (the
    caller would drop the other rows, so they are not searched)."""
    found: dict[str, list[int]] = {}
    for root in data_map.roots():
        if not root.identity_keys or (client_id is not None and root.client_path is None):
            continue  # a client-scoped search never reaches data that belongs to no client
        tree = [root.table, *(tm.table for tm in data_map.descendants(root.table))]
        if wanted is not None and not any(wanted(name) for name in tree):
            continue
        ids = [r for (r,) in conn.execute(root_query(root, email, client_id))]
        if ids:
            found.update(_subtree_rows(conn, root, ids, data_map))
    return found


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


def client_table_query(tm: TableMap, client_id: int) -> Select[Any]:
    """One client's rows of `tm`, every column, in key order: one streaming read of the table
    (the exit export), where keyset batches would evaluate the client filter again for each batch."""
    t = table(tm.table)
    return select(t).where(_client_filter(tm, client_id)).order_by(t.c.id)


def _path_exists(source: Any, hops: Sequence[Any], client_id: int) -> Any:
    """`source`'s rows whose path `hops` leads to the client, as a correlated EXISTS a hop."""
    link = source.c[hops[0].column]
    if len(hops) == 1:
        return link == client_id
    parent = table(hops[0].parent).alias()
    return exists().where(parent.c[hops[0].parent_key] == link, _path_exists(parent, hops[1:], client_id))


def client_keys_after(tm: TableMap, client_id: int, after_id: int, limit: int) -> Select[Any]:
    """Ids of one client's rows in `tm` after `after_id`, in key order, at most `limit`: keyset
    batches that stay linear over a large client. The path to the client is checked a row at a time
    (EXISTS on each parent's key), so SQLite walks the table's key once over all batches, where
    client_rows_query's IN lists make it collect and sort the client's remaining rows for each batch."""
    assert tm.client_path is not None
    t = table(tm.table)
    owned = t.c.id == client_id if not tm.client_path else _path_exists(t, tm.client_path, client_id)
    return select(t.c.id).where(owned, t.c.id > after_id).order_by(t.c.id).limit(limit)
