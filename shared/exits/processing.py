"""The nightly exit_processing job: reminders, effective exits (destroy or convert to a viewer
account), viewer-account renewal warnings and lapses, the exports built ahead (at the first run
after the notice, and again when stale: shared.exits.export.refresh), and the clean-up of closed
exports.

Idempotent: every step is a guarded transition or a once-only mark in the same transaction as
its letter, so a second run (or a concurrent one) does nothing twice. Destruction resumes from
its progress (shared.exits.destruction)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from shared import audit, letters
from shared.audit import SYSTEM
from shared.db.uow import store_and_platform as units
from shared.exits import export, rules, texts
from shared.exits import queries as q
from shared.exits.destruction import client_hold, destroy, rule_for
from shared.exits.service import issue_fee_invoice
from shared.exits.status import Choice, ExitStatus, ViewerStatus
from shared.jobs import JobContext


def run(ctx: JobContext) -> dict[str, Any]:
    deps = ctx.deps
    counts = {"reminders": 0, "destroyed": 0, "converted": 0, "on_hold": 0, "renewal_warnings": 0,
              "rolled_over": 0, "lapsed": 0, "exports_built": 0, "exports_rebuilt": 0, "exports_dropped": 0}
    failed: list[str] = []  # one exit's failure does not hold up the others; the run still fails
    with deps.store.connect() as store:
        open_ids = [r for (r,) in store.execute(q.exits_to_watch())]
    for done, exit_id in enumerate(open_ids, 1):
        try:
            outcome = process_exit(ctx, exit_id)
        except Exception as exc:
            failed.append(f"exit {exit_id}: {type(exc).__name__}")
            continue
        if outcome:
            counts[outcome] += 1
        ctx.progress("exits", done, len(open_ids))
    with deps.store.connect() as store:
        viewers = list(store.execute(q.active_viewers()))
    for viewer in viewers:
        try:
            for outcome in process_viewer(ctx, viewer):
                counts[outcome] += 1
        except Exception as exc:
            failed.append(f"viewer account {viewer.id}: {type(exc).__name__}")
    # After the exits moved on, so no export is built for an exit destroyed tonight.
    counts.update(export.refresh(deps, ctx.now, failed))
    counts["exports_dropped"] = drop_closed_exports(ctx)
    if failed:
        ctx.evidence.update(counts, failures=failed)
        raise ExitProcessingError(f"{len(failed)} item(s) failed; the next run resumes them")
    return counts


class ExitProcessingError(RuntimeError):
    """Some exits or viewer accounts failed (ids and error types in the run's evidence)."""


def process_exit(ctx: JobContext, exit_id: str) -> str | None:
    deps, now = ctx.deps, ctx.now
    with deps.store.connect() as store:
        row = store.execute(q.exit_by_id(exit_id)).one()
    status = ExitStatus(row.status)
    if status is ExitStatus.NOTICE_GIVEN and rules.reminder_due(row.effective_date, now, row.reminder_sent_at):
        with deps.store.begin() as store:
            marked = store.execute(q.mark_reminder_sent(exit_id, now)).rowcount
            if marked:
                subject, body = texts.reminder_letter(exit_id, row.effective_date, row.choice)
                letters.queue(store, at=now, recipient_kind="client", recipient=str(row.client_id),
                              topic="exit_reminder", related_type="exit", related_id=exit_id,
                              subject_line=subject, body=body)
                audit.record(store, SYSTEM, "exit.reminder_sent", "exit", exit_id, now, {"client_id": row.client_id})
        return "reminders" if marked else None
    if status is ExitStatus.DESTROYING:  # resume; a client-scope hold placed meanwhile stops it
        return _destroy_or_hold(ctx, row)
    if status is ExitStatus.ON_HOLD:  # waiting for a client-scope hold to be lifted
        return start_destruction(ctx, row, status)
    if not rules.is_effective(row.effective_date, now):
        return None
    if row.choice == Choice.RETAIN.value:
        return "converted" if convert_to_viewer(ctx, exit_id) else None
    return start_destruction(ctx, row, status)


def start_destruction(ctx: JobContext, row: Any, status: ExitStatus) -> str | None:
    """A client-scope legal hold keeps everything: the exit waits (on_hold) and says so."""
    deps, now = ctx.deps, ctx.now
    with deps.store.begin() as store:
        if client_hold(store, row.client_id):
            if status is not ExitStatus.ON_HOLD:
                store.execute(q.update_exit_if(row.id, status, status=ExitStatus.ON_HOLD.value,
                                               waiting_reason="legal_hold_on_client", updated_at=now))
                audit.record(store, SYSTEM, "exit.waiting_for_hold", "exit", row.id, now,
                             {"client_id": row.client_id})
            return "on_hold"
        moved = store.execute(q.update_exit_if(row.id, status, status=ExitStatus.DESTROYING.value,
                                               waiting_reason=None, updated_at=now)).rowcount
        if moved:
            audit.record(store, SYSTEM, "exit.destruction_started", "exit", row.id, now,
                         {"client_id": row.client_id, "rule": rule_for(row.choice)})
    return _destroy(ctx, row.id) if moved else None


def _destroy(ctx: JobContext, exit_id: str) -> str | None:
    result = destroy(ctx.deps, exit_id, ctx.now, ctx.save_checkpoint)
    return "destroyed" if result else None


def convert_to_viewer(ctx: JobContext, exit_id: str) -> bool:
    deps, now = ctx.deps, ctx.now
    with units(deps.store, deps.platform) as (store, platform):
        row = store.execute(q.exit_by_id(exit_id)).one()
        moved = store.execute(q.update_exit_if(exit_id, ExitStatus.NOTICE_GIVEN,
                                               status=ExitStatus.CONVERTED_TO_VIEWER.value,
                                               open_client_id=None, updated_at=now)).rowcount
        if not moved:
            return False
        start = row.effective_date
        end = rules.period_end(start)
        for revoke in q.revoke_write(row.client_id):
            platform.execute(revoke)
        ended = q.end_client(row.client_id, row.effective_date, read_only=True)
        if ended is not None:
            platform.execute(ended)
        store.execute(q.insert_viewer({
            "id": str(uuid.uuid4()), "client_id": row.client_id, "exit_id": exit_id,
            "status": ViewerStatus.ACTIVE.value, "period_start": start, "period_end": end,
            "created_at": now, "updated_at": now}))
        number, fee = issue_fee_invoice(platform, row.client_id, start, rules.today(now))
        audit.record(store, SYSTEM, "exit.converted_to_viewer", "exit", exit_id, now,
                     {"client_id": row.client_id, "invoice": number, "period_end": end.isoformat()})
        subject, body = texts.viewer_letter(exit_id, start, end, number, fee.total)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(row.client_id),
                      topic="exit_viewer", related_type="exit", related_id=exit_id,
                      subject_line=subject, body=body)
    return True


