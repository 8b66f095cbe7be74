"""The one erasure batch runner: the retention sweep, exit destruction and DSAR erasure all erase
through it, so each has the same keyset loop, ledger, checkpoint and clean-up of files.

The caller says WHICH rows go (a policy's due rows, a client's rows, a subject's rows; holds,
restrictions and what must be kept are its business). The runner does HOW:

1. One batch is one transaction over both databases: the caller's `next_batch` after the keyset
   position, then every table's erasure, children first (shared.datamap.erasure; a child table may
   go by its parents' keys, `Batch.under`), their ledger entries (one write for the batch) and the
   files of the deleted rows queued in `blob_deletes`, all in the same store transaction.
2. After the commit, the caller's `committed` (its checkpoint, which also renews a timer's lease),
   then the queued files are deleted, 256 a call, in a thread while the next batches erase.

Failure policy, the same on every path: a file whose delete fails stays queued and is counted
(`Tally.failed`). The rows are gone and the run goes on; once storage failed it stops trying
for this run. A run that leaves its own files queued fails at its end (BlobCleanupIncomplete),
so the next run, the resume, deletes them first. The nightly sweep retries every queued file,
also those a DSAR erasure or an exit left.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, delete, func, select

from shared import ledger
from shared.datamap.erasure import ErasureReport, Under, erase_rows, key_filters, leaves_first
from shared.db.bulk import insert_values
from shared.db.params import chunks
from shared.db.uow import store_and_platform
from shared.deps import Deps
from shared.ledger import blob_deletes
from shared.pseudonym import Pseudonymiser
from shared.storage import BATCH_DELETE, DOCUMENTS

log = logging.getLogger("privacy.erasure")
CLEANUP_PAGE = 1024  # queued files read per round of batch deletes (four calls of 256)
BLOB_CALLS_AT_ONCE = 4  # batch delete calls in flight together


class BlobCleanupIncomplete(RuntimeError):
    """Files of erased rows could not be deleted; they stay queued and the next run retries them."""


@dataclass(frozen=True)
class Erasing:
    """Who erases, for the ledger: source (dsar | retention | exit), its id, and the rule."""

    source: str
    source_id: str
    rule: str
    pseudonymise: Pseudonymiser


@dataclass
class Batch:
    rows: Mapping[str, Sequence[int]]  # per table, the rows to erase now
    last_id: int  # the keyset position after this batch
    keep_rows: bool = False  # anonymise every row instead of deleting it (a pseudonymising policy)
    notes: Any = None  # the caller's own account of the batch (what it skipped and why)
    under: Mapping[str, Under] = field(default_factory=dict)  # tables whose rows go by their parents' keys


class BatchSource(Protocol):
    def next_batch(self, store: Connection, platform: Connection, after: int) -> Batch | None:
        """The next batch after `after`, or None when nothing is left (in the batch's transaction)."""

    def in_transaction(self, store: Connection, batch: Batch, report: ErasureReport, after: int) -> None:
        """Record the batch with its erasure (progress kept in the store)."""

    def committed(self, batch: Batch, report: ErasureReport) -> None:
        """After the commit: checkpoint, lease, progress."""


@dataclass
class Tally:
    """Files of erased rows: deleted, and failed (still queued). One per run, in its evidence."""

    deleted: int = 0
    pending: set[int] = field(default_factory=set)  # queue entries whose delete failed (or was not tried)
    storage_down: bool = False

    @property
    def failed(self) -> int:
        return len(self.pending)

    def evidence(self) -> dict[str, int]:
        return {"blobs_deleted": self.deleted, "blobs_failed": self.failed}


def erase_batch(platform: Connection, store: Connection, rows: Mapping[str, Sequence[int]], who: Erasing,
                at: datetime, *, keep_rows: bool = False, under: Mapping[str, Under] | None = None) -> ErasureReport:
    """Erase these rows, children first; write their ledger entries and queue their files (one
    statement each for the batch). The caller commits."""
    report = ErasureReport()
    todo: dict[str, Sequence[int] | Under] = {**{n: ids for n, ids in rows.items() if ids}, **(under or {})}
    gone: dict[str, Under] = {}  # children of which every row under their parents went
    for name in leaves_first(list(todo)):
        ids = todo[name]
        part = erase_rows(platform, name, ids, at=at, source=who.source, source_id=who.source_id, rule=who.rule,
                          pseudonymise=who.pseudonymise, keep_rows=keep_rows, settled=_settled(name, ids, gone))
        if isinstance(ids, Under) and not (part.anonymised or part.already_anonymous):
            gone[name] = ids
        report.add(part)
    ledger.write(store, report.ledger)
    queue_blobs(store, report.blob_paths, who, at)
    return report


def _settled(name: str, ids: Sequence[int] | Under, gone: Mapping[str, Under]) -> frozenset[tuple[str, str]]:
    """The foreign keys (child, column) that no longer point at these rows: the batch erased every
    child row under them already (their references need no lookup when the rows are deleted)."""
    if isinstance(ids, Under):
        return frozenset()
    keys = set(ids)
    return frozenset((child, u.column) for child, u in gone.items() if u.parent == name and keys <= set(u.parent_keys))


QUEUED = ("container", "name", "source", "source_id", "queued_at")


def queue_blobs(store: Connection, paths: Sequence[str], who: Erasing, at: datetime) -> None:
    """Queue the files of a batch in one bulk insert (COPY on PostgreSQL)."""
    if paths:
        insert_values(store, blob_deletes, QUEUED, [(DOCUMENTS, p, who.source, who.source_id, at) for p in paths])


def run_batches(deps: Deps, source: BatchSource, who: Erasing, after: int, tally: Tally) -> int:
    """Erase batch after batch until `next_batch` has none; returns the last keyset position. The
    files of each committed batch are deleted in a thread while the next batches erase; all of
    them are done (or stay queued, counted in the tally) before this returns."""
    cleaner = _Cleaner(deps, tally, who)
    try:
        while True:
            at = deps.clock.now()
            with store_and_platform(deps.store, deps.platform) as (store, platform):
                batch = source.next_batch(store, platform, after)
                if batch is None:
                    break
                report = erase_batch(platform, store, batch.rows, who, at, keep_rows=batch.keep_rows,
                                     under=batch.under)
                source.in_transaction(store, batch, report, after)
            after = batch.last_id
            source.committed(batch, report)
            if report.blob_paths:
                cleaner.after_commit()
    except BaseException:
        cleaner.finish(check=False)  # the batch's own error is the one to see
        raise
    cleaner.finish()
    return after


class _Cleaner:
    """Rounds of `clean_up` for one erasure in one thread, each started after a commit: the file
    deletes (storage answers a batch call's sub-requests one by one) overlap the next batches'
    database work. The thread holds no connection during a storage call (clean_up)."""

    def __init__(self, deps: Deps, tally: Tally, who: Erasing):
        self.deps, self.tally, self.who = deps, tally, who
        self.pool: ThreadPoolExecutor | None = None
        self.rounds: list[Future[None]] = []
        # SQLite has one writer at a time: the thread's queue deletes and the next batch would wait
        # on each other's lock (in sleeps of up to 100 ms). There the files go inline, as each commit.
        self.inline = deps.store.dialect.name == "sqlite"

    def after_commit(self) -> None:
        """A round that has not started yet will find this batch's files too: no second one then."""
        if self.inline:
            clean_up(self.deps, self.tally, source=self.who.source, source_id=self.who.source_id)
            return
        if self.rounds and not self.rounds[-1].running() and not self.rounds[-1].done():
            return
        self.pool = self.pool or ThreadPoolExecutor(max_workers=1, thread_name_prefix="file-cleanup")
        self.rounds.append(self.pool.submit(clean_up, self.deps, self.tally, source=self.who.source,
                                            source_id=self.who.source_id))

    def finish(self, *, check: bool = True) -> None:
        """Wait for every round; raise the first error one met (`check`)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        for done in self.rounds:
            if check:
                done.result()


def clean_up(deps: Deps, tally: Tally, *, source: str | None = None, source_id: str | None = None) -> None:
    """Delete the queued files (of one erasure, or all of them), 256 a call; what fails stays queued."""
    q = blob_deletes.c
    after = 0
    while True:
        stmt = select(q.id, q.container, q.name).where(q.id > after).order_by(q.id).limit(CLEANUP_PAGE)
        if source is not None:
            stmt = stmt.where(q.source == source)
        if source_id is not None:
            stmt = stmt.where(q.source_id == source_id)
        with deps.store.connect() as store:
            page = store.execute(stmt).all()
        if not page:
            return
        after = page[-1].id
        done: list[int] = []
        for container in sorted({r.container for r in page}):
            entries = [r for r in page if r.container == container]
            failed = {r.name for r in entries} if tally.storage_down else _delete(deps, tally, container, entries)
            done += [r.id for r in entries if r.name not in failed]
            tally.pending.update(r.id for r in entries if r.name in failed)
        tally.pending.difference_update(done)
        tally.deleted += len(done)
        if done:
            with deps.store.begin() as store:
                for where in key_filters(blob_deletes, done):  # the queue's keys run on: a few ranges
                    store.execute(delete(blob_deletes).where(where))
        if len(page) < CLEANUP_PAGE:  # the last page: files queued since go in a later round (each commit starts one)
            return


def _delete(deps: Deps, tally: Tally, container: str, entries: Sequence[Any]) -> set[str]:
    """The names whose delete failed; all of them when storage cannot be reached (then this run
    stops trying: each further call would only wait for the same outage). The batch calls of a
    page go out a few at a time: each waits for storage far longer than for this process."""
    calls = list(chunks([r.name for r in entries], BATCH_DELETE))
    try:
        if len(calls) == 1:
            return set(deps.blobs.delete_many(container, calls[0]))
        with ThreadPoolExecutor(max_workers=min(BLOB_CALLS_AT_ONCE, len(calls))) as pool:
            return {n for failed in pool.map(lambda names: deps.blobs.delete_many(container, names), calls)
                    for n in failed}
    except Exception as exc:
        tally.storage_down = True
        log.warning("blob storage failed (%s): files of erased rows stay queued", type(exc).__name__)
        return {r.name for r in entries}


def queued(deps: Deps, *, source: str, source_id: str) -> int:
    """How many files of this erasure are still queued."""
    q = blob_deletes.c
    with deps.store.connect() as store:
        return int(store.execute(select(func.count()).select_from(blob_deletes)
                                 .where(q.source == source, q.source_id == source_id)).scalar_one())


def require_clean(deps: Deps, tally: Tally, *, source: str, source_id: str) -> None:
    """The end of a run: fail it when its files could not all be deleted (the resume retries them)."""
    left = queued(deps, source=source, source_id=source_id)
    if left:
        raise BlobCleanupIncomplete(f"{left} file(s) of erased rows could not be deleted; the next run retries them")
