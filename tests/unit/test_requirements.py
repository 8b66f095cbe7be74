"""requirements.in names exactly what the deployed app imports; requirements.txt is its hashed lock."""

import ast
import re
import sys
from importlib.metadata import files, packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.azurite import ROOT

# Needed at run time without a direct import: SQLAlchemy loads the driver, zoneinfo reads tzdata.
LOADED_INDIRECTLY = {"pyodbc", "tzdata"}


def declared() -> dict[str, Requirement]:
    lines = (ROOT / "requirements.in").read_text().splitlines()
    reqs = [Requirement(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()]
    return {canonicalize_name(r.name): r for r in reqs}


def runtime_imports() -> set[str]:
    files = [ROOT / "function_app.py", *(ROOT / "functions").rglob("*.py"), *(ROOT / "shared").rglob("*.py")]
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names |= {f"{node.module}.{a.name}" for a in node.names}  # "from opentelemetry import trace"
    local = {"shared", "functions", "function_app", "__future__"}
    return {n for n in names if n.split(".")[0] not in local and n.split(".")[0] not in sys.stdlib_module_names}


def _shipping(module: str, candidates: list[str]) -> str:
    """The one distribution whose files hold the module (or the longest package prefix of it)."""
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        stem = "/".join(parts[:n])
        owners = {canonicalize_name(d) for d in candidates
                  if any(str(f) in (f"{stem}.py", f"{stem}/__init__.py") for f in files(d) or [])}
        if len(owners) == 1:
            return owners.pop()
    raise AssertionError(f"no single distribution ships {module}")


def test_requirements_in_names_exactly_the_runtime_imports():
    dists = packages_distributions()
    needed = set()
    for name in runtime_imports():
        top = name.split(".")[0]
        if len(dists[top]) > 1:  # a namespace package (azure, opentelemetry): the distribution that ships the module
            needed.add(_shipping(name, dists[top]))
        else:
            needed |= {canonicalize_name(d) for d in dists[top]}
    assert needed - set(declared()) == set(), "imported at run time but not in requirements.in"
    assert set(declared()) - needed - LOADED_INDIRECTLY == set(), "in requirements.in but never imported"


def test_the_lock_pins_every_requirement_with_hashes():
    lock = (ROOT / "requirements.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, re.M))
    pins = {canonicalize_name(k): v for k, v in pins.items()}
    for name, req in declared().items():
        assert name in pins, f"{name} is not in the lock: regenerate requirements.txt (see requirements.in)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} outside {req.specifier}"
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n\n", 1)[-1])
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)
    assert "file://" not in lock and "--extra-index-url" not in lock