def process_viewer(ctx: JobContext, viewer: Any) -> list[str]:
    deps, now = ctx.deps, ctx.now
    done: list[str] = []
    if rules.renewal_warning_due(viewer.period_end, now, viewer.renewal_warned_for):
        with deps.store.begin() as store:
            marked = store.execute(q.mark_renewal_warned(viewer.id, viewer.period_end, now)).rowcount
            if marked:
                subject, body = texts.renewal_warning_letter(viewer.client_id, viewer.period_end)
                letters.queue(store, at=now, recipient_kind="client", recipient=str(viewer.client_id),
                              topic="viewer_renewal_warning", related_type="viewer_account",
                              related_id=viewer.id, subject_line=subject, body=body)
                audit.record(store, SYSTEM, "viewer.renewal_warned", "viewer_account", viewer.id, now,
                             {"client_id": viewer.client_id, "period_end": viewer.period_end.isoformat()})
                done.append("renewal_warnings")
    next_start = viewer.period_end + timedelta(days=1)
    with deps.platform.connect() as platform:
        current = platform.execute(q.invoice_by_number(
            rules.fee_invoice_number(viewer.client_id, viewer.period_start))).first()
        renewal = platform.execute(q.invoice_by_number(
            rules.fee_invoice_number(viewer.client_id, next_start))).first()
    outcome = rules.viewer_outcome(viewer.period_end, now, current.paid_on if current else None,
                                   renewal.paid_on if renewal else None, renewal is not None)
    if outcome is rules.ViewerOutcome.ROLL_OVER:
        with deps.store.begin() as store:
            moved = store.execute(q.roll_over_viewer(viewer.id, viewer.period_end, next_start,
                                                     rules.period_end(next_start), now)).rowcount
            if moved:
                audit.record(store, SYSTEM, "viewer.rolled_over", "viewer_account", viewer.id, now,
                             {"client_id": viewer.client_id, "period_start": next_start.isoformat()})
                done.append("rolled_over")
    elif outcome is rules.ViewerOutcome.LAPSE:
        with deps.store.begin() as store:
            moved = store.execute(q.update_exit_if(viewer.exit_id, ExitStatus.CONVERTED_TO_VIEWER,
                                                   status=ExitStatus.DESTROYING.value, updated_at=now)).rowcount
            if moved:
                store.execute(q.update_viewer(viewer.id, status=ViewerStatus.LAPSED.value, lapsed_at=now,
                                              updated_at=now))
                audit.record(store, SYSTEM, "viewer.lapsed", "viewer_account", viewer.id, now,
                             {"client_id": viewer.client_id, "paid": current is not None and current.paid_on
                              is not None, "renewed": renewal is not None})
        if moved:
            done.append("lapsed")
            # The destruction is the exit's, under the rule viewer_lapsed; a client-scope hold
            # makes it wait like any other exit.
            with deps.store.connect() as store:
                row = store.execute(q.exit_by_id(viewer.exit_id)).one()
            destroyed = _destroy_or_hold(ctx, row)
            if destroyed:
                done.append(destroyed)
    return done


def _destroy_or_hold(ctx: JobContext, row: Any) -> str | None:
    with ctx.deps.store.begin() as store:
        if client_hold(store, row.client_id):
            moved = store.execute(q.update_exit_if(row.id, ExitStatus.DESTROYING, status=ExitStatus.ON_HOLD.value,
                                                   waiting_reason="legal_hold_on_client", updated_at=ctx.now)).rowcount
            if moved:
                audit.record(store, SYSTEM, "exit.waiting_for_hold", "exit", row.id, ctx.now,
                             {"client_id": row.client_id})
            return "on_hold"
    return _destroy(ctx, row.id)


def drop_closed_exports(ctx: JobContext) -> int:
    """Exports of cancelled or destroyed exits whose deletion failed earlier."""
    with ctx.deps.store.connect() as store:
        rows = list(store.execute(q.closed_exports()))
    for exit_id, blob in rows:
        export.drop_export(ctx.deps, exit_id, blob)
    return len(rows)
