"""The sweep on realistic data (the demo-data generator): what `privacy run retention_sweep` does
with PRIVACY_NOW in the future. It removes expired rows, and a second run changes nothing, also
where a kept file (fiscal payments) was anonymised rather than deleted."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from devtools.demo_data import generate
from functions.retention import retention_sweep
from shared.alerts import Alert
from shared.db.metadata import platform_metadata
from shared.jobs import run_job


def counts(deps) -> dict[str, int]:
    with deps.platform.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in platform_metadata.sorted_tables}


def test_a_second_sweep_over_demo_data_changes_nothing(blob_deps, clock):
    deps = blob_deps
    generate(deps.platform, subjects=120, seed=5)
    before = counts(deps)
    clock.set(datetime(2027, 6, 1, 1, 0, tzinfo=UTC))
    first = run_job(deps, "retention_sweep", retention_sweep, Alert.RETENTION_SWEEP_FAILED)
    assert first["status"] == "succeeded"
    after_first = counts(deps)
    removed = sum(before.values()) - sum(after_first.values())
    assert removed == first["evidence"]["totals"]["deleted"] > 0
    second = run_job(deps, "retention_sweep", retention_sweep, Alert.RETENTION_SWEEP_FAILED)
    assert second["evidence"]["totals"] == {"deleted": 0, "anonymised": 0, "skipped_hold": 0,
                                            "skipped_restriction": 0}
    assert counts(deps) == after_first
