"""Benchmark databases: the demo-data platform at a chosen scale, on SQLite or PostgreSQL, built
once per scale and copied for each measured run (a file copy, or CREATE DATABASE ... TEMPLATE).

Each measured side runs in a fresh process (`child`), so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".data" / "bench"
PG_ENV = "PRIVACY_TEST_POSTGRES_URL"
ROWS_PER_SUBJECT = 14.4  # the demo data's platform rows per debtor (measured: 961k rows at 66,666 debtors)


def backends() -> list[str]:
    """SQLite always; PostgreSQL too when PRIVACY_TEST_POSTGRES_URL is set."""
    return ["sqlite", "postgres"] if os.environ.get(PG_ENV) else ["sqlite"]


def scale_arg(argv: list[str], default: int = 1_000_000) -> int:
    """`--scale N` (platform rows, e.g. 1000000, 100k or 10M)."""
    if "--scale" not in argv:
        return default
    raw = argv[argv.index("--scale") + 1].upper().replace("_", "")
    factor = {"K": 1_000, "M": 1_000_000}.get(raw[-1:], 0)
    return int(float(raw[:-1]) * factor) if factor else int(raw)


def _fingerprint() -> str:
    """The generator's source, every table's DDL and the sizing: a cached base is rebuilt when they change."""
    from sqlalchemy.schema import CreateTable

    import shared.tables  # noqa: F401 - every table
    from shared.db.metadata import platform_metadata, store_metadata

    h = hashlib.sha256()
    for path in sorted((ROOT / "devtools" / "demo_data").glob("*.py")):
        h.update(path.read_bytes())
    for md in (store_metadata, platform_metadata):
        for t in md.sorted_tables:
            h.update(str(CreateTable(t)).encode())
    h.update(str(ROWS_PER_SUBJECT).encode())
    return h.hexdigest()[:10]


def _pg_admin() -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    return create_engine(make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg"),
                         isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(os.environ[PG_ENV]).set(database=name).render_as_string(hide_password=False)


def _pg_exists(admin: Any, name: str) -> bool:
    from sqlalchemy import text

    with admin.connect() as conn:
        return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None


def _pg_drop(admin: Any, name: str) -> None:
    from sqlalchemy import text

    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class World:
    backend: str
    rows: int  # platform rows asked for
    base_url: str
    summary: dict[str, Any]

    def copy(self, label: str) -> Any:
        """A fresh copy of the base database for one measured run; dropped afterwards."""
        return self._scratch(label, copy=True)

    def empty(self, label: str) -> Any:
        """A fresh empty database of the same kind (a restore's target); dropped afterwards."""
        return self._scratch(f"empty_{label}", copy=False)

    @contextmanager
    def _scratch(self, label: str, *, copy: bool) -> Iterator[str]:
        if self.backend == "sqlite":
            base = Path(self.base_url.removeprefix("sqlite:///"))
            target = base.with_name(f"{base.stem}-{label}.sqlite")
            if copy:  # with the WAL file, if one is left: it may still hold committed rows
                for suffix in ("", "-wal"):
                    if Path(f"{base}{suffix}").exists():
                        shutil.copy(f"{base}{suffix}", f"{target}{suffix}")
            try:
                yield f"sqlite:///{target}"
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
            return
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        admin, base_name = _pg_admin(), make_url(self.base_url).database
        name = f"{base_name}_{label}"
        _pg_drop(admin, name)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{base_name}"' if copy else "")))
        try:
            yield _pg_url(name)
        finally:
            _pg_drop(admin, name)
            admin.dispose()


def world(backend: str, rows: int, prepare: Callable[[str], None] | None = None, tag: str = "") -> World:
    """The base database with about `rows` platform rows (built once per scale and source; then
    `prepare(url)` adds what a benchmark needs, such as holds)."""
    key = f"{backend}-{rows}-{tag}{_fingerprint()}"
    CACHE.mkdir(parents=True, exist_ok=True)
    meta = CACHE / f"{key}.json"
    if backend == "sqlite":
        url = f"sqlite:///{CACHE / f'{key}.sqlite'}"
        ready = meta.exists() and (CACHE / f"{key}.sqlite").exists()
    else:
        name = f"bench_{key.replace('-', '_')}"
        url, admin = _pg_url(name), _pg_admin()
        ready = meta.exists() and _pg_exists(admin, name)
        if not ready:
            _pg_drop(admin, name)
            from sqlalchemy import text

            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    if not ready:
        if backend == "sqlite":
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        started = time.perf_counter()
        summary = child("bench.worlds", "build", url, str(rows))
        if prepare:
            prepare(url)
        summary["build_seconds"] = round(time.perf_counter() - started, 1)
        meta.write_text(json.dumps(summary))
    return World(backend, rows, url, json.loads(meta.read_text()))


def derived(base: World, tag: str, prepare: Callable[[str], None]) -> World:
    """A cached copy of `base` that `prepare(url)` has added to: one demo-data build serves several
    benchmarks (at 10M rows a build takes far longer than a copy)."""
    key = f"{Path(base.base_url).stem if base.backend == 'sqlite' else base.base_url.rsplit('/', 1)[-1]}-{tag}"
    meta = CACHE / f"{key}.json"
    if base.backend == "sqlite":
        url = f"sqlite:///{CACHE / f'{key}.sqlite'}"
        ready = meta.exists() and (CACHE / f"{key}.sqlite").exists()
    else:
        name = key.replace("-", "_")
        url, admin = _pg_url(name), _pg_admin()
        ready = meta.exists() and _pg_exists(admin, name)
        admin.dispose()
    if not ready:
        started = time.perf_counter()
        with base.copy(f"{tag}_build") as scratch:  # renamed to the derived base once prepared
            prepare(scratch)
            _keep(base.backend, scratch, url)
        meta.write_text(json.dumps({**base.summary, "build_seconds": round(time.perf_counter() - started, 1)}))
    return World(base.backend, base.rows, url, json.loads(meta.read_text()))


def _keep(backend: str, scratch: str, url: str) -> None:
    """Move a scratch copy to `url`, so the scratch's clean-up finds nothing to drop."""
    if backend == "sqlite":
        for suffix in ("", "-wal"):
            source = Path(f"{scratch.removeprefix('sqlite:///')}{suffix}")
            if source.exists():
                source.replace(f"{url.removeprefix('sqlite:///')}{suffix}")
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin = _pg_admin()
    _pg_drop(admin, str(make_url(url).database))
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{make_url(scratch).database}" RENAME TO "{make_url(url).database}"'))
    admin.dispose()


def build(url: str, rows: int) -> dict[str, Any]:
    """Both schemas and the demo data (bounded memory: the generator writes in batches)."""
    import shared.tables  # noqa: F401 - every table
    from devtools.demo_data import generate
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata, store_metadata

    engine = build_engine(url)
    platform_metadata.create_all(engine)
    store_metadata.create_all(engine)
    started = time.perf_counter()
    out = generate(engine, subjects=max(2, int(rows / ROWS_PER_SUBJECT)), seed=19)
    counts = out["counts"]
    engine.dispose()
    return {"counts": counts, "platform_rows": sum(counts.values()), "seconds": time.perf_counter() - started}


def child(module: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -m module args` in a fresh process; its last stdout line is a JSON result."""
    proc = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{module} {args[0]} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def report(result: dict[str, Any]) -> None:
    """A child's answer: its result with its own peak memory."""
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, default=str))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


if __name__ == "__main__":
    if sys.argv[1] == "build":
        report(build(sys.argv[2], int(sys.argv[3])))
