"""Health: can the suite reach its store and the platform database?"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from shared.deps import Deps


def check(deps: Deps) -> dict[str, Any]:
    checks: dict[str, str] = {}
    for name, engine in (("store", deps.store), ("platform", deps.platform)):
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks[name] = "ok"
        except Exception as exc:  # health reports, it does not fail
            checks[name] = f"unreachable: {type(exc).__name__}"
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return {"status": status, "checks": checks, "time": deps.clock.now()}
