"""Reading infra/: the Bicep templates parsed with pycep-parser, so the infra tests read the declared
resources and their properties, not just strings."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

from pycep import BicepParser

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"

def bicep_files() -> list[Path]:
    return sorted(INFRA.rglob("*.bicep"))


@cache
def parse(path: Path) -> dict[str, Any]:
    return cast(dict[str, Any], BicepParser().parse(file_path=path))


def main() -> dict[str, Any]:
    return parse(INFRA / "main.bicep")


def module(name: str) -> dict[str, Any]:
    return parse(INFRA / "modules" / f"{name}.bicep")


def body(block: dict[str, Any]) -> dict[str, Any]:
    """The properties of a resource or module call, looking through `for` loops and `if`."""
    config = block["config"]
    while "config" in config and ("loop_type" in config or "condition" in config):
        config = config["config"]
    return config


def resources() -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """Every resource that infra/ deploys (not `existing` references): (file, name, resource)."""
    for path in bicep_files():
        for name, resource in (parse(path).get("resources") or {}).items():
            if not resource.get("existing"):
                yield path, name, resource


def of_type(type_: str) -> list[tuple[Path, str, dict[str, Any]]]:
    return [r for r in resources() if r[2]["type"].lower() == type_.lower()]


def one(type_: str) -> dict[str, Any]:
    found = of_type(type_)
    assert len(found) == 1, f"expected one {type_}, found {[name for _, name, _ in found]}"
    return body(found[0][2])


def decorator(param: dict[str, Any], kind: str) -> Any:
    for item in param.get("decorators") or []:
        if item["type"] == kind:
            return item["argument"]
    return None


def sources() -> dict[Path, str]:
    """Text of every template, parameter file and hook under infra/."""
    paths = bicep_files() + sorted(INFRA.rglob("*.json")) + sorted((INFRA / "hooks").glob("*"))
    return {p: p.read_text(encoding="utf-8") for p in paths if p.is_file()}


def strip_comments(text: str) -> str:
    return "\n".join(
        line.split("//", 1)[0] if "//" in line and "://" not in line else line for line in text.splitlines()
    )


def app_settings() -> dict[str, Any]:
    suite = body(main()["modules"]["api"])["params"]["appSettings"]
    host = module("functionapp")["variables"]["hostSettings"]["value"]
    return {**suite, **host}
