"""Index the function app as the Azure Functions Python worker does, once per process.

The worker calls `app.get_functions()` exactly once and then works from each function's raw
bindings (the JSON it sends to the host: trigger type, route, methods, schedule). azure-functions
refuses a second `get_functions()` on the same app, so nothing in the app may call it: the
OpenAPI document reads the `@api` registry instead (shared/http/api.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndexedFunction:
    name: str
    bindings: tuple[dict[str, Any], ...]  # the raw bindings, parsed
    fn: Callable[..., Any]

    @property
    def trigger(self) -> dict[str, Any]:
        return next(b for b in self.bindings if b.get("direction") == "IN" and b["type"].endswith("Trigger"))


def index(app: Any) -> list[IndexedFunction]:
    """One `get_functions()` per app and process, as the worker; then the raw bindings."""
    indexed = getattr(app, "_privacy_indexed", None)
    if indexed is None:
        indexed = [IndexedFunction(f.get_function_name(), tuple(json.loads(b) for b in f.get_raw_bindings()),
                                   f.get_user_function())
                   for f in app.get_functions()]
        app._privacy_indexed = indexed
    return list(indexed)
