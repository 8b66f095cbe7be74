"""Applying the data map's erasure strategies to chosen rows: DSAR erasure, the retention
sweep and exit destruction all go through here, so each field is erased the same way.

- A table with Erasure.DELETE loses the row, unless other rows still point at it (a kept
  fiscal payment under an erased dossier): such a row is anonymised instead.
- Otherwise the row stays and each column follows its own strategy (NULL, PSEUDONYMISE, KEEP).
- Every erasure is written to the ledger in the store transaction of its batch, which commits
  no later than the platform's (shared.db.uow).
- Blobs named by a table's blob column are deleted with their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    Text,
    and_,
    bindparam,
    delete,
    exists,
    false,
    or_,
    select,
    update,
)

from shared import ledger
from shared.datamap.discovery import table
from shared.datamap.model import DataMap, Erasure, TableMap
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import IN_CHUNK, chunks, key_chunk, key_chunks, keys_in
from shared.pseudonym import Pseudonymiser

ERASED_TEXT = "[verwijderd]"


@dataclass
class ErasureReport:
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    already_anonymous: dict[str, int] = field(default_factory=dict)  # kept rows left as they were
    blob_paths: list[str] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)  # the entries to write (shared.ledger.write)

    def add(self, other: ErasureReport) -> None:
        for mine, theirs in ((self.deleted, other.deleted), (self.anonymised, other.anonymised),
                             (self.already_anonymous, other.already_anonymous)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        self.blob_paths.extend(other.blob_paths)
        self.ledger.extend(other.ledger)

    def counts(self) -> dict[str, dict[str, int]]:
        return {"deleted": dict(self.deleted), "anonymised": dict(self.anonymised)}


def leaves_first(names: Sequence[str], data_map: DataMap = DATA_MAP) -> list[str]:
    """Children before parents, so deletes never break a foreign key."""
    return sorted(names, key=lambda n: -len(data_map.path_to_root(n)))


def anonymised_columns(tm: TableMap) -> list[str]:
    return [c for c, col in tm.columns.items() if col.erasure in (Erasure.NULL, Erasure.PSEUDONYMISE)]


def anonymous_value(t: Table, tm: TableMap, column: str, row_id: int, pseudonymise: Pseudonymiser) -> Any:
    col = t.c[column]
    length = getattr(col.type, "length", None)
    if tm.columns[column].erasure is Erasure.PSEUDONYMISE:
        value = f"pseudo-{pseudonymise(f'{tm.table}:{column}:{row_id}')}"
        return value[:length] if length else value
    if col.nullable:
        return None
    return ERASED_TEXT[:length] if length else ERASED_TEXT


def anonymise_rows(conn: Connection, tm: TableMap, ids: Sequence[int], pseudonymise: Pseudonymiser) -> int:
    columns = anonymised_columns(tm)
    if not ids or not columns:
        return 0
    t = table(tm.table)
    stmt = update(t).where(t.c.id == bindparam("_row_id")).values({c: bindparam(f"_v_{c}") for c in columns})
    params = [{"_row_id": rid, **{f"_v_{c}": anonymous_value(t, tm, c, rid, pseudonymise) for c in columns}}
              for rid in ids]
    conn.execute(stmt, params)
    return len(ids)


@cache
def unreferenced(t: Table, settled: frozenset[tuple[str, str]] = frozenset()) -> tuple[ColumnElement[bool], ...]:
    """WHERE clauses on `t`: no other platform row points at the row (through any foreign key but
    the `settled` ones, (table, column): those whose rows under the erased rows are already gone)."""
    return tuple(~exists().where(o.alias().c[fk.parent.name] == t.c.id)  # an alias: a self-reference correlates too
                 for o in t.metadata.sorted_tables
                 for fk in o.foreign_keys if fk.column.table is t and fk.column.name == "id"
                 and (o.name, fk.parent.name) not in settled)


def id_ranges(ids: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted distinct keys as runs of consecutive integers: [1,2,3,7] -> [(1,3),(7,7)]."""
    keys = sorted(set(ids))
    if keys and keys[-1] - keys[0] == len(keys) - 1:  # one run: a batch of consecutive keys, no loop
        return [(keys[0], keys[-1])]
    runs: list[tuple[int, int]] = []
    for i in keys:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


MAX_RANGES = 50  # beyond this, IN lists of CHUNK keys are cheaper than a long OR of ranges


