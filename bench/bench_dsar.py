"""DSAR discovery + access export for one subject in a platform database of over 1M rows, against
the raw indexed queries for the same rows (fetched whole and dumped as JSON), in the same run.

Each side runs in a fresh process, so the peak memory (max RSS) of each is its own; the database
is built in a process of its own too, because Linux carries a parent's max RSS across fork+exec. Besides the
demo subject (a debtor at two clients), a heavy debtor with many dossiers is added, so that the
export streams thousands of rows.
`python -m bench.bench_dsar [subjects] [heavy_dossiers]` (defaults: 70,000 subjects, 1,000 dossiers).
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SUBJECTS = 70_000
HEAVY_DOSSIERS = 1_000
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
HEAVY = "veel.dossiers@example.com"
DEMO = "demo.debiteur@example.com"


def build(path: Path, subjects: int, heavy: int) -> dict:
    import shared.tables  # noqa: F401 - every table
    from devtools.demo_data import generate
    from shared.db.engines import build_engine
    from shared.db.metadata import platform_metadata, store_metadata

    engine = build_engine(f"sqlite:///{path}")
    platform_metadata.create_all(engine)
    store_metadata.create_all(engine)
    summary = generate(engine, subjects=subjects, seed=7)
    engine.dispose()
    con = sqlite3.connect(path)
    (debtor_id,) = con.execute("SELECT max(id) + 1 FROM debtors").fetchone()
    (dossier0,) = con.execute("SELECT max(id) + 1 FROM dossiers").fetchone()
    con.execute("INSERT INTO debtors (id, client_id, kind, name, email, postcode, iban, created_at) VALUES "
                "(?, 1, 'consumer', 'Veel Dossiers', ?, '1234 AB', 'NL91ABNA0417164300', '2024-01-01 00:00:00')",
                (debtor_id, HEAVY))
    con.executemany("INSERT INTO dossiers (id, client_id, debtor_id, reference, status, principal_amount, "
                    "invoice_due_date, opened_on, notes) VALUES (?, 1, ?, ?, 'closed', 100, '2024-01-01', "
                    "'2024-02-01', 'notitie')",
                    ((dossier0 + i, debtor_id, f"BENCH-{i:06d}") for i in range(heavy)))
    for _ in range(3):
        con.executemany("INSERT INTO letters (dossier_id, kind, sent_on, channel, addressee, body) VALUES "
                        "(?, 'reminder', '2024-03-01', 'post', 'Veel Dossiers', ?)",
                        ((dossier0 + i, "Geachte heer, mevrouw, " * 20) for i in range(heavy)))
        con.executemany("INSERT INTO contact_registrations (dossier_id, kind, direction, occurred_at, summary) "
                        "VALUES (?, 'call', 'in', '2024-03-02 10:00:00', 'gesprek over de betaling')",
                        ((dossier0 + i,) for i in range(heavy)))
    con.executemany("INSERT INTO payments (dossier_id, amount, paid_on, payer_iban, payer_name) VALUES "
                    "(?, 25, '2024-04-01', 'NL91ABNA0417164300', 'V. Dossiers')",
                    ((dossier0 + i,) for i in range(heavy)))
    con.commit()
    total = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in summary["counts"])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"rows": total}


def child_suite(path: str, email: str) -> dict:
    from shared.db.engines import build_engine
    from shared.dsar.execute import discover
    from shared.dsar.export import build_package
    from shared.dsar.status import RequestType
    from shared.zip_export import read_chunks

    engine = build_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        before = _rss_mb()  # after the imports: the rest is what the export itself needs
        started = time.perf_counter()
        rows = discover(conn, email, 1)
        found = time.perf_counter()
        spool, manifest = build_package(conn, conn, request_id="bench", kind=RequestType.ACCESS, rows=rows, at=NOW,
                                        controller="bench")
        size = sum(len(b) for b in read_chunks(spool))  # stands in for the upload to Blob storage
        spool.close()
        done = time.perf_counter()
    return {"rows": sum(manifest["tables"].values()), "discovery_s": found - started, "seconds": done - started,
            "zip_bytes": size, "rss_before_mb": before}


RAW_TREE = [  # (table, parent column, parent table): the same walk, as plain indexed SQL
    ("dossiers", "debtor_id", "debtors"), ("letters", "dossier_id", "dossiers"),
    ("payments", "dossier_id", "dossiers"), ("contact_registrations", "dossier_id", "dossiers"),
    ("documents", "dossier_id", "dossiers"),
]


def child_raw(path: str, email: str) -> dict:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    before = _rss_mb()
    started = time.perf_counter()
    data = {"debtors": [dict(r) for r in con.execute("SELECT * FROM debtors WHERE email = ? AND client_id = 1",
                                                     (email,))]}
    for name, column, parent in RAW_TREE:
        ids = [r["id"] for r in data[parent]]
        data[name] = []
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            marks = ",".join("?" * len(part))
            data[name] += [dict(r) for r in con.execute(
                f"SELECT * FROM {name} WHERE {column} IN ({marks}) ORDER BY id", part)]
    blob = json.dumps(data, default=str).encode()
    return {"rows": sum(len(v) for v in data.values()), "seconds": time.perf_counter() - started,
            "json_bytes": len(blob), "rss_before_mb": before}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_dsar", "--child", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        if argv[1] == "build":
            result = build(Path(argv[2]), int(argv[3]), int(argv[4]))
        elif argv[1] == "raw":
            result = child_raw(argv[2], argv[3])
        else:
            result = child_suite(argv[2], argv[3])
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    subjects = int(argv[0]) if argv else SUBJECTS
    heavy = int(argv[1]) if len(argv) > 1 else HEAVY_DOSSIERS
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "platform.sqlite"
        started = time.perf_counter()
        built = in_child("build", str(path), str(subjects), str(heavy))
        print(f"built a platform of {built['rows']:,} rows ({subjects:,} debtors + a heavy one with {heavy:,} "
              f"dossiers) in {time.perf_counter() - started:.1f} s")
        for label, email in (("demo debtor", DEMO), ("heavy debtor", HEAVY)):
            raw = in_child("raw", str(path), email)
            suite = in_child("suite", str(path), email)
            assert suite["rows"] == raw["rows"], f"the suite and the raw queries must read the same rows: {suite} {raw}"
            print(f"{label}: {raw['rows']:,} rows")
            print(f"  raw indexed queries + one JSON dump (baseline): {raw['seconds'] * 1000:.1f} ms, "
                  f"peak RSS {raw['peak_rss_mb']:.0f} MB (+{raw['peak_rss_mb'] - raw['rss_before_mb']:.1f} MB over "
                  f"the process before the work), {raw['json_bytes']:,} bytes")
            print(f"  suite discovery + zip (JSON+CSV+Art.15 letter): {suite['seconds'] * 1000:.1f} ms "
                  f"(discovery {suite['discovery_s'] * 1000:.1f} ms), peak RSS {suite['peak_rss_mb']:.0f} MB "
                  f"(+{suite['peak_rss_mb'] - suite['rss_before_mb']:.1f} MB), "
                  f"zip {suite['zip_bytes']:,} bytes; ratio to raw {suite['seconds'] / raw['seconds']:.1f}x")
            print(f"[sqlite] RESULT {label} access export/raw queries {suite['seconds'] / raw['seconds']:.1f}x "
                  f"(goal <= 2.5x), {suite['seconds'] * 1000:.0f} ms, peak {suite['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
