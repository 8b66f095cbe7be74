"""Open claims past their limitation: the sweep never deletes one; the client (the creditor) decides.

The open_claim policy's step of the nightly sweep reads each open file whose dates may have run
out (the data map's open_claim rule, a first sieve in SQL), computes its limitation from the
file's events (shared/retention/claims.py, facts from the map's claim_limitation) and, once it is
time-barred, reports it to the client once ("Verjaard; beslissing nodig", a watch mark per file
and date) and waits. The client decides (shared.decisions, CLAIM_END): write off, and the file is
closed now and follows the closed-file policy; or keep pursuing, with a reason. New events that
move the limitation date ask again when the new date passes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from shared import audit, letters, watch_marks
from shared.datamap.discovery import table
from shared.datamap.platform_map import DATA_MAP
from shared.db.params import chunks
from shared.db.uow import store_and_platform as both
from shared.decisions import Decision, authorize
from shared.deps import Deps
from shared.dsar.queries import client_name
from shared.errors import Conflict, NotFound
from shared.http import paging
from shared.identity.principal import Principal
from shared.instructions import log as instructions
from shared.retention import texts
from shared.retention.claims import ClaimFacts, time_barred_from
from shared.retention.policies import Policy
from shared.retention.rules import amsterdam_date
from shared.retention.tables import time_barred_claims as T
from shared.retention.targets import TARGETS, due_ids_query

POLICY = "open_claim"
WATCH_KIND = "claim"
WRITE_OFF, PURSUE = "write_off", "pursue"
PAGE = 1000


def _limitation() -> Any:
    lim = DATA_MAP.claim_limitation
    if lim is None:
        raise RuntimeError("the data map has no claim_limitation: open claims cannot be judged")
    return lim


def _client_column() -> str:
    path = DATA_MAP[_limitation().table].client_path
    assert path, "the claim table belongs to a client"
    return path[0].column


def facts_of(platform: Connection, ids: Sequence[int]) -> dict[int, tuple[int, ClaimFacts]]:
    """File id -> (its client, its limitation facts): one query for the files, one per restarting table."""
    lim = _limitation()
    d = table(lim.table)
    own = [c for t, c in lim.restarts if t == lim.table]
    cols = [d.c.id, d.c[_client_column()].label("client_id"), d.c[lim.due].label("due_on"),
            *(d.c[c].label(f"r_{c}") for c in own),
            *(d.c[c].label(k) for k, c in (("started", lim.proceedings_started), ("ended", lim.proceedings_ended),
                                          ("judgment", lim.judgment)) if c)]
    rows = {int(r.id): r for part in chunks(list(ids)) for r in platform.execute(select(*cols).where(d.c.id.in_(part)))}
    restarts: dict[int, list[date | None]] = {i: [getattr(r, f"r_{c}") for c in own] for i, r in rows.items()}
    for name, col in lim.restarts:
        if name == lim.table:
            continue
        hop = DATA_MAP[name].parent
        assert hop is not None and hop.parent == lim.table, f"data map: {name} is not a child of {lim.table}"
        t = table(name)
        for part in chunks(list(rows)):
            for fid, last in platform.execute(select(t.c[hop.column], func.max(t.c[col]))
                                              .where(t.c[hop.column].in_(part)).group_by(t.c[hop.column])):
                restarts[int(fid)].append(last)
    return {i: (int(r.client_id), ClaimFacts.of(r.due_on, restarts[i], getattr(r, "started", None),
                                                getattr(r, "ended", None), getattr(r, "judgment", None)))
            for i, r in rows.items()}


def _months(policy: Policy, client_id: int) -> int:
    return policy.for_client(client_id).period_months or 60


def barred(platform: Connection, policy: Policy, today: date, after: int, limit: int = PAGE
           ) -> tuple[int | None, dict[int, tuple[int, date]], int]:
    """One page of candidates: (last id or None when done, file -> (client, barred from), files checked)."""
    target = next(iter(TARGETS[POLICY]), None)
    if target is None or DATA_MAP.claim_limitation is None:
        return None, {}, 0
    ids = list(platform.execute(due_ids_query(target, policy, today, after, limit)).scalars())
    if not ids:
        return None, {}, 0
    out: dict[int, tuple[int, date]] = {}
    for fid, (client_id, facts) in facts_of(platform, ids).items():
        end = time_barred_from(facts, _months(policy, client_id))
        if end is not None and end <= today:
            out[fid] = (client_id, end)
    return ids[-1], out, len(ids)


def _reference(platform: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The file's reference as the client knows it (the map's portal reference), else its id."""
    pv, lim = DATA_MAP.portal_verification, _limitation()
    if not pv or pv[0][0] != lim.table or not ids:
        return {i: str(i) for i in ids}
    d = table(lim.table)
    return {int(i): str(ref) for part in chunks(list(ids))
            for i, ref in platform.execute(select(d.c.id, d.c[pv[0][1]]).where(d.c.id.in_(part)))}


