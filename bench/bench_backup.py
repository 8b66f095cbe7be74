"""Backup snapshot throughput: the `backup_snapshot` path (a logical dump over the driver's cursor,
each row's JSON array written by SQLite itself, JSON lines, zstd level 1, AES-256-GCM frames)
against the raw baseline in the same run: sqlite3's online backup (`Connection.backup`) of the
same database file, then zstd of that file.

Each side runs in a fresh process, so the peak memory (max RSS) of each is its own. The blob
target of `snapshot` is a local-filesystem stand-in for Blob storage; `azurite` runs the same
snapshot into Azurite over HTTP when it is installed (node_modules). `fetch_only` is the floor of
any logical dump: the driver materialising every row. The restore of the snapshot into a fresh
SQLite file (verify pass, load, ledger replay) is timed too.

`python -m bench.bench_backup [rows ...]` (default: 300,000 rows; several sizes show whether
memory stays flat as the database grows).
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

ROWS = (300_000,)
KEY = base64.b64encode(b"b" * 32).decode()
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


# --- the database: realistic platform rows ------------------------------------------------------------

def build(path: Path, rows: int) -> int:
    """~rows rows over debtors, dossiers, payments and letters (2 : 2 : 3 : 3)."""
    import shared.tables  # noqa: F401 - every table
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata, store_metadata

    engine = build_engine(f"sqlite:///{path}")
    platform_metadata.create_all(engine)
    store_metadata.create_all(engine)
    engine.dispose()
    rnd = random.Random(7)
    n_debtors = n_dossiers = rows // 5
    n_payments = n_letters = (rows - n_debtors - n_dossiers) // 2
    con = sqlite3.connect(path)
    con.execute("INSERT INTO clients (id, name, email, status, relationship_started_on, read_only, created_at) "
                "VALUES (1, 'Bakkerij Bench', 'info@bench.nl', 'active', '2020-01-01', 0, '2020-01-01 00:00:00')")
    con.executemany(
        "INSERT INTO debtors (id, client_id, kind, name, email, phone, street, postcode, city, birth_date, iban, "
        "created_at) VALUES (?, 1, 'consumer', ?, ?, ?, ?, ?, ?, ?, ?, '2025-03-01 10:00:00.000000')",
        ((i, f"Debiteur {i} de Vries", f"debiteur{i}@example.nl", f"06{rnd.randrange(10**8):08d}",
          f"Dorpsstraat {i % 300}", f"{1000 + i % 8999}AB", "Utrecht", f"19{50 + i % 50}-0{1 + i % 9}-1{i % 9}",
          f"NL{i % 90 + 10}ABNA0{rnd.randrange(10**9):09d}") for i in range(1, n_debtors + 1)))
    con.executemany(
        "INSERT INTO dossiers (id, client_id, debtor_id, reference, status, principal_amount, invoice_due_date, "
        "opened_on, notes) VALUES (?, 1, ?, ?, 'open', ?, '2026-01-15', '2026-02-01', ?)",
        ((i, i, f"D-{i:08d}", f"{rnd.randrange(10_000, 500_000) / 100:.2f}", "Debiteur belde over een regeling")
         for i in range(1, n_dossiers + 1)))
    con.executemany(
        "INSERT INTO payments (id, dossier_id, amount, paid_on, payer_iban, payer_name) VALUES (?, ?, ?, ?, ?, ?)",
        ((i, 1 + i % n_dossiers, f"{rnd.randrange(500, 50_000) / 100:.2f}", "2026-03-01", "NL02RABO0123456789",
          f"Debiteur {i % n_debtors}") for i in range(1, n_payments + 1)))
    con.executemany(
        "INSERT INTO letters (id, dossier_id, kind, sent_on, channel, addressee, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((i, 1 + i % n_dossiers, "reminder", "2026-02-15", "post", f"Debiteur {i % n_debtors}",
          "Geachte heer/mevrouw, wij verzoeken u het openstaande bedrag binnen 14 dagen te voldoen.")
         for i in range(1, n_letters + 1)))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return 1 + n_debtors + n_dossiers + n_payments + n_letters


# --- a local-filesystem stand-in for BlobStore ---------------------------------------------------------

class LocalBlobs:
    """The BlobStore calls the backups area makes, on a folder."""

    def __init__(self, root: Path):
        self.root = root

    def _path(self, container: str, name: str) -> Path:
        return self.root / container / name

    def upload(self, container: str, name: str, data: bytes | Iterable[bytes], *, overwrite: bool = False,
               **_: object) -> None:
        path = self._path(container, name)
        if path.exists() and not overwrite:
            raise FileExistsError(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            for chunk in ([data] if isinstance(data, bytes) else data):
                f.write(chunk)

    def download(self, container: str, name: str) -> bytes:
        return self._path(container, name).read_bytes()

    def stream(self, container: str, name: str) -> Iterator[bytes]:
        with open(self._path(container, name), "rb") as f:
            while chunk := f.read(4 << 20):
                yield chunk

    def exists(self, container: str, name: str) -> bool:
        return self._path(container, name).exists()

    def delete(self, container: str, name: str) -> bool:
        try:
            self._path(container, name).unlink()
            return True
        except FileNotFoundError:
            return False

    def list(self, container: str, prefix: str | None = None) -> list[str]:
        base = self.root / container
        if not base.exists():
            return []
        names = sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())
        return [n for n in names if not prefix or n.startswith(prefix)]


def deps_for(db: Path, blobs: Path):
    return deps_for_url(f"sqlite:///{db}", blobs)


def deps_for_url(url: str, blobs: Path):
    from shared.clock import fixed_clock
    from shared.config import get_settings, reset_settings
    from shared.db.engines import build_engine
    from shared.deps import Deps

    os.environ.update({"PRIVACY_ENV": "test", "PRIVACY_DATABASE_URL": url,
                       "PRIVACY_SECRET_BACKUP_KEY": KEY, "PRIVACY_SECRET_PSEUDONYM_KEY": KEY,
                       "PRIVACY_SECRET_AUDIT_KEY": KEY})
    reset_settings()
    engine = build_engine(url)
    deps = Deps(get_settings(), fixed_clock(NOW), engine, engine)
    deps.__dict__["blobs"] = LocalBlobs(blobs)
    return deps


# --- the sides, each in its own process ----------------------------------------------------------------

def side_baseline(db: Path, out: Path) -> dict:
    import zstandard

    start = time.perf_counter()
    copy = out / "backup.sqlite"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    dst.close()
    src.close()
    with open(copy, "rb") as fin, open(out / "backup.sqlite.zst", "wb") as fout:
        zstandard.ZstdCompressor(level=3).copy_stream(fin, fout)
    return {"seconds": time.perf_counter() - start, "stored_bytes": (out / "backup.sqlite.zst").stat().st_size}


def side_fetch_only(db: Path, out: Path) -> dict:
    """The floor of any logical dump: the driver only materialises every row (no encoding)."""
    from shared.backups.dump import metadatas

    start, rows = time.perf_counter(), 0
    con = sqlite3.connect(db)
    for md in metadatas().values():
        for t in md.sorted_tables:
            cur = con.execute(f"SELECT * FROM {t.name}")
            while batch := cur.fetchmany(2000):
                rows += len(batch)
    con.close()
    return {"seconds": time.perf_counter() - start, "rows": rows}


def side_snapshot(db: Path, out: Path) -> dict:
    from shared.backups.snapshot import take_snapshot

    deps = deps_for(db, out)
    start = time.perf_counter()
    manifest = take_snapshot(deps)
    return {"seconds": time.perf_counter() - start, "stored_bytes": manifest["totals"]["bytes"],
            "rows": manifest["totals"]["rows"], "id": manifest["id"]}


def side_snapshot_azurite(db: Path, out: Path) -> dict:
    """The same snapshot into Azurite over HTTP (staged block uploads), for comparison."""
    from shared.backups.snapshot import take_snapshot
    from shared.storage import BlobStore

    deps = deps_for(db, out)
    deps.__dict__["blobs"] = BlobStore(os.environ["BENCH_AZURITE"])
    start = time.perf_counter()
    manifest = take_snapshot(deps)
    return {"seconds": time.perf_counter() - start, "stored_bytes": manifest["totals"]["bytes"],
            "rows": manifest["totals"]["rows"]}


def side_restore(db: Path, out: Path) -> dict:
    from shared.backups.catalog import latest
    from shared.backups.restore import restore

    deps = deps_for(db, out)
    sid = latest(deps)["id"]
    start = time.perf_counter()
    report = restore(deps, sid, f"sqlite:///{out / 'restored.sqlite'}")
    return {"seconds": time.perf_counter() - start, "rows": report.rows}


SIDES = {"baseline": side_baseline, "fetch_only": side_fetch_only, "snapshot": side_snapshot,
         "restore": side_restore, "azurite": side_snapshot_azurite}


def child(side: str, db: str, out: str) -> None:
    result = SIDES[side](Path(db), Path(out))
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_side(side: str, db: Path, out: Path, env: dict[str, str] | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-m", "bench.bench_backup", "--child", side, str(db), str(out)],
                          check=True, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    from tests.support.azurite import Azurite

    azurite = Azurite().start() if Azurite.binary() else None
    try:
        _main(sizes, azurite.connection_string if azurite else None)
    finally:
        if azurite:
            azurite.stop()


def _main(sizes: list[int], azurite: str | None) -> None:
    print(f"{'rows':>9} {'side':<10} {'seconds':>8} {'DB MB/s':>8} {'rows/s':>9} {'stored MB':>9} {'max RSS MB':>10}")
    for rows in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="bench-backup-"))
        try:
            db = tmp / "platform.sqlite"
            total_rows = build(db, rows)
            db_mb = db.stat().st_size / 1e6
            results = {}
            sides = ["baseline", "fetch_only", "snapshot", "restore"] + (["azurite"] if azurite else [])
            for side in sides:
                out = tmp / ("blobs" if side != "baseline" else "raw")
                out.mkdir(exist_ok=True)
                results[side] = r = run_side(side, db, out, {"BENCH_AZURITE": azurite} if azurite else None)
                stored = f"{r['stored_bytes'] / 1e6:9.1f}" if "stored_bytes" in r else f"{'':>9}"
                print(f"{total_rows:>9,} {side:<10} {r['seconds']:8.2f} {db_mb / r['seconds']:8.1f} "
                      f"{total_rows / r['seconds']:9,.0f} {stored} {r['max_rss_mb']:10.1f}", flush=True)
            ratio = results["baseline"]["seconds"] / results["snapshot"]["seconds"]
            floor = results["baseline"]["seconds"] / results["fetch_only"]["seconds"]
            print(f"          database file {db_mb:.1f} MB; snapshot throughput = {ratio:.2f} x the raw "
                  f"`.backup` + zstd baseline (target >= 0.5); the driver's row fetch alone = {floor:.2f} x",
                  flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        main([int(a) for a in sys.argv[1:]] or list(ROWS))
