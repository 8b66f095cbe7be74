"""Generate and check against a live database: reflection, bounded samples, the draft and the
findings (shared/datamap/draft.py, drift.py). Used by `privacy datamap` and the nightly check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from shared.datamap.draft import build, render
from shared.datamap.drift import Finding, compare, coverage
from shared.datamap.model import DataMap
from shared.datamap.reflect import own_tables, reflect, sample


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    coverage: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "findings": [f.as_dict() for f in self.findings], "coverage": self.coverage}


def _labels(reference: DataMap) -> dict[str, str]:
    """Dutch labels the reference map already gives to table and column names."""
    labels = {t.table: t.label_nl for t in reference}
    for t in reference:
        for name, col in t.columns.items():
            labels.setdefault(name, col.label_nl)
    return labels


def generate(engine: Engine, today: date, reference: DataMap, source: str) -> str:
    """The draft map of this database, as YAML text."""
    live = reflect(engine, skip=own_tables())
    with engine.connect() as conn:
        tables = build(live, lambda t, c: sample(conn, t, c), today)
    return render(tables, source, _labels(reference))


def check(data_map: DataMap, engine: Engine, today: date, *, with_samples: bool = True) -> CheckResult:
    live = reflect(engine, skip=own_tables())
    with engine.connect() as conn:
        findings = compare(data_map, live, (lambda t, c: sample(conn, t, c)) if with_samples else None, today)
    return CheckResult(findings, coverage(data_map, live))
