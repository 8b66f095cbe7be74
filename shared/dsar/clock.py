"""The one-month clock of a request and its pauses (Art. 12(3), 12(6)): a recorded doubt stops it
until the information asked for arrives; the stored due dates then move by the days waited.

Reads and changes in the caller's store transaction. The date arithmetic is shared/deadlines.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from shared.deadlines import dsar_deadlines, extended_due_date, pause_days, paused_so_far
from shared.dsar.tables import dsar_doubts

D = dsar_doubts.c


def doubts(store: Connection, request_id: str) -> list[Any]:
    return list(store.execute(select(dsar_doubts).where(D.request_id == request_id).order_by(D.raised_at)))


def open_doubt(store: Connection, request_id: str) -> Any | None:
    return store.execute(select(dsar_doubts).where(D.request_id == request_id, D.answered_at.is_(None))).first()


def dates_after(row: Any, extra_days: int) -> dict[str, Any]:
    """The request's due dates with `extra_days` more of pause (on top of the pauses already in them)."""
    paused = paused_so_far(row.target_date, row.received_at) + extra_days
    dates = dsar_deadlines(row.received_at, paused_days=paused)
    out: dict[str, Any] = {"target_date": dates.target_date, "due_date": dates.due_date}
    if row.extended_due_date is not None:
        out["extended_due_date"] = extended_due_date(row.received_at, paused_days=paused)
    return out


def end_pause(store: Connection, row: Any, by: str, at: datetime) -> dict[str, Any]:
    """Close the open doubt (the information arrived at `at`): the request's new due dates, or {}."""
    doubt = open_doubt(store, row.id)
    if doubt is None:
        return {}
    days = pause_days(doubt.raised_at, at)
    store.execute(update(dsar_doubts).where(D.id == doubt.id, D.answered_at.is_(None))
                  .values(answered_at=at, answered_by=by[:64], paused_days=days))
    return dates_after(row, days)


def state(store: Connection, row: Any, now: datetime) -> dict[str, Any]:
    """The clock as GET /dsar/{id} shows it; while paused, the due dates as if the answer came today."""
    found = doubts(store, row.id)
    running = next((d for d in found if d.answered_at is None), None)
    out = {"paused": running is not None, "paused_since": running.raised_at if running else None,
           "paused_days": paused_so_far(row.target_date, row.received_at),
           "doubts": [{"id": d.id, "reason": d.reason, "missing": d.missing, "raised_at": d.raised_at,
                       "raised_by": d.raised_by, "basis": d.basis, "answered_at": d.answered_at,
                       "paused_days": d.paused_days} for d in found]}
    dates = dates_after(row, pause_days(running.raised_at, now)) if running else {}
    return {"clock": out, **dates}
