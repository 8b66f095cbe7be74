"""The suite's own records: access and portability packages are deleted a set number of days after
they were made (the request record stays, with ids and counts only). Run by the nightly sweep;
its run record holds how many went."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from shared import audit
from shared.deps import Deps
from shared.dsar.tables import dsar_requests as R
from shared.storage import EXPORTS

PACKAGE_DAYS = 30  # the default of the access_packages policy (shared/retention/policies.py)


def drop_old_packages(deps: Deps, now: datetime, run_id: str, days: int = PACKAGE_DAYS) -> dict[str, Any]:
    cutoff = now - timedelta(days=days)
    with deps.store.connect() as store:
        due = store.execute(select(R.c.id, R.c.export_blob).where(R.c.export_blob.is_not(None),
                                                                  R.c.closed_at <= cutoff)).all()
    dropped = 0
    for row in due:
        deps.blobs.delete(EXPORTS, row.export_blob)  # gone already is fine
        with deps.store.begin() as store:
            store.execute(update(R).where(R.c.id == row.id).values(export_blob=None))
            audit.record(store, audit.SYSTEM, "dsar.package_deleted", "dsar", row.id, now,
                         {"run_id": run_id, "days": days})
        dropped += 1
    return {"rule": f"access packages after {days} days", "days": days, "deleted": dropped}
