"""The import layering, read from the source (every import, also the lazy ones inside functions):
no import circle among the suite's modules, the database adapter (shared/db) knows no other
module of the suite, no area imports an Azure SDK, and no trigger module imports the app.

Layers, top to bottom: function_app -> functions/ (triggers) -> areas (shared/<area>/) ->
shared modules (audit, ledger, holds, ...) -> adapters (shared/db, shared/storage, shared/http,
...). See docs/developing.md."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("shared", "functions", "devtools")
AREAS = ("backups", "breaches", "datamap", "dsar", "exits", "register", "retention")

# Known back-arrows that another issue removes; each names its issue. Remove an entry once fixed.
KNOWN_CIRCLES: set[frozenset[str]] = set()
KNOWN_SDK_IMPORTS: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {"function_app": ROOT / "function_app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _resolve(name: str) -> str | None:
    """The suite's module an imported name lands in (the longest known prefix), or None."""
    known = modules()
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every absolute name the module imports (`from a import b` gives `a.b`, which resolves to
    module `a.b` or to `a`)."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (  # lazy_module("shared.x") and import_module("shared.x") import too
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("lazy_module", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return frozenset(names)


def arrows(module: str) -> set[str]:
    """The suite's modules this module imports (a package's own __init__ does not count)."""
    out = {_resolve(name) for name in imports_of(module)}
    return {m for m in out if m is not None and m != module and not module.startswith(f"{m}.")}


def circles() -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in arrows(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for m in sorted(modules()):
        if m not in index:
            visit(m)
    return found


def test_the_source_is_read():
    """The checks below see the real import graph: the triggers import their areas."""
    assert "shared.breaches.commands" in arrows("functions.breaches")
    assert "shared.db.uow" in arrows("shared.dsar.service")


def test_no_import_circle():
    assert [sorted(c) for c in circles() if c not in KNOWN_CIRCLES] == []


def test_known_exceptions_are_still_needed():
    """A known exception goes from the lists above once its issue has removed the arrow."""
    gone = KNOWN_CIRCLES - set(circles())
    assert gone == set(), f"these circles are gone: remove them from KNOWN_CIRCLES: {gone}"
    unused = {(m, sdk) for m, sdk in KNOWN_SDK_IMPORTS if not any(n.startswith(sdk) for n in imports_of(m))}
    assert unused == set(), f"these SDK imports are gone: remove them from KNOWN_SDK_IMPORTS: {unused}"


def test_the_database_adapter_imports_nothing_else_of_the_suite():
    offenders = {
        (m, t) for m in modules() if m.startswith("shared.db") for t in arrows(m) if not t.startswith("shared.db")
    }
    assert offenders == set()


def test_no_area_imports_an_azure_sdk():
    """Areas reach Blob storage, Key Vault and the identity platform through the adapters."""
    found = {
        (m, name)
        for m in modules()
        if m.split(".")[0] == "shared" and m.split(".")[1:2] in [[area] for area in AREAS]
        for name in imports_of(m)
        if name.startswith("azure.")
    }
    known = {(m, name) for m, name in found for k, sdk in KNOWN_SDK_IMPORTS if m == k and name.startswith(sdk)}
    assert found - known == set()


def test_no_trigger_imports_the_app():
    """The app imports the triggers (blueprints), never the other way round."""
    assert {m for m in modules() if m.startswith("functions") and "function_app" in arrows(m)} == set()


def _trigger_modules() -> list[str]:
    return sorted(m for m in modules() if m.startswith("functions."))


def test_triggers_import_nothing_inside_a_function():
    """One lazy style in functions/: `name = lazy_module("shared....")` at module level, then
    `name.fn(...)` in the handler; an import inside a handler is the other style creeping back."""
    inside = []
    for module in _trigger_modules():
        tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                inside += [f"{module}:{node.lineno}" for node in ast.walk(fn)
                           if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert inside == []


def test_every_lazy_module_of_a_trigger_exists():
    """A lazy name loads at first call, so a misspelt module would fail only then: read them here."""
    named = {
        node.args[0].value
        for module in _trigger_modules()
        for node in ast.walk(ast.parse(modules()[module].read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_module"
    }
    assert named, "the triggers name their services with lazy_module"
    assert {name for name in named if name not in modules()} == set()
