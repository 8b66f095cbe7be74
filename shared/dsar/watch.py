"""The DSAR part of the `deadline_watch` timer (called by functions/deadlines.py).

- Alert.DSAR_DEADLINE_NEAR at 7 and at 2 days before the due date (the extended one when
  extended), Alert.DSAR_OVERDUE once overdue: each once per request, threshold and due date
  (shared/watch_marks.py remembers them, so a second run or a double-fired timer sends nothing
  new; an extension re-arms the thresholds for the new date). When a run finds a request past several
  thresholds at once, only the most urgent is sent and the others are marked as passed.
- Requests still unverified after `settings.dsar_unverified_close_days` are closed, with a
  Dutch letter to the subject.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared import audit, letters, telemetry, watch_marks
from shared.alerts import Alert
from shared.audit import SYSTEM
from shared.dsar import queries as q
from shared.dsar import rules, texts
from shared.dsar.status import Status

ALERT_OF = {"7d": Alert.DSAR_DEADLINE_NEAR, "2d": Alert.DSAR_DEADLINE_NEAR, "overdue": Alert.DSAR_OVERDUE}
KIND = "dsar"


def mark(threshold: str, due: date) -> str:
    """A threshold is sent once per due date: an extension re-arms it."""
    return f"{threshold}@{due.isoformat()}"


def watch_requests(conn: Connection, now: datetime, *, close_after_days: int) -> dict[str, Any]:
    """Run on the store connection, in the caller's transaction. Returns counts (no personal data).
    The trigger passes the setting (`dsar_unverified_close_days`)."""
    closed = close_unverified(conn, now, close_after_days)
    sent = {"near": 0, "overdue": 0}
    due_now = []
    for row in conn.execute(q.watched()).all():
        due = rules.current_due(row.due_date, row.extended_due_date)
        threshold = rules.alert_threshold(due, now)
        if threshold is not None:
            due_now.append((row, due, threshold))
    done = watch_marks.sent(conn, KIND, [row.id for row, _, _ in due_now])
    for row, due, threshold in due_now:
        if mark(threshold, due) in done[row.id]:
            continue
        watch_marks.record(conn, KIND, [(row.id, mark(t, due)) for t in rules.THRESHOLDS_UP_TO[threshold]
                                        if mark(t, due) not in done[row.id]], now)
        telemetry.emit(ALERT_OF[threshold], request_id=row.id, threshold=threshold, due_date=due.isoformat(),
                       deadline_owner="controller" if row.client_id else "incassotool")
        sent["overdue" if threshold == "overdue" else "near"] += 1
    return {**sent, "closed_unverified": closed}


def close_unverified(conn: Connection, now: datetime, days: int) -> int:
    closed = 0
    for row in conn.execute(q.unverified_since(now - timedelta(days=days))).all():
        done = conn.execute(q.set_fields(row.id, {"status": Status.CLOSED_UNVERIFIED.value, "closed_at": now,
                                                  "updated_at": now}, expected_status=row.status))
        if done.rowcount != 1:
            continue  # changed meanwhile (verified just now): leave it
        audit.record(conn, SYSTEM, "dsar.closed_unverified", "dsar", row.id, now, {"after_days": days})
        line, body = texts.closed_unverified(row.type, row.subject_name, row.id[:8], days)
        letters.queue(conn, at=now, recipient_kind="subject", recipient=row.subject_email,
                      topic="dsar.closed_unverified", related_type="dsar", related_id=row.id,
                      subject_line=line, body=body)
        closed += 1
    return closed
