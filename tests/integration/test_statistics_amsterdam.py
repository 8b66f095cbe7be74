"""The statistics count Amsterdam's months and days, as the FG reads the jaarverslag: a request that
comes in half an hour after midnight on 1 February (still 31 January in UTC) is February's, and one
answered half an hour after midnight after its due date (still the due date in UTC) is late."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from shared.dsar.tables import dsar_requests
from shared.nl import AMSTERDAM
from shared.statistics.queries import summer_time

STAFF = {"role": "Privacy.Staff"}
SECOND = timedelta(seconds=1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def request(received: datetime, *, due: date = date(2026, 12, 31), closed: datetime | None = None) -> dict:
    return {"id": str(uuid.uuid4()), "type": "access", "status": "completed" if closed else "received",
            "subject_email": f"{uuid.uuid4().hex[:8]}@example.nl", "client_id": None, "deadline_owner": "incassotool",
            "channel": "email", "received_at": received, "target_date": due, "due_date": due, "closed_at": closed,
            "created_at": received, "created_by": "test", "created_role": "Privacy.Staff", "updated_at": received}


ROWS = [
    request(utc(2026, 1, 31, 22, 30)),  # 23:30 on 31 January (CET): January
    request(utc(2026, 1, 31, 23, 30)),  # 00:30 on 1 February: February (UTC says January)
    request(utc(2026, 4, 30, 22, 30)),  # 00:30 on 1 May (CEST): May (UTC says April)
    request(utc(2025, 12, 31, 23, 30)),  # 00:30 on New Year's Day: 2026's January (UTC says 2025)
    request(utc(2026, 12, 31, 23, 30)),  # 00:30 on 1 January 2027: not 2026's
    # due 30 June: closed at 23:30 CEST that day is on time; at 00:30 on 1 July (UTC: 30 June) late
    request(utc(2026, 6, 1, 10), due=date(2026, 6, 30), closed=utc(2026, 6, 30, 21, 30)),
    request(utc(2026, 6, 1, 10), due=date(2026, 6, 30), closed=utc(2026, 6, 30, 22, 30)),
    # due 31 January: closed at 23:59 CET that day is on time (winter time: one hour, not two)
    request(utc(2026, 1, 10, 10), due=date(2026, 1, 31), closed=utc(2026, 1, 31, 22, 59)),
]


def test_months_and_days_are_amsterdams(client, deps):
    with deps.store.begin() as conn:
        conn.execute(insert(dsar_requests), ROWS)
    s = client.get("statistics", params={"year": 2026}, **STAFF).json()
    assert {(m["month"], m["received"]) for m in s["requests_by_month"]} == {(1, 3), (2, 1), (5, 1), (6, 2)}
    assert s["answered_by_month"] == [{"month": 1, "closed": 1, "on_time": 1}, {"month": 6, "closed": 1, "on_time": 1},
                                      {"month": 7, "closed": 1, "on_time": 0}]
    assert s["requests"] == {"received": 7, "open": 4, "closed": 3, "on_time": 2, "late": 1}
    later = client.get("statistics", params={"year": 2027}, **STAFF).json()
    assert later["requests_by_month"] == [{"month": 1, "type": "access", "received": 1}]


def test_summer_time_begins_and_ends_when_the_time_zone_database_says():
    def offset(moment: datetime) -> timedelta | None:
        return moment.astimezone(AMSTERDAM).utcoffset()

    for year in (2024, 2025, 2026, 2027, 2031):
        begins, ends = summer_time(year)
        assert (offset(begins - SECOND), offset(begins)) == (timedelta(hours=1), timedelta(hours=2))
        assert (offset(ends - SECOND), offset(ends)) == (timedelta(hours=2), timedelta(hours=1))
