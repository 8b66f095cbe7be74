"""The nightly data-map check (`datamap_check`): the active map against the platform database.
A finding emits Privacy.DataMapDrift with counts and table/column names (schema, not personal data);
the run record keeps the findings and the coverage that health and the register report."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, select

from shared import telemetry
from shared.alerts import Alert
from shared.deps import Deps

JOB = "datamap_check"
SHOWN = 50  # findings kept in the run record; the count is always complete


def run_check(deps: Deps) -> dict[str, Any]:
    from shared.datamap.loader import active_map
    from shared.datamap.survey import check

    data_map = active_map()
    result = check(data_map, deps.platform, deps.clock.now().date())
    kinds = Counter(f.kind for f in result.findings)
    evidence = {"map": data_map.source.rsplit("/", 1)[-1], "ok": result.ok, "coverage": result.coverage,
                "findings": len(result.findings), "by_kind": dict(kinds),
                "shown": [f.text() for f in result.findings[:SHOWN]]}
    if result.findings:
        telemetry.emit(Alert.DATA_MAP_DRIFT, findings=len(result.findings),
                       kinds=",".join(sorted(kinds)), first=result.findings[0].text())
    return evidence


def last_check(conn: Connection) -> dict[str, Any] | None:
    """The coverage and findings of the last completed check, for health and the register."""
    from shared.jobs import job_runs

    r = conn.execute(select(job_runs.c.finished_at, job_runs.c.evidence)
                     .where(job_runs.c.job == JOB, job_runs.c.status == "succeeded")
                     .order_by(job_runs.c.finished_at.desc()).limit(1)).first()
    if r is None or not r.evidence:
        return None
    ev = r.evidence
    return {"checked_at": r.finished_at, "ok": ev.get("ok"), "findings": ev.get("findings"),
            "coverage": ev.get("coverage")}
