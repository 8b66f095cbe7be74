"""Runs one timer function once, in the foreground (`privacy run <function_name>`)."""

from __future__ import annotations

from typing import Any

from devtools.app_index import index
from devtools.progress import Progress
from shared.errors import ConfigError


def timer_bodies() -> dict[str, Any]:
    from function_app import app

    out = {}
    for f in index(app):
        job = getattr(f.fn, "__privacy_job__", None)
        if job is not None:
            out[f.name] = job
    return out


def run_function(name: str, progress: Progress | None = None) -> dict[str, Any]:
    from shared.deps import get_deps
    from shared.jobs import JobStopped, run_job

    bodies = timer_bodies()
    if name not in bodies:
        raise ConfigError(f"No timer function {name!r}; there are: {', '.join(sorted(bodies))}")
    body, alert = bodies[name]
    try:
        return run_job(get_deps(), name, body, alert, progress=progress)
    except JobStopped as exc:  # a clear reason (e.g. storage unreachable), recorded and alerted
        return {"job": name, "status": "failed", "error": str(exc)}
    except Exception as exc:
        return {"job": name, "status": "failed", "error": type(exc).__name__}