def _never_earlier(found: dict[int, tuple[int, date]], reported: Sequence[Any]) -> dict[int, tuple[int, date]]:
    """Events only ever add interruptions: a date earlier than one already reported means a record
    that interrupted it has gone since (a payment past its fiscal term), so the reported date holds."""
    latest: dict[int, date] = {}
    for r in reported:
        latest[r.dossier_id] = max(latest.get(r.dossier_id, r.barred_from), r.barred_from)
    return {fid: (client_id, max(end, latest.get(fid, end))) for fid, (client_id, end) in found.items()}


def report(deps: Deps, policies: dict[str, Policy], today: date, run_id: str, evidence: dict[str, Any]) -> None:
    """The sweep's open_claim step: nothing is deleted; a time-barred file is reported once and waits."""
    policy, closed = policies[POLICY], policies["collection_file_closed"]
    # checked: open files the sieve let through (the others' limitation plainly runs)
    counts = {"checked": 0, "awaiting_decision": 0, "notified": 0, "pursued": 0}
    evidence.update({"time_barred": counts, "notices": 0})
    if DATA_MAP.claim_limitation is None:  # a map that cannot judge limitation: every open claim simply stays
        evidence["note"] = "the data map names no claim_limitation: open claims are kept, none judged"
        return
    after = 0
    while True:
        with deps.platform.connect() as platform:
            last, found, checked = barred(platform, policy, today, after)
            refs = _reference(platform, sorted(found))
            names = {c: platform.execute(client_name(c)).scalar() for c in {c for c, _ in found.values()}}
        if last is None:
            return
        counts["checked"] += checked
        now = deps.clock.now()
        with deps.store.begin() as store:
            rows = [r for part in chunks(sorted(found))
                    for r in store.execute(select(T.c.dossier_id, T.c.barred_from, T.c.decision)
                                           .where(T.c.dossier_id.in_(part)))]
            known = {(r.dossier_id, r.barred_from): r.decision for r in rows}
            found = _never_earlier(found, rows)
            sent = watch_marks.sent(store, WATCH_KIND, [str(f) for f in found])  # what the client was told
            new: dict[int, list[tuple[str, date]]] = {}
            marks: list[tuple[str, str]] = []
            for fid, (client_id, end) in sorted(found.items()):
                if (fid, end) not in known:  # the record that waits for the client's decision
                    store.execute(insert(T).values(id=str(uuid.uuid4()), client_id=client_id, dossier_id=fid,
                                                   barred_from=end, reported_at=now))
                    known[(fid, end)] = None
                counts["pursued" if known[(fid, end)] == PURSUE else "awaiting_decision"] += 1
                mark = f"barred@{end.isoformat()}"
                if mark not in sent[str(fid)]:
                    marks.append((str(fid), mark))
                    new.setdefault(client_id, []).append((refs.get(fid, str(fid)), end))
            watch_marks.record(store, WATCH_KIND, marks, now)
            counts["notified"] += len(marks)
            for client_id, files in sorted(new.items()):
                line, text = texts.time_barred_notice(names.get(client_id) or f"cliënt nr. {client_id}", files,
                                                      _months(closed, client_id))
                letters.queue(store, at=now, recipient_kind="client", recipient=str(client_id),
                              topic=texts.TOPIC_TIME_BARRED, related_type="client", related_id=str(client_id),
                              subject_line=line, body=text)
                evidence["notices"] += 1
            if new:
                audit.record(store, audit.SYSTEM, "retention.claims_time_barred", "retention_policy", POLICY, now,
                             {"run_id": run_id, "files": sorted(f for f, (c, _e) in found.items() if c in new)})
        after = last


