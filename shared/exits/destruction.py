"""Destroying a client's data at exit, through the data map, in bounded resumable batches.

What is destroyed: every client-scoped table of the data map (debtors, dossiers, letters,
contact registrations, documents and their files, client users and their logins), each by its
erasure strategy (shared.datamap.erasure): rows are deleted, or, where a kept row still points
at them, stripped of their personal fields. The clients row itself is anonymised (strategy NULL):
Incassotool's invoices refer to it.

What is kept, restricted (stored only), and why (decision, stated in the certificate):
- client_invoices: Incassotool's own invoices to the client, fiscal duty (AWR art. 52(4)), 7 years.
- payments: the payments Incassotool received from debtors and passed on to the client are part
  of Incassotool's own bookkeeping (received and remitted funds), so the same fiscal duty applies
  to Incassotool itself, not only to the client as controller. They stay whole (the data map's
  legal_duty FISCAL), restricted with their end date (the fiscal term of each row); the retention
  sweep erases them once it passed (shared/retention/kept.py). The dossiers
  and debtors they refer to stay only as shells without personal data.
- what a legal hold covers: a client-scope hold stops the whole destruction (the exit waits,
  status on_hold); a subject-scope hold keeps that subject's tree within this client.
Dossiers carry the data map's LEGAL_CLAIM duty, but the claims are the client's: it received the
export, and Incassotool no longer acts for it, so they are destroyed.

Resumable: progress (per table: the last id done and where that batch began) is written in the
same store transaction as the ledger entries of the batch. A rerun continues after the last id.
Before it continues, it replays the ledger entries of the last batch (idempotent), which finishes
an erasure whose platform commit was lost after the store commit (two databases).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, select

from shared import audit, holds, letters, restrictions
from shared.audit import SYSTEM
from shared.datamap import runner
from shared.datamap.discovery import client_keys_after, find_subject_rows
from shared.datamap.erasure import ErasureReport, leaves_first, replay
from shared.datamap.model import LEGAL_DUTY_TEXT_NL, TableMap
from shared.datamap.platform_map import DATA_MAP
from shared.datamap.runner import Batch, Erasing, Tally
from shared.db.params import chunks
from shared.db.uow import store_and_platform as units
from shared.deps import Deps
from shared.exits import queries as q
from shared.exits import texts
from shared.exits.status import Choice, ExitStatus, ViewerStatus
from shared.ledger import erasure_ledger
from shared.pseudonym import from_deps
from shared.retention import kept
from shared.retention.service import load_policies

BATCH = 5000  # rows per transaction (at most)

RULE_DELETE = "exit_delete"  # the client chose destruction at its exit
RULE_LAPSED = "viewer_lapsed"  # the viewer account was not renewed or not paid in time
RULE_NL = {
    RULE_DELETE: "opzegging door de cliënt met de keuze 'vernietigen', op de ingangsdatum (opzegging + 60 dagen)",
    RULE_LAPSED: "inkijkaccount niet verlengd of niet betaald vóór het einde van het jaar",
}
HOLD_NL = "valt onder een lopende juridische blokkade (legal hold): bewaard tot die wordt opgeheven"
SHELL_NL = ("Records van de volgende soorten blijven bestaan zonder persoonsgegevens (alleen sleutels, "
            "bedragen, data en status), omdat bewaarde gegevens ernaar verwijzen: {labels}.")


def kept_tables() -> list[TableMap]:
    """Tables kept whole at exit (the data map's exit rule: a duty of Incassotool's own)."""
    return [t for t in DATA_MAP.client_scoped() if t.exit.keep]


def kept_reason_nl(name: str) -> str:
    tm = DATA_MAP[name]
    duty = LEGAL_DUTY_TEXT_NL[tm.legal_duty] + ". " if tm.legal_duty else ""
    return duty + (tm.exit.reason_nl or "")


def erase_order() -> list[str]:
    """Children first; the client's own row (anonymised, never deleted) last."""
    kept = {t.table for t in kept_tables()}
    names = [t.table for t in DATA_MAP.client_scoped() if t.table not in kept]
    return sorted(leaves_first(names), key=lambda n: DATA_MAP[n].client_path == ())


def rule_for(choice: str) -> str:
    return RULE_LAPSED if choice == Choice.RETAIN.value else RULE_DELETE


def client_hold(store: Connection, client_id: int) -> bool:
    return client_id in holds.active_scope(store).client_ids


def held_rows(store: Connection, platform: Connection, client_id: int) -> dict[str, set[int]]:
    """The rows of subjects under a subject-scope hold, within this client."""
    scope = holds.active_scope(store)
    emails = set(scope.emails) | {e for (e, c) in scope.pairs if c == client_id}
    held: dict[str, set[int]] = {}
    for email in sorted(emails):
        for name, ids in find_subject_rows(platform, email, client_id=client_id).items():
            held.setdefault(name, set()).update(ids)
    return held


