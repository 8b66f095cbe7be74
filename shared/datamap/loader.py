"""Reading a data-map file: YAML with line numbers kept, validated by the schema in spec.py.

A bad file gives one DataMapError naming the file, the line and what is wrong. The active map is
the file PRIVACY_DATA_MAP names (else the bundled reference.yaml), read at first use, never at
import, and cached per path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shared.datamap.model import DataMap
from shared.errors import ConfigError

REFERENCE = Path(__file__).with_name("reference.yaml")

Loc = tuple[str | int, ...]


class DataMapError(ConfigError):
    """A data-map file that cannot be used: each problem names the file and line."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"Bad data map {path}: " + "; ".join(problems))


def _plain(node: Any, loc: Loc, lines: dict[Loc, int], scalars: Any) -> Any:
    """The node as plain Python, recording the 1-based line of every key and item in `lines`."""
    import yaml

    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise ValueError(f"line {key_node.start_mark.line + 1}: {key!r} appears twice")
            out[key] = _plain(value_node, (*loc, key), lines, scalars)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*loc, i), lines, scalars) for i, item in enumerate(node.value)]
    return scalars.construct_object(node)


def parse(text: str, path: str) -> tuple[Any, dict[Loc, int]]:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise DataMapError(path, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    if node is None:
        raise DataMapError(path, ["the file is empty"])
    lines: dict[Loc, int] = {}
    try:
        return _plain(node, (), lines, yaml.SafeLoader("")), lines
    except ValueError as exc:
        raise DataMapError(path, [str(exc)]) from None


def _line_of(loc: Loc, lines: dict[Loc, int]) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def _problems(exc: Any, lines: dict[Loc, int]) -> Iterator[str]:
    for e in exc.errors():
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line = _line_of(loc, lines)
        where = ".".join(str(p) for p in loc) or "the map"
        yield f"line {line}: {where}: {e['msg']}" if line else f"{where}: {e['msg']}"


def read_spec(text: str, path: str) -> Any:
    from pydantic import ValidationError

    from shared.datamap.spec import MapFile

    data, lines = parse(text, path)
    try:
        return MapFile.model_validate(data)
    except ValidationError as exc:
        raise DataMapError(path, list(_problems(exc, lines))) from None


def load_map(path: str | Path, *, allow_pending: bool = False) -> DataMap:
    """The data map in this file. Items still marked `review: pending` are refused unless
    `allow_pending` (a draft is checked, never used to erase or export)."""
    from shared.datamap.spec import to_data_map

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataMapError(str(p), [f"cannot be read ({exc.strerror})"]) from None
    spec = read_spec(text, str(p))
    pending = spec.pending()
    if pending and not allow_pending:
        shown = ", ".join(pending[:10]) + (f" and {len(pending) - 10} more" if len(pending) > 10 else "")
        raise DataMapError(str(p), [f"not reviewed yet (review: pending): {shown}"])
    return to_data_map(spec, str(p))


_cache: dict[str, DataMap] = {}
_lock = threading.Lock()


def active_path() -> Path:
    from shared.config import get_settings

    configured = get_settings().data_map
    return Path(configured) if configured else REFERENCE


def active_map() -> DataMap:
    """The map in use: PRIVACY_DATA_MAP's file, else the bundled reference map."""
    path = str(active_path())
    found = _cache.get(path)
    if found is None:
        with _lock:
            found = _cache.get(path) or load_map(path)
            _cache[path] = found
    return found


def forget() -> None:
    """Drop cached maps (tests that switch PRIVACY_DATA_MAP)."""
    _cache.clear()


class ActiveDataMap(DataMap):
    """Stands for the active map wherever a DataMap is expected; reads the file at first use."""

    def __init__(self) -> None:  # no fields of its own: everything comes from the active map
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(active_map(), name)

    @property
    def source(self) -> str:  # type: ignore[override]
        return active_map().source

    @property
    def reference(self) -> bool:  # type: ignore[override]
        return active_map().reference

    @property
    def retention_rules(self) -> Any:  # type: ignore[override]
        return active_map().retention_rules

    @property
    def portal_verification(self) -> Any:  # type: ignore[override]
        return active_map().portal_verification

    @property
    def claim_limitation(self) -> Any:  # type: ignore[override]
        return active_map().claim_limitation

    def __repr__(self) -> str:
        return "ActiveDataMap()"

    def __eq__(self, other: object) -> bool:
        return other is self or active_map() == other

    def __hash__(self) -> int:
        return id(self)
