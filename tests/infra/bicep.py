"""Helpers that load infra/*.bicep with pycep-parser for the invariant tests."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pycep import BicepParser

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
MODULES = INFRA / "modules"


def bicep_files() -> list[Path]:
    return sorted(INFRA.rglob("*.bicep"))


@cache
def parse(path: Path) -> dict[str, Any]:
    return BicepParser().parse(file_path=path)


def main() -> dict[str, Any]:
    return parse(INFRA / "main.bicep")


def module(name: str) -> dict[str, Any]:
    return parse(MODULES / f"{name}.bicep")


def body(block: dict[str, Any]) -> dict[str, Any]:
    """The properties of a resource or module, looking through `for` loops and `if` conditions."""
    config = block["config"]
    while "config" in config and ("loop_type" in config or "condition" in config):
        config = config["config"]
    return config


def resources(*, include_existing: bool = False) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """Every resource declared in infra/, as (file, symbolic name, parsed resource)."""
    for path in bicep_files():
        for name, resource in (parse(path).get("resources") or {}).items():
            if resource.get("existing") and not include_existing:
                continue
            yield path, name, resource


def of_type(type_: str) -> list[tuple[Path, str, dict[str, Any]]]:
    return [r for r in resources() if r[2]["type"].lower() == type_.lower()]


def one(type_: str) -> dict[str, Any]:
    found = of_type(type_)
    assert len(found) == 1, f"expected one {type_}, found {[n for _, n, _ in found]}"
    return body(found[0][2])


def decorator(param: dict[str, Any], kind: str) -> Any:
    for d in param.get("decorators") or []:
        if d["type"] == kind:
            return d["argument"]
    return None


def raw_text() -> dict[Path, str]:
    """Source text of every template and parameter file under infra/."""
    files = bicep_files() + sorted(INFRA.rglob("*.json")) + sorted((INFRA / "hooks").glob("*"))
    return {p: p.read_text(encoding="utf-8") for p in files if p.is_file()}
