"""The DSAR part of the `deadline_watch` timer (called by functions/deadlines.py).

- Alert.DSAR_DEADLINE_NEAR at 7 and at 2 days before the due date (the extended one when
  extended), Alert.DSAR_OVERDUE once overdue: each once per request, threshold and due date
  (shared/watch_marks.py remembers them, so a second run or a double-fired timer sends nothing
  new; an extension re-arms the thresholds for the new date). When a run finds a request past several
  thresholds at once, only the most urgent is sent and the others are marked as passed.
- Processor mode: the deadline is the controller's, so the client's admins get a Dutch reminder
  with each threshold; the overdue alert tells Incassotool too, so it is never the slow link.
- Nothing closes by itself: a request that waits for verification or for the controller stays
  open until someone decides.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from shared import letters, telemetry, watch_marks
from shared.alerts import Alert
from shared.dsar import queries as q
from shared.dsar import rules, texts

ALERT_OF = {"7d": Alert.DSAR_DEADLINE_NEAR, "2d": Alert.DSAR_DEADLINE_NEAR, "overdue": Alert.DSAR_OVERDUE}
KIND = "dsar"


def mark(threshold: str, due: date) -> str:
    """A threshold is sent once per due date: an extension re-arms it."""
    return f"{threshold}@{due.isoformat()}"


def watch_requests(conn: Connection, now: datetime) -> dict[str, Any]:
    """Run on the store connection, in the caller's transaction. Returns counts (no personal data)."""
    sent = {"near": 0, "overdue": 0, "controller_reminders": 0}
    due_now = []
    for row in conn.execute(q.watched()).all():
        due = rules.current_due(row.due_date, row.extended_due_date)
        threshold = rules.alert_threshold(due, now)
        if threshold is not None:
            due_now.append((row, due, threshold))
    done = watch_marks.sent(conn, KIND, [row.id for row, _, _ in due_now])  # one query, not one per request
    for row, due, threshold in due_now:
        if mark(threshold, due) in done[row.id]:
            continue
        watch_marks.record(conn, KIND, [(row.id, mark(t, due)) for t in rules.THRESHOLDS_UP_TO[threshold]
                                        if mark(t, due) not in done[row.id]], now)
        telemetry.emit(ALERT_OF[threshold], request_id=row.id, threshold=threshold, due_date=due.isoformat(),
                       deadline_owner="controller" if row.client_id else "incassotool")
        sent["overdue" if threshold == "overdue" else "near"] += 1
        if row.client_id is not None:
            line, body = texts.controller_reminder(row.type, row.id[:8], row.status, due, threshold)
            letters.queue(conn, at=now, recipient_kind="client", recipient=str(row.client_id),
                          topic="dsar.controller_reminder", related_type="dsar", related_id=row.id,
                          subject_line=line, body=body)
            sent["controller_reminders"] += 1
    return sent
