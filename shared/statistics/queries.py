"""Set-based statistics: each figure is one GROUP BY over the store, never rows in Python.

Months and days are taken in UTC (the store's time); a request received in the first hour of
1 January Amsterdam time counts in December's month column but in the right year.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Date, Select, and_, case, extract, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from shared.breaches.tables import breach_assessments, breaches
from shared.complaints.tables import complaints
from shared.dpia.tables import dpias
from shared.dsar.tables import dsar_requests as r
from shared.ledger import erasure_ledger


class utc_day(FunctionElement[Any]):
    """The UTC calendar day of a UtcDateTime column, comparable with a Date column."""

    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _day_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(utc_day, "sqlite")
def _day_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _day_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


def _within(col: Any, start: datetime, end: datetime) -> Any:
    return and_(col >= start, col < end)


def requests_by_month(start: datetime, end: datetime) -> Select[Any]:
    month = extract("month", r.c.received_at)
    return (select(month.label("month"), r.c.type, func.count().label("received"))
            .where(_within(r.c.received_at, start, end)).group_by(month, r.c.type).order_by(month, r.c.type))


def _on_time() -> Any:
    return utc_day(r.c.closed_at) <= func.coalesce(r.c.extended_due_date, r.c.due_date)


def answered_by_month(start: datetime, end: datetime) -> Select[Any]:
    month = extract("month", r.c.closed_at)
    return (select(month.label("month"), func.count().label("closed"),
                   func.sum(case((_on_time(), 1), else_=0)).label("on_time"))
            .where(_within(r.c.closed_at, start, end)).group_by(month).order_by(month))


def request_totals(start: datetime, end: datetime, open_statuses: list[str]) -> Select[Any]:
    received = _within(r.c.received_at, start, end)
    closed = _within(r.c.closed_at, start, end)
    return select(
        func.sum(case((received, 1), else_=0)).label("received"),
        func.sum(case((and_(r.c.status.in_(open_statuses), r.c.received_at < end), 1), else_=0)).label("open"),
        func.sum(case((closed, 1), else_=0)).label("closed"),
        func.sum(case((and_(closed, _on_time()), 1), else_=0)).label("on_time"),
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