def key_filters(t: Table, ids: Sequence[int], chunk: int = IN_CHUNK) -> list[Any]:
    """WHERE clauses that together select exactly these keys: a few BETWEEN ranges when the keys
    run on (a sweep's expired rows mostly do), else key lists (shared.db.params.keys_in)."""
    runs = id_ranges(ids)
    if len(runs) <= MAX_RANGES:
        return [or_(*(t.c.id.between(a, b) if a != b else t.c.id == a for a, b in runs))]
    return [keys_in(t.c.id, part) for part in chunks(sorted(set(ids)), chunk)]


@dataclass(frozen=True)
class Under:
    """Every row of a table under these rows of `parent` (by its foreign key `column`)."""

    column: str
    parent: str
    parent_keys: Sequence[int]


def erase_rows(platform: Connection, name: str, ids: Sequence[int] | Under, *, at: datetime, source: str,
               source_id: str, rule: str, pseudonymise: Pseudonymiser, keep_rows: bool = False,
               settled: frozenset[tuple[str, str]] = frozenset(), data_map: DataMap = DATA_MAP) -> ErasureReport:
    """Erase these rows of one table by its strategy (`keep_rows`: anonymise, never delete): the
    given keys, or (`Under`, a DELETE table) every row under the given parents, deleted by the
    parents' keys without selecting their own first. `settled`: foreign keys (table, column) whose
    rows under these rows the caller erased already (not looked up again). The ledger entries come
    back in the report (`ledger`): the caller writes them in the same store transaction, and
    commits both connections."""
    tm = data_map[name]
    report = ErasureReport()
    if isinstance(ids, Under):
        if keep_rows:
            raise ValueError(f"{name}: rows kept anonymised are erased by their own keys")
        deleted = _delete_unreferenced(platform, tm, _under_filters(platform, tm, ids), report, settled)
        kept = _rows_under(platform, tm, ids) if unreferenced(table(name), settled) else []  # still pointed at
    else:
        keys = sorted(set(ids))
        deleted, kept = [], keys
        if tm.erasure is Erasure.DELETE and not keep_rows:
            deleted, kept = _delete_keys(platform, tm, keys, report, settled)
    anonymised = _anonymise(platform, tm, kept, pseudonymise, report)
    for keys, action, columns in ((deleted, ledger.DELETE, None),
                                  (anonymised, ledger.ANONYMISE, anonymised_columns(tm))):
        if entry := ledger.entry(at=at, source=source, source_id=source_id, rule=rule, table=name, row_ids=keys,
                                 action=action, columns=columns):
            report.ledger.append(entry)
    return report


def _delete_keys(platform: Connection, tm: TableMap, keys: list[int], report: ErasureReport,
                 settled: frozenset[tuple[str, str]]) -> tuple[list[int], list[int]]:
    """Delete these rows (sorted keys) where no other row points at them: (deleted, kept), kept being
    those still pointed at (to anonymise); a key already gone counts as deleted. Without files to
    collect, the DELETE returns its count only, and the keys are looked up only when some stayed."""
    t = table(tm.table)
    filters = key_filters(t, keys, key_chunk(platform))
    if tm.blob_column:
        gone = set(_delete_unreferenced(platform, tm, filters, report, settled))
        rest = [i for i in keys if i not in gone] if len(gone) < len(keys) else []
    else:
        count = sum(platform.execute(delete(t).where(where, *unreferenced(t, settled))).rowcount for where in filters)
        rest = keys if count < len(keys) else []
    kept = _present(platform, tm, rest)
    still = set(kept)
    deleted = [i for i in keys if i not in still] if still else keys
    if deleted:
        report.deleted[tm.table] = len(deleted)
    return deleted, kept


def _anonymise(platform: Connection, tm: TableMap, keys: list[int], pseudonymise: Pseudonymiser,
               report: ErasureReport) -> list[int]:
    """Anonymise the rows that still hold a personal value (the others were anonymised before);
    returns their keys."""
    pending = not_yet_anonymous(platform, tm, keys) if keys else []
    if len(pending) < len(keys):
        report.already_anonymous[tm.table] = len(keys) - len(pending)
    for part in chunks(pending):
        if anonymise_rows(platform, tm, part, pseudonymise):
            report.anonymised[tm.table] = report.anonymised.get(tm.table, 0) + len(part)
    return pending


def _present(platform: Connection, tm: TableMap, keys: list[int]) -> list[int]:
    """Those of these keys whose rows exist (one query per key chunk; none for no keys)."""
    t = table(tm.table)
    return sorted(r for part in key_chunks(platform, keys)
                  for r in platform.execute(select(t.c.id).where(keys_in(t.c.id, part))).scalars())


