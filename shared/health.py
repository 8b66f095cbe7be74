"""Health: can the suite reach its store and the platform database?"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shared.deps import Deps
from shared.http.model import ApiModel


class HealthOut(ApiModel):  # the answer of GET /health: the report of `check`
    status: Literal["ok", "degraded"]
    checks: dict[str, str]
    time: datetime


def check(deps: Deps) -> dict[str, Any]:
    checks: dict[str, str] = {}
    for name, engine in (("store", deps.store), ("platform", deps.platform)):
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks[name] = "ok"
        except Exception as exc:  # health reports, it does not fail
            checks[name] = f"unreachable: {type(exc).__name__}"
    report: dict[str, Any] = {"checks": checks, "time": deps.clock.now()}
    if checks["store"] == "ok":
        try:
            report["data_map"] = data_map_status(deps)
        except SQLAlchemyError as exc:  # reachable, but the suite's tables cannot be read (not migrated?)
            checks["store"] = f"unreadable: {type(exc).__name__}"
    report["status"] = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return report


def data_map_status(deps: Deps) -> dict[str, Any]:
    """Which map is in use, and what the last nightly check found (coverage of the live schema)."""
    from shared.datamap.loader import active_map
    from shared.datamap.watch import last_check
    from shared.errors import ConfigError

    try:
        data_map = active_map()
    except ConfigError as exc:
        return {"error": str(exc)}
    with deps.store.connect() as conn:
        last = last_check(conn)
    return {"map": data_map.source.rsplit("/", 1)[-1], "tables": len(data_map.tables),
            "columns": sum(len(t.columns) for t in data_map), "last_check": last}
