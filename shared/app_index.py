"""The app's indexed functions, built once: azure-functions refuses a second get_functions()
on the same app (it sees every name again as a duplicate), and the worker calls it once too."""

from __future__ import annotations

from typing import Any


def functions_of(app: Any) -> list[Any]:
    cached = getattr(app, "_privacy_indexed", None)
    if cached is None:
        cached = app.get_functions()
        app._privacy_indexed = cached
    return list(cached)