def _under_filters(platform: Connection, tm: TableMap, under: Under) -> list[Any]:
    if tm.erasure is not Erasure.DELETE:
        raise ValueError(f"{tm.table}: only rows of a DELETE table go by their parents' keys")
    column = table(tm.table).c[under.column]
    return [keys_in(column, part) for part in key_chunks(platform, sorted(set(under.parent_keys)))]


def _rows_under(platform: Connection, tm: TableMap, under: Under) -> list[int]:
    t = table(tm.table)
    return sorted(r for part in key_chunks(platform, sorted(set(under.parent_keys)))
                  for r in platform.execute(select(t.c.id).where(keys_in(t.c[under.column], part))).scalars())


def _delete_unreferenced(platform: Connection, tm: TableMap, filters: Sequence[Any], report: ErasureReport,
                         settled: frozenset[tuple[str, str]]) -> list[int]:
    """Delete the rows these WHERE clauses select that no other row points at, one statement each
    (RETURNING their keys and files; OUTPUT on T-SQL). Returns the deleted keys, sorted."""
    t = table(tm.table)
    returned = [t.c.id] + ([t.c[tm.blob_column]] if tm.blob_column else [])
    deleted: list[int] = []
    for where in filters:
        result = platform.execute(delete(t).where(where, *unreferenced(t, settled)).returning(*returned))
        if not tm.blob_column:
            deleted += result.scalars().all()
            continue
        rows = result.all()
        deleted += [r[0] for r in rows]
        report.blob_paths += [r[1] for r in rows if r[1]]
    if deleted:
        report.deleted[tm.table] = len(deleted)
    return sorted(deleted)


def not_yet_anonymous(conn: Connection, tm: TableMap, ids: Sequence[int]) -> list[int]:
    """The rows that still hold a personal value in a column erasure touches (the others are kept
    rows anonymised before: anonymising them again would only add ledger entries)."""
    t = table(tm.table)
    done = {r for part in key_chunks(conn, list(ids)) for (r,) in
            conn.execute(select(t.c.id).where(keys_in(t.c.id, part), already_anonymised(tm)))}
    return [i for i in ids if i not in done]


def replay(platform: Connection, entries: Iterable[Any], pseudonymise: Pseudonymiser,
           data_map: DataMap = DATA_MAP) -> dict[str, Any]:
    """Re-apply ledger entries after a restore (idempotent): deleted rows go again, anonymised
    columns get the same values again (pseudonyms are keyed on table, column and row). Children
    go first. Tables the data map does not know are counted, not touched."""
    deleted: dict[str, set[int]] = {}
    anonymised: dict[str, set[int]] = {}
    unknown: dict[str, int] = {}
    for e in ledger.expand(entries):
        if e.table_name not in data_map.by_name:
            unknown[e.table_name] = unknown.get(e.table_name, 0) + 1
            continue
        (deleted if e.action == ledger.DELETE else anonymised).setdefault(e.table_name, set()).add(e.row_id)
    counts: dict[str, Any] = {"deleted_rows": 0, "anonymised_rows": 0, "unknown_tables": unknown}
    for name in leaves_first(sorted(set(deleted) | set(anonymised)), data_map):
        t, tm = table(name), data_map[name]
        for part in key_chunks(platform, sorted(deleted.get(name, ()))):
            counts["deleted_rows"] += platform.execute(delete(t).where(keys_in(t.c.id, part))).rowcount or 0
        for part in key_chunks(platform, sorted(anonymised.get(name, ()))):
            present = [r for (r,) in platform.execute(select(t.c.id).where(keys_in(t.c.id, part)))]
            counts["anonymised_rows"] += anonymise_rows(platform, tm, present, pseudonymise)
    return counts


def already_anonymised(tm: TableMap) -> Any:
    """A WHERE clause true for rows that hold no personal value in the columns erasure touches
    (NULL, the marker, or a pseudonym): sweeps skip them instead of anonymising them nightly."""
    t = table(tm.table)
    clauses = []
    for name in anonymised_columns(tm):
        col: Any = t.c[name]
        length = getattr(col.type, "length", None)
        if tm.columns[name].erasure is Erasure.PSEUDONYMISE:
            clauses.append(or_(col.is_(None), col.like("pseudo-%")))
        elif length or isinstance(col.type, Text):
            clauses.append(or_(col.is_(None), col == ERASED_TEXT[: length or None]))
        else:
            clauses.append(col.is_(None))
    return and_(*clauses) if clauses else false()