def ledger_batch(exit_id: str, name: str) -> Any:
    e = erasure_ledger
    return select(e.c.table_name, e.c.action, e.c.columns, e.c.row_ids).where(
        e.c.source == "exit", e.c.source_id == exit_id, e.c.table_name == name)


def within(entries: list[Any], after: int, upto: int) -> list[Any]:
    """The entries' rows with keys in (after, upto]: the last batch a killed run wrote."""
    return [SimpleNamespace(table_name=e.table_name, action=e.action, columns=e.columns,
                            row_ids=[r for r in e.row_ids if after < r <= upto]) for e in entries]


def _progress(row: Any) -> dict[str, Any]:
    p = dict(row.progress or {})
    p.setdefault("tables", {})
    p.setdefault("counts", {})
    p.setdefault("held", {})
    p.setdefault("kept", {})
    p.setdefault("blobs_deleted", 0)  # files of erased rows: queued, then deleted (finish waits for it)
    p.setdefault("ledger_entries", 0)
    return p


def _resume(deps: Deps, exit_id: str, p: dict[str, Any], tally: Tally) -> None:
    """Finish what a killed run may have left: files of erased rows, and the erasure of its last batch."""
    runner.clean_up(deps, tally, source="exit", source_id=exit_id)
    pseudonymise = from_deps(deps)
    for name, state in p["tables"].items():
        if state.get("done") or "from" not in state:
            continue
        with units(deps.store, deps.platform) as (store, platform):
            entries = list(store.execute(ledger_batch(exit_id, name)))
            if entries:
                replay(platform, within(entries, state["from"], state["after"]), pseudonymise)


Checkpoint = Callable[[dict[str, Any]], None]


def destroy(deps: Deps, exit_id: str, now: datetime, checkpoint: Checkpoint = lambda s: None) -> dict[str, Any]:
    """Run (or resume) the destruction of one exit in status DESTROYING. Returns its counts.
    It finishes only once every file of its erased rows is deleted (else BlobCleanupIncomplete,
    and the next run resumes)."""
    with deps.store.connect() as store:
        row = store.execute(q.exit_by_id(exit_id)).one()
    if row.status != ExitStatus.DESTROYING.value:
        return {}
    client_id, rule = row.client_id, rule_for(row.choice)
    tally = Tally()
    _resume(deps, exit_id, _progress(row), tally)
    who = Erasing("exit", exit_id, rule, from_deps(deps))
    with deps.store.connect() as store, deps.platform.connect() as platform:
        held = held_rows(store, platform, client_id)
    for name in erase_order():
        with deps.store.connect() as store:
            state = _progress(store.execute(q.exit_by_id(exit_id)).one())["tables"].get(name, {"after": 0})
        if not state.get("done"):
            batches = _TableBatches(exit_id, client_id, name, held.get(name, set()), checkpoint)
            runner.run_batches(deps, batches, who, state["after"], tally)
    for tm in kept_tables():
        _keep_table(deps, exit_id, client_id, tm.table, now, checkpoint)
    runner.require_clean(deps, tally, source="exit", source_id=exit_id)
    return _finish(deps, exit_id, now)


@dataclass
class _TableBatches:
    """One table's rows of the client, in key order; rows under a subject-scope hold stay."""

    exit_id: str
    client_id: int
    name: str
    held: set[int]
    checkpoint: Checkpoint

    def next_batch(self, store: Connection, platform: Connection, after: int) -> Batch | None:
        tm = DATA_MAP[self.name]
        ids = list(platform.execute(client_keys_after(tm, self.client_id, after, BATCH)).scalars().all())
        if not ids:
            p = _progress(store.execute(q.exit_by_id(self.exit_id)).one())
            p["tables"][self.name] = {"after": after, "done": True}
            store.execute(q.update_exit(self.exit_id, progress=p))
            return None
        erase = [i for i in ids if i not in self.held] if self.held else ids
        return Batch({self.name: erase}, ids[-1], notes=len(ids) - len(erase))

    def in_transaction(self, store: Connection, batch: Batch, report: ErasureReport, after: int) -> None:
        """The progress, in the transaction of the batch's ledger entries."""
        name, p = self.name, _progress(store.execute(q.exit_by_id(self.exit_id)).one())
        c = p["counts"].setdefault(name, {"deleted": 0, "anonymised": 0})
        c["deleted"] += report.deleted.get(name, 0)
        c["anonymised"] += report.anonymised.get(name, 0)
        if batch.notes:
            p["held"][name] = p["held"].get(name, 0) + batch.notes
        p["ledger_entries"] += len(batch.rows[name])
        p["blobs_deleted"] += len(report.blob_paths)
        p["tables"][name] = {"after": batch.last_id, "from": after}
        store.execute(q.update_exit(self.exit_id, progress=p))

    def committed(self, batch: Batch, report: ErasureReport) -> None:
        self.checkpoint({"exit_id": self.exit_id, "table": self.name, "after": batch.last_id})


