"""Rows kept for a duty, and when that duty ends.

An erasure request or a client's exit keeps some rows (restricted: stored only) because a duty
overrides erasure (Art. 17(3)). Each kept row records its duty and end date. Its duties, judged
from the live facts and policies:
- fiscal: the AWR 7 years of an invoice or payment (the fiscal_7y policy's period);
- legal_claim: a collection file that is still open keeps itself, its letters, registrations,
  documents and payments, and its debtor (only after an erasure request: at an exit the claims go
  with the client);
- bki_floor: a closed consumer file is kept 2 years after closing (Bki art. 5.1; the floor of the
  collection_file_closed policy);
- legal_hold: an active hold that covers the row.
The duty that binds longest is recorded with its end (none while a claim runs or a hold holds).
Every sweep re-judges the kept rows, so a settled claim, a lifted hold or a changed policy counts
at the next run; a row whose duties all ended is erased by its data-map strategy (ledger first)
and its restriction lifted, with the counts in the run record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, literal, select, update

from shared.datamap import DATA_MAP, LegalDuty, TableMap
from shared.datamap.discovery import chunks, table
from shared.holds import HoldScope
from shared.restrictions import restrictions
from shared.retention.policies import Policy
from shared.retention.rules import add_months, binding_duty, fiscal_due, kept_row_ended
from shared.retention.targets import held_ids_query

FISCAL, CLAIM, BKI, HOLD = "fiscal", "legal_claim", "bki_floor", "legal_hold"
SOURCE_DSAR, SOURCE_EXIT = "dsar", "exit"
KIND = "legal_duty"
RULE = "kept_duty_ended"  # the ledger's rule for a kept row erased once its duty ended

DUTY_NL = {
    FISCAL: "fiscale bewaarplicht (art. 52 lid 4 AWR)",
    CLAIM: "een lopende vordering (art. 17 lid 3 sub e AVG): bewaard zolang de vordering loopt",
    BKI: "de wettelijke minimumtermijn voor gesloten incassodossiers van consumenten (art. 5.1 Bki)",
    HOLD: "een juridische blokkade (legal hold): bewaard tot die wordt opgeheven",
}


def claim_table() -> TableMap | None:
    """The collection files: the map's table with a legal-claim duty, an open status group and a parent."""
    return next((t for t, _ in DATA_MAP.with_status("open") if t.legal_duty is LegalDuty.LEGAL_CLAIM and t.parent),
                None)


def _dossier_links(platform: Connection, name: str, ids: Sequence[int]) -> dict[int, set[int]]:
    """Row -> the collection files it belongs to (a debtor: all its files)."""
    links: dict[int, set[int]] = {}
    files = claim_table()
    if files is None or files.parent is None:
        return links
    if name == files.table:
        return {i: {i} for i in ids}
    t, own = table(name), DATA_MAP[name].parent
    if name == files.parent.parent:
        d, col = table(files.table), files.parent.column
        q: Any = lambda part: select(d.c[col], d.c.id).where(d.c[col].in_(part))  # noqa: E731
    elif own is not None and own.parent == files.table:
        q = lambda part: select(t.c.id, t.c[own.column]).where(t.c.id.in_(part))  # noqa: E731
    else:
        return links
    for part in chunks(list(ids)):
        for row_id, dossier_id in platform.execute(q(part)):
            links.setdefault(int(row_id), set()).add(int(dossier_id))
    return links


def files_query(ids: Sequence[int]) -> Select[Any]:
    """Each file's status, closing date (the collection_file_closed rule's date) and its subject's kind
    (consumer files have the Bki floor; a root without `kind` has none)."""
    files = claim_table()
    assert files is not None and files.parent is not None and files.status is not None
    d, root = table(files.table), table(files.parent.parent)
    closed = next((r.due.date for r in DATA_MAP.retention_rules.get("collection_file_closed", ())
                   if r.table == files.table and r.due.date), None)
    return (select(d.c.id, d.c[files.status.column].label("status"),
                   (d.c[closed] if closed else literal(None)).label("closed_on"),
                   (root.c.kind if "kind" in root.c else literal(None)).label("kind"))
            .join(root, root.c.id == d.c[files.parent.column]).where(d.c.id.in_(list(ids))))


def _is_open(status: str) -> bool:
    files = claim_table()
    return files is not None and files.status is not None and status in files.status.values("open")


