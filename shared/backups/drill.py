"""The weekly restore drill: restore the latest good snapshot into a scratch database, check the
counts against the manifest, replay the ledger, check the restored audit chain and that no erased
row is left, and leave the evidence in the run record."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from shared import audit
from shared.backups.catalog import latest
from shared.backups.dump import metadatas
from shared.backups.replay import replay
from shared.backups.restore import Progress, restore
from shared.db.engines import build_engine
from shared.deps import Deps
from shared.pseudonym import from_deps as pseudonymiser_from


class DrillFailed(Exception):
    """No snapshot to drill, or the restored database does not match the manifest."""


def run_drill(deps: Deps, progress: Progress | None = None) -> dict[str, Any]:
    manifest = latest(deps)
    if manifest is None:
        raise DrillFailed("no complete snapshot to restore")
    configured = deps.settings.backup_drill_url
    with tempfile.TemporaryDirectory(prefix="privacy-drill-") as tmp:
        url = configured or f"sqlite:///{Path(tmp) / 'drill.sqlite'}"
        report = restore(deps, manifest["id"], url, progress=progress, kind="drill")
        try:
            chain, erased_again = _check_restored(deps, url)
        finally:
            if configured:
                _empty(url)  # leave the scratch database empty for next week's drill
    expected = {p["name"]: p["rows"] for p in manifest["parts"] if p["kind"] == "table"}
    if report.tables != expected:
        raise DrillFailed("restored row counts differ from the manifest")
    if not chain.ok:
        raise DrillFailed(f"the restored audit chain does not verify at event {chain.first_bad_seq}")
    if erased_again:
        raise DrillFailed(f"{erased_again} erased rows were still present after the ledger replay")
    return {"snapshot_id": manifest["id"], "taken_at": manifest["taken_at"], "tables": len(report.tables),
            "rows": report.rows, "documents": report.documents, "checksums": "ok",
            "audit_chain": "ok", "audit_events": chain.events,
            "ledger_entries_replayed": report.ledger.entries, "ledger_rows_deleted": report.ledger.deleted_rows,
            "ledger_recheck": "ok", "ledger_unknown_tables": sum(report.ledger.unknown_tables.values()),
            "current_ledger": report.current_ledger, "seconds": round(report.seconds, 3)}


def _check_restored(deps: Deps, url: str) -> tuple[audit.ChainReport, int]:
    """The restored audit chain verifies, and a second replay finds nothing left to delete
    (so no erased row survived the first). The second replay is rolled back."""
    pseudonymise = pseudonymiser_from(deps)  # Key Vault before the connection
    engine = build_engine(url)
    try:
        with engine.connect() as conn:
            chain = audit.verify(conn)
            again = replay(conn, list(metadatas()["platform"].sorted_tables), pseudonymise)
            conn.rollback()
        return chain, again.deleted_rows
    finally:
        engine.dispose()


def _empty(url: str) -> None:
    engine = build_engine(url)
    try:
        with engine.begin() as conn:
            for md in reversed(list(metadatas().values())):
                md.drop_all(conn, checkfirst=True)
    finally:
        engine.dispose()