def _keep_table(deps: Deps, exit_id: str, client_id: int, name: str, now: datetime, checkpoint: Checkpoint) -> None:
    """Kept rows are restricted: stored only (Art. 17(3), 18)."""
    tm = DATA_MAP[name]
    while True:
        with units(deps.store, deps.platform) as (store, platform):
            p = _progress(store.execute(q.exit_by_id(exit_id)).one())
            state = p["tables"].get(name, {"after": 0})
            if state.get("done"):
                return
            ids = list(platform.execute(client_keys_after(tm, client_id, state["after"], BATCH)).scalars().all())
            if not ids:
                p["tables"][name] = {"after": state["after"], "done": True}
                store.execute(q.update_exit(exit_id, progress=p))
                return
            reason = kept_reason_nl(name) or "bewaarplicht"
            verdict = kept.judge(platform, name, ids, source=kept.SOURCE_EXIT, policies=load_policies(store),
                                 scope=holds.HoldScope.nothing())  # the fiscal term; holds count at the sweep
            for part in chunks(ids):  # SQL Server takes at most 2,100 parameters a statement
                restrictions.mark(store, table=name, row_ids=part, kind=kept.KIND, reason=reason, since=now,
                                  request_id=exit_id, source=kept.SOURCE_EXIT, duty=kept.FISCAL,
                                  ends={r: verdict[r][1] for r in part if r in verdict})
            p["kept"][name] = p["kept"].get(name, 0) + len(ids)
            p["tables"][name] = {"after": ids[-1]}
            store.execute(q.update_exit(exit_id, progress=p))
        checkpoint({"exit_id": exit_id, "table": name, "after": ids[-1]})


def certificate(row: Any, p: dict[str, Any], now: datetime) -> dict[str, Any]:
    rule = rule_for(row.choice)
    destroyed = [{"table": n, "category_nl": texts.label(n), **p["counts"].get(n, {"deleted": 0, "anonymised": 0})}
                 for n in erase_order()]
    kept = [{"table": n, "rows": rows, "reason": DATA_MAP[n].legal_duty or "exit_rule", "reason_nl": kept_reason_nl(n)}
            for n, rows in p["kept"].items()]
    kept += [{"table": n, "rows": rows, "reason": "legal_hold", "reason_nl": HOLD_NL} for n, rows in p["held"].items()]
    shells = [n for n in erase_order() if DATA_MAP[n].client_path != () and p["counts"].get(n, {}).get("anonymised")]
    return {
        "exit_id": row.id, "client_id": row.client_id, "rule": rule, "rule_nl": RULE_NL[rule],
        "effective_date": row.effective_date.isoformat(), "destroyed_at": now.isoformat(),
        "destroyed": destroyed, "blobs_deleted": p["blobs_deleted"] + (1 if row.export_blob else 0),
        "kept": kept,
        "anonymised_note_nl": SHELL_NL.format(labels=", ".join(texts.label(n) for n in shells)) if shells else None,
        "ledger_entries": p["ledger_entries"], "backups_nl": texts.BACKUP_NOTE_NL,
    }


def _finish(deps: Deps, exit_id: str, now: datetime) -> dict[str, Any]:
    with units(deps.store, deps.platform) as (store, platform):
        row = store.execute(q.exit_by_id(exit_id)).one()
        if row.status != ExitStatus.DESTROYING.value:
            return {}
        p = _progress(row)
        cert = certificate(row, p, now)
        text = texts.certificate_text(cert)
        ended = q.end_client(row.client_id, row.effective_date)
        if ended is not None:
            platform.execute(ended)
        store.execute(q.update_exit_if(exit_id, ExitStatus.DESTROYING, status=ExitStatus.DESTROYED.value,
                                       open_client_id=None, destroyed_at=now, updated_at=now,
                                       certificate=cert, certificate_text=text))
        viewer = store.execute(q.viewer_of(row.client_id)).first()
        if viewer is not None and viewer.status == ViewerStatus.ACTIVE.value:
            store.execute(q.update_viewer(viewer.id, status=ViewerStatus.LAPSED.value, lapsed_at=now,
                                          updated_at=now))
        audit.record(store, SYSTEM, "exit.destroyed", "exit", exit_id, now, {
            "client_id": row.client_id, "rule": cert["rule"], "ledger_entries": p["ledger_entries"],
            "kept": {k["table"]: k["rows"] for k in cert["kept"]}})
        subject, body = texts.destroyed_letter(exit_id, text)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(row.client_id),
                      topic="exit_destroyed", related_type="exit", related_id=exit_id,
                      subject_line=subject, body=body)
    if row.export_blob:
        from shared.exits.export import drop_export

        drop_export(deps, exit_id, row.export_blob)
    return {"exit_id": exit_id, "ledger_entries": p["ledger_entries"], "kept": cert["kept"]}