def _claim_ends(platform: Connection, name: str, ids: Sequence[int], floor_months: int) -> dict[int, dict[str, Any]]:
    links = _dossier_links(platform, name, ids)
    files = {int(r.id): r for part in chunks(sorted({f for fs in links.values() for f in fs}))
             for r in platform.execute(files_query(part))}
    out: dict[int, dict[str, Any]] = {}
    for row_id, fids in links.items():
        mine = [files[f] for f in fids if f in files]
        if any(_is_open(f.status) for f in mine):
            out[row_id] = {CLAIM: None}
        closed = [f.closed_on for f in mine if f.kind == "consumer" and not _is_open(f.status) and f.closed_on]
        if closed and row_id not in out:
            out[row_id] = {BKI: add_months(max(closed), floor_months)}
    return out


def fiscal_date_column(name: str) -> str | None:
    """The date a fiscal record's term runs from: the fiscal_7y rule's date in the data map."""
    return next((r.due.date for r in DATA_MAP.retention_rules.get("fiscal_7y", ()) if r.table == name), None)


def _fiscal_ends(platform: Connection, name: str, ids: Sequence[int], years: int) -> dict[int, date]:
    t = table(name)
    col = t.c[fiscal_date_column(name) or ""]
    return {int(r): fiscal_due(d, years) for part in chunks(list(ids))
            for r, d in platform.execute(select(t.c.id, col).where(t.c.id.in_(part))) if d is not None}


def judge(platform: Connection, name: str, ids: Sequence[int], *, source: str, policies: Mapping[str, Policy],
          scope: HoldScope) -> dict[int, tuple[str | None, date | None]]:
    """Row -> (the duty that keeps it longest, its end); (None, None): nothing keeps it any more."""
    ends: dict[int, dict[str, date | None]] = {int(i): {} for i in ids}
    if DATA_MAP[name].legal_duty is LegalDuty.FISCAL and fiscal_date_column(name):
        years = (policies["fiscal_7y"].period_months or 84) // 12
        for r, end in _fiscal_ends(platform, name, ids, years).items():
            ends[r][FISCAL] = end
    if source == SOURCE_DSAR:
        floor = policies["collection_file_closed"].min_period_months
        for r, duty_end in _claim_ends(platform, name, ids, floor).items():
            ends[r].update(duty_end)
    if not scope.empty:
        for part in chunks(list(ids)):
            for (r,) in platform.execute(held_ids_query(name, part, scope)):
                ends[int(r)][HOLD] = None
    return {r: binding_duty(e) for r, e in ends.items()}


# --- The sweep's part: re-judge the kept rows, erase those whose duty ended -------------------


def kept_page(after_id: int, limit: int) -> Select[Any]:
    r = restrictions.c
    return (select(r.id, r.table_name, r.row_id, r.source, r.duty, r.keep_until)
            .where(r.kind == KIND, r.lifted_at.is_(None), r.id > after_id).order_by(r.id).limit(limit))


@dataclass
class Review:
    """One batch of kept rows, judged: what may go now, and how many each duty releases or keeps."""

    erase: dict[str, list[int]] = field(default_factory=dict)
    lift: list[int] = field(default_factory=list)  # the restrictions of the rows that go
    released: dict[str, int] = field(default_factory=dict)
    still_kept: dict[str, int] = field(default_factory=dict)


def review(platform: Connection, store: Connection, rows: Sequence[Any], *, policies: Mapping[str, Policy],
           scope: HoldScope, today: date) -> Review:
    """Judge a page of kept rows; record each remaining row's current duty and end."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        groups.setdefault((row.table_name, row.source or SOURCE_DSAR), []).append(row)
    out = Review()
    for (name, source), items in groups.items():
        verdict = judge(platform, name, [i.row_id for i in items], source=source, policies=policies, scope=scope)
        for item in items:
            duty, until = verdict.get(int(item.row_id), (None, None))
            if kept_row_ended(duty, until, today):
                out.erase.setdefault(name, []).append(int(item.row_id))
                out.lift.append(item.id)
                was = item.duty or FISCAL
                out.released[was] = out.released.get(was, 0) + 1
                continue
            out.still_kept[duty or FISCAL] = out.still_kept.get(duty or FISCAL, 0) + 1
            if (duty, until) != (item.duty, item.keep_until):
                store.execute(update(restrictions).where(restrictions.c.id == item.id)
                              .values(duty=duty, keep_until=until))
    out.erase = {t: sorted(set(ids)) for t, ids in out.erase.items()}
    return out


def lift(store: Connection, restriction_ids: Sequence[int], *, at: datetime, run_id: str) -> None:
    for part in chunks(list(restriction_ids)):
        store.execute(update(restrictions).where(restrictions.c.id.in_(part)).values(
            lifted_at=at, lifted_by=f"retention:{run_id}"[:64], lift_reason="bewaarplicht beëindigd"))
