"""The breach part of the `deadline_watch` timer (every 15 minutes).

- The 72-hour AP deadline: a warning at 48, 24 and 4 hours left and one when it has passed, for
  open breaches that must be notified (or are not yet assessed: the clock runs regardless) and
  that are not yet notified to the AP.
- Follow-up measures of an evaluation whose due date has passed and that are not done.
- Each affected client's Art. 33(2) notice not yet sent: one alert 4 hours before its own clock
  runs out, one when it has (Alert.BREACH_CLIENT_NOTICE_DUE).

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
CLIENT_NOTICE_WARNING = timedelta(hours=4)
KIND = "breach"


def measure_mark(measure_id: str) -> str:
    return f"measure:{measure_id}"


def watch_breaches(conn: Connection, now: datetime) -> dict[str, int]:
    counts = {"checked": 0, "deadline_near": 0, "deadline_overdue": 0, "measures_overdue": 0}
    candidates = conn.execute(q.breaches_near_deadline(now + HORIZON, BREACH_GROUPS.open)).all()
    measures = conn.execute(q.overdue_measures(receipt_day(now))).all()
    notices = conn.execute(q.client_notices_due(now + CLIENT_NOTICE_WARNING, BREACH_GROUPS.open)).all()
    counts["checked"] = len(candidates)
    counts["client_notices_due"] = 0

    sent = watch_marks.sent(conn, KIND, {b.id for b in candidates} | {m.breach_id for m in measures}
                            | {n.breach_id for n in notices})
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

    for n in notices:
        mark = f"client:{n.client_id}:{'overdue' if n.notice_due_at <= now else 'near'}"
        if mark in sent[n.breach_id]:
            continue
        new_marks.append((n.breach_id, mark))
        counts["client_notices_due"] += 1
        events.append((Alert.BREACH_CLIENT_NOTICE_DUE,
                       {"breach_id": n.breach_id, "client_id": n.client_id, "overdue": n.notice_due_at <= now,
                        "notice_due_at": n.notice_due_at.isoformat()}))

    watch_marks.record(conn, KIND, new_marks, now)
    for event, props in events:
        telemetry.emit(event, **props)
    return counts
