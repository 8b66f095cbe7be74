"""Set-based statistics: each figure is one GROUP BY over the store, never rows in Python.

Years, months and days are Amsterdam's, as the FG reads them: the store keeps UTC, so a month is
a CASE over its first instants (computed here with the time zone), and a day is the UTC day of the
timestamp shifted by the offset of that moment (CET +1, CEST +2 within the year's summer time).
A CASE with bound values cannot be grouped by on PostgreSQL, so the months are grouped over a
subquery. One GROUP BY a figure still; no rows go to Python.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, Select, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from shared.breaches.tables import breach_assessments, breaches
from shared.complaints.tables import complaints
from shared.dpia.tables import dpias
from shared.dsar.tables import dsar_requests as r
from shared.ledger import erasure_ledger
from shared.nl import AMSTERDAM


class _shifted_day(FunctionElement[Any]):
    """The UTC calendar day of a UtcDateTime column moved by a whole number of hours."""

    type = Date()
    inherit_cache = False  # `hours` is not part of a cache key

    def __init__(self, col: Any, hours: int) -> None:
        self.hours = int(hours)
        super().__init__(col)


@compiles(_shifted_day)
def _shifted_default(element: Any, compiler: Any, **kw: Any) -> str:  # SQL Server
    return f"CAST(DATEADD(hour, {element.hours}, {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(_shifted_day, "sqlite")
def _shifted_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '{element.hours:+d} hours')"


@compiles(_shifted_day, "postgresql")
def _shifted_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    return (f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' "
            f"+ INTERVAL '{element.hours} hours' AS DATE)")


def summer_time(year: int) -> tuple[datetime, datetime]:
    """When CEST begins and ends in `year` (EU rule: the last Sundays of March and October, 01:00 UTC)."""
    def last_sunday(month: int) -> date:
        end = date(year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    begins, ends = last_sunday(3), last_sunday(10)
    return datetime(year, 3, begins.day, 1, tzinfo=UTC), datetime(year, 10, ends.day, 1, tzinfo=UTC)


def amsterdam_day(col: Any, year: int) -> Any:
    """The Amsterdam calendar day of a timestamp within the Dutch `year`."""
    begins, ends = summer_time(year)
    return case((and_(col >= begins, col < ends), _shifted_day(col, 2)), else_=_shifted_day(col, 1))


def amsterdam_month(col: Any, year: int) -> Any:
    """The Amsterdam month (1-12) of a timestamp within the Dutch `year`."""
    return case(*[(col < datetime(year, m + 1, 1, tzinfo=AMSTERDAM), m) for m in range(1, 12)], else_=12)


def _within(col: Any, start: datetime, end: datetime) -> Any:
    return and_(col >= start, col < end)


def requests_by_month(start: datetime, end: datetime) -> Select[Any]:
    rows = (select(amsterdam_month(r.c.received_at, start.year).label("month"), r.c.type)
            .where(_within(r.c.received_at, start, end)).subquery())
    return (select(rows.c.month, rows.c.type, func.count().label("received"))
            .group_by(rows.c.month, rows.c.type).order_by(rows.c.month, rows.c.type))


def _on_time(year: int) -> Any:
    """Closed on or before the (extended) due date, by the Amsterdam day of closing."""
    return amsterdam_day(r.c.closed_at, year) <= func.coalesce(r.c.extended_due_date, r.c.due_date)


def answered_by_month(start: datetime, end: datetime) -> Select[Any]:
    rows = (select(amsterdam_month(r.c.closed_at, start.year).label("month"),
                   case((_on_time(start.year), 1), else_=0).label("on_time"))
            .where(_within(r.c.closed_at, start, end)).subquery())
    return (select(rows.c.month, func.count().label("closed"), func.sum(rows.c.on_time).label("on_time"))
            .group_by(rows.c.month).order_by(rows.c.month))


def request_totals(start: datetime, end: datetime, open_statuses: list[str]) -> Select[Any]:
    received = _within(r.c.received_at, start, end)
    closed = _within(r.c.closed_at, start, end)
    return select(
        func.sum(case((received, 1), else_=0)).label("received"),
        func.sum(case((and_(r.c.status.in_(open_statuses), r.c.received_at < end), 1), else_=0)).label("open"),
        func.sum(case((closed, 1), else_=0)).label("closed"),
        func.sum(case((and_(closed, _on_time(start.year)), 1), else_=0)).label("on_time"),
    )


def breaches_by_severity(start: datetime, end: datetime) -> Select[Any]:
    latest = (select(breach_assessments.c.breach_id, func.max(breach_assessments.c.seq).label("seq"))
              .group_by(breach_assessments.c.breach_id).subquery())
    current = (select(breach_assessments.c.breach_id, breach_assessments.c.severity)
               .join(latest, and_(latest.c.breach_id == breach_assessments.c.breach_id,
                                  latest.c.seq == breach_assessments.c.seq)).subquery())
    notified = case((breaches.c.authority_notified_at.isnot(None), True), else_=False).cast(Boolean)
    return (select(current.c.severity, notified.label("authority_notified"), func.count().label("count"))
            .select_from(breaches.outerjoin(current, current.c.breach_id == breaches.c.id))
            .where(_within(breaches.c.became_aware_at, start, end))
            .group_by(current.c.severity, notified).order_by(current.c.severity))


def sweep_removals(start: datetime, end: datetime) -> Select[Any]:
    led = erasure_ledger
    return (select(led.c.rule.label("policy"), led.c.action, func.sum(led.c.row_count).label("rows"))
            .where(led.c.source == "retention", _within(led.c.at, start, end))
            .group_by(led.c.rule, led.c.action).order_by(led.c.rule, led.c.action))


def complaint_totals(start: datetime, end: datetime) -> Select[Any]:
    c = complaints.c
    received = _within(c.received_at, start, end)
    return select(
        func.sum(case((received, 1), else_=0)).label("received"),
        func.sum(case((_within(c.closed_at, start, end), 1), else_=0)).label("closed"),
        func.sum(case((and_(received, c.ap_involved.is_(True)), 1), else_=0)).label("ap_involved"),
    )


def dpia_totals(end: datetime) -> Select[Any]:
    d = dpias.c
    return select(
        func.count().label("total"),
        func.sum(case((d.required.is_(True), 1), else_=0)).label("required"),
        func.sum(case((d.outcome.isnot(None), 1), else_=0)).label("completed"),
        func.sum(case((d.outcome == "prior_consultation", 1), else_=0)).label("prior_consultation"),
    ).where(d.created_at < end)