# --- The client's decision ----------------------------------------------------------------


def view(r: Any) -> dict[str, Any]:
    return {"id": r.id, "client_id": r.client_id, "dossier_id": r.dossier_id, "barred_from": r.barred_from,
            "reported_at": r.reported_at, "decision": r.decision, "reason": r.reason, "basis": r.basis,
            "decided_at": r.decided_at}


def list_claims(deps: Deps, principal: Principal, query: Any) -> dict[str, Any]:
    """One page of the time-barred claims reported (a client sees only its own), oldest report first
    (keyset: the table grows with every barred file)."""
    q = select(T)
    if principal.is_client and query.client_id not in (None, principal.client_id):
        raise NotFound("No such client")  # another client's claims do not show, not even that they exist
    if principal.is_client:
        q = q.where(T.c.client_id == principal.client_id)
    if query.client_id is not None:
        q = q.where(T.c.client_id == query.client_id)
    if query.awaiting is not None:
        q = q.where(T.c.decision.is_(None) if query.awaiting else T.c.decision.is_not(None))
    with deps.store.connect() as store:
        rows, nxt = paging.earliest_first(store, q, T.c.reported_at, T.c.id, query.limit, query.cursor,
                                          kind=datetime)
    return {"items": [view(r) for r in rows], "next": nxt}


def decide(deps: Deps, principal: Principal, claim_id: str, body: Any) -> dict[str, Any]:
    """The creditor's decision on a time-barred claim: write off (closed now) or keep pursuing."""
    now = deps.clock.now()
    with both(deps.store, deps.platform) as (store, platform):
        row = store.execute(select(T).where(T.c.id == claim_id)).first()
        if row is None or (principal.is_client and principal.client_id != row.client_id):
            raise NotFound("No such time-barred claim")
        basis = authorize(Decision.CLAIM_END, principal, row.client_id, body.instruction)
        if row.decision is not None:
            raise Conflict("The client already decided on this claim")
        details: dict[str, Any] = {"basis": basis.value, "decision": body.decision.value, "dossier_id": row.dossier_id}
        if body.instruction is not None:
            details["instruction_id"] = instructions.record(
                store, principal.actor, client_id=row.client_id, decision=Decision.CLAIM_END.value,
                object_type="time_barred_claim", object_id=row.id, instruction=body.instruction, now=now)
        if body.decision.value == WRITE_OFF:
            _write_off(platform, row.dossier_id, amsterdam_date(now))
        store.execute(update(T).where(T.c.id == row.id).values(
            decision=body.decision.value, reason=body.reason, basis=basis.value, decided_by=principal.oid[:64],
            decided_at=now))
        audit.record(store, principal.actor, "retention.claim_decided", "time_barred_claim", row.id, now, details)
        return view(store.execute(select(T).where(T.c.id == row.id)).one())


def _write_off(platform: Connection, dossier_id: int, today: date) -> None:
    """The creditor wrote the claim off: the open file is closed today (the closed-file policy runs from here)."""
    lim = _limitation()
    tm = DATA_MAP[lim.table]
    assert tm.status is not None
    d = table(lim.table)
    done = platform.execute(update(d).where(d.c.id == dossier_id, d.c[tm.status.column].in_(tm.status.values("open")))
                            .values({tm.status.column: lim.written_off, lim.closed_on: today}))
    if done.rowcount != 1:
        raise Conflict("The file is no longer open; nothing to write off")
