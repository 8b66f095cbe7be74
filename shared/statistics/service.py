"""The statistics route: a year's figures, each one set-based query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.deps import Deps
from shared.dsar.status import DSAR_GROUPS
from shared.nl import AMSTERDAM
from shared.statistics import queries as q


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The Dutch calendar year, as aware timestamps."""
    return datetime(year, 1, 1, tzinfo=AMSTERDAM), datetime(year + 1, 1, 1, tzinfo=AMSTERDAM)


def _n(value: Any) -> int:
    return int(value or 0)


def for_year(deps: Deps, year: int) -> dict[str, Any]:
    start, end = year_bounds(year)
    with deps.store.connect() as conn:
        totals = conn.execute(q.request_totals(start, end, sorted(s.value for s in DSAR_GROUPS.open))).one()
        by_month = conn.execute(q.requests_by_month(start, end)).all()
        answered = conn.execute(q.answered_by_month(start, end)).all()
        breaches = conn.execute(q.breaches_by_severity(start, end)).all()
        sweeps = conn.execute(q.sweep_removals(start, end)).all()
        complaints = conn.execute(q.complaint_totals(start, end)).one()
        dpias = conn.execute(q.dpia_totals(end)).one()
    return {
        "year": year,
        "requests": {"received": _n(totals.received), "open": _n(totals.open), "closed": _n(totals.closed),
                     "on_time": _n(totals.on_time), "late": _n(totals.closed) - _n(totals.on_time)},
        "requests_by_month": [{"month": int(m.month), "type": m.type, "received": _n(m.received)} for m in by_month],
        "answered_by_month": [{"month": int(a.month), "closed": _n(a.closed), "on_time": _n(a.on_time)}
                              for a in answered],
        "breaches": [{"severity": b.severity, "authority_notified": bool(b.authority_notified), "count": _n(b.count)}
                     for b in breaches],
        "sweep_removals": [{"policy": s.policy, "action": s.action, "rows": _n(s.rows)} for s in sweeps],
        "complaints": {"received": _n(complaints.received), "closed": _n(complaints.closed),
                       "ap_involved": _n(complaints.ap_involved)},
        "dpias": {"total": _n(dpias.total), "required": _n(dpias.required), "completed": _n(dpias.completed),
                  "prior_consultation": _n(dpias.prior_consultation)},
    }
