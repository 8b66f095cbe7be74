"""A watch on the adapters: every Blob and secrets call notes who made it while a database
connection was checked out of a pool. An outage of storage or Key Vault must not pin the pool
(azure-core's retries would hold the connection; other requests would find the pool dry)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ("shared/storage.py", "shared/secrets.py")


class PoolWatch:
    """Wraps deps.blobs and deps.secrets; `held` lists each call made while the calling thread had
    a connection out (the erasure runner deletes files in a thread of their own while the next
    batch erases: that batch's connection is not pinned by the storage call)."""

    def __init__(self, engines: list[Engine]):
        self.engines = list({id(e): e for e in engines}.values())
        self.held: list[str] = []
        self.calls = 0
        self.owners: dict[int, int] = {}  # connection record -> the thread that checked it out
        for engine in self.engines:
            event.listen(engine, "checkout", self._checkout)
            event.listen(engine, "checkin", self._checkin)

    def _checkout(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        self.owners[id(record)] = threading.get_ident()

    def _checkin(self, _dbapi: Any, record: Any) -> None:
        self.owners.pop(id(record), None)

    def checked_out(self) -> int:
        me = threading.get_ident()
        return sum(1 for owner in list(self.owners.values()) if owner == me)

    def note(self, what: str) -> None:
        self.calls += 1
        if self.checked_out():
            self.held.append(f"{what} from {_caller()}")

    def wrap(self, inner: Any, kind: str) -> Any:
        return _Watched(inner, kind, self)


def _caller() -> str:
    """The suite's frame nearest to the adapter call (file:line function)."""
    for frame in reversed(traceback.extract_stack()[:-3]):
        rel = Path(frame.filename).resolve()
        if rel.is_relative_to(ROOT / "shared") and not str(rel).endswith(ADAPTERS):
            return f"{rel.relative_to(ROOT)}:{frame.lineno} {frame.name}"
    return "?"


class _Watched:
    def __init__(self, inner: Any, kind: str, watch: PoolWatch):
        self._inner, self._kind, self._watch = inner, kind, watch

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr) or name.startswith("_"):
            return attr
        watch, what = self._watch, f"{self._kind}.{name}"

        def called(*args: Any, **kwargs: Any) -> Any:
            watch.note(what)
            result = attr(*args, **kwargs)
            return _chunks(result, watch, what) if isinstance(result, Iterator) else result

        return called


def _chunks(inner: Iterator[Any], watch: PoolWatch, what: str) -> Iterator[Any]:
    """A streamed download: each chunk is a storage round trip too."""
    for chunk in inner:
        watch.note(what + " (chunk)")
        yield chunk
