"""The data map against the live schema (`privacy datamap check`, and the nightly drift check):
tables and columns that are unmapped, mapped but missing, or changed in type, and columns whose
sampled values look personal while the map says they are not. Findings hold names and counts only."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from shared.datamap.classify import looks_personal
from shared.datamap.model import DataMap, Erasure
from shared.datamap.reflect import LiveTable

Sampler = Callable[[str, str], Sequence[Any]]


@dataclass(frozen=True)
class Finding:
    kind: str  # unmapped_table | unmapped_column | missing_table | missing_column | type_changed | looks_personal
    table: str
    column: str | None = None
    detail: str = ""

    def text(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        return f"{self.kind}: {where}" + (f" ({self.detail})" if self.detail else "")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def said_not_personal(data_map: DataMap, table: str, column: str) -> bool:
    """The map keeps the column through erasure: it says the values are not personal on their own."""
    return data_map[table].columns[column].erasure is Erasure.KEEP


def compare(data_map: DataMap, live: Mapping[str, LiveTable], sampler: Sampler | None, today: date) -> list[Finding]:
    findings: list[Finding] = []
    for name in sorted(set(live) - set(data_map.by_name)):
        findings.append(Finding("unmapped_table", name, detail=f"{len(live[name].columns)} columns"))
    for tm in data_map:
        lt = live.get(tm.table)
        if lt is None:
            findings.append(Finding("missing_table", tm.table, detail="mapped, not in the database"))
            continue
        for col in sorted(set(lt.columns) - set(tm.columns)):
            findings.append(Finding("unmapped_column", tm.table, col, f"type {lt.columns[col]}"))
        for col, mapped in tm.columns.items():
            if col not in lt.columns:
                findings.append(Finding("missing_column", tm.table, col, "mapped, not in the database"))
            elif mapped.type and mapped.type != lt.columns[col]:
                findings.append(Finding("type_changed", tm.table, col,
                                        f"map {mapped.type}, database {lt.columns[col]}"))
        if sampler is None:
            continue
        keys = lt.key_columns()
        for col in tm.columns:
            if col in lt.columns and col not in keys and said_not_personal(data_map, tm.table, col):
                hits = looks_personal(sampler(tm.table, col), today)
                if hits:
                    best = max(hits, key=lambda e: e.confidence)
                    findings.append(Finding("looks_personal", tm.table, col,
                                            f"map says {data_map[tm.table].columns[col].category.value}; "
                                            f"{best.matched} of {best.sampled} sampled values match {best.rule}"))
    return findings


def coverage(data_map: DataMap, live: Mapping[str, LiveTable]) -> dict[str, Any]:
    """How much of the live schema the map describes."""
    total = sum(len(t.columns) for t in live.values())
    mapped = sum(1 for t in live.values() if t.name in data_map.by_name
                 for c in t.columns if c in data_map[t.name].columns)
    return {"tables": len(live), "tables_mapped": sum(1 for n in live if n in data_map.by_name),
            "columns": total, "columns_mapped": mapped,
            "percent": round(100 * mapped / total, 1) if total else 100.0}
