"""The breach part of the `deadline_watch` timer (every 15 minutes).

- The 72-hour AP deadline: a warning at 48, 24 and 4 hours left and one when it has passed, for
  open breaches that must be notified (or are not yet assessed: the clock runs regardless) and
  that are not yet notified to the AP.
- Follow-up measures of an evaluation whose due date has passed and that are not done.

Each warning goes out once: what was sent is remembered in the watch marks
(shared/watch_marks.py), in the caller's transaction. The timer's job lease keeps two runs from overlapping.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared import telemetry, watch_marks
from shared.alerts import Alert
from shared.breaches import queries as q
from shared.breaches.rules import NEAR_THRESHOLDS_HOURS, OVERDUE_KEY, deadline_alert
from shared.breaches.status import BREACH_GROUPS
from shared.deadlines import receipt_day

HORIZON = timedelta(hours=max(NEAR_THRESHOLDS_HOURS))
KIND = "breach"


def measure_mark(measure_id: str) -> str:
    return f"measure:{measure_id}"


def watch_breaches(conn: Connection, now: datetime) -> dict[str, int]:
    counts = {"checked": 0, "deadline_near": 0, "deadline_overdue": 0, "measures_overdue": 0}
    candidates = conn.execute(q.breaches_near_deadline(now + HORIZON, BREACH_GROUPS.open)).all()
    measures = conn.execute(q.overdue_measures(receipt_day(now))).all()
    counts["checked"] = len(candidates)

    sent = watch_marks.sent(conn, KIND, {b.id for b in candidates} | {m.breach_id for m in measures})
    new_marks: list[tuple[str, str]] = []
    events: list[tuple[Alert, dict[str, Any]]] = []
    for b in candidates:
        alert = deadline_alert(b.authority_due_at, now, sent[b.id])
        if alert is None:
            continue
        new_marks += [(b.id, m) for m in sorted(alert.marks - sent[b.id])]
        if alert.key == OVERDUE_KEY:
            counts["deadline_overdue"] += 1
            events.append((Alert.BREACH_DEADLINE_OVERDUE,
                           {"breach_id": b.id, "hours_over": -alert.hours_left}))
        else:
            counts["deadline_near"] += 1
            events.append((Alert.BREACH_DEADLINE_NEAR,
                           {"breach_id": b.id, "threshold": alert.key, "hours_left": alert.hours_left}))
    for m in measures:
        mark = measure_mark(m.id)
        if mark in sent[m.breach_id]:
            continue
        new_marks.append((m.breach_id, mark))
        counts["measures_overdue"] += 1
        events.append((Alert.BREACH_MEASURE_OVERDUE,
                       {"breach_id": m.breach_id, "measure_id": m.id, "due_date": m.due_date.isoformat()}))

    watch_marks.record(conn, KIND, new_marks, now)
    for event, props in events:
        telemetry.emit(event, **props)
    return counts
