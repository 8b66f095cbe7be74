"""requirements.in names exactly what the deployed app imports; requirements.txt is its hashed lock."""

import ast
import re
import sys
from importlib.metadata import PackageNotFoundError, packages_distributions, version

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
                names.add(node.module)
    local = {"shared", "functions", "function_app", "__future__"}
    return {n for n in names if n.split(".")[0] not in local and n.split(".")[0] not in sys.stdlib_module_names}


def _installed(dist: str) -> bool:
    try:
        version(dist)
        return True
    except PackageNotFoundError:
        return False


def test_requirements_in_names_exactly_the_runtime_imports():
    dists = packages_distributions()
    needed = set()
    for name in runtime_imports():
        if name == "opentelemetry":  # `from opentelemetry import trace`: the API
            needed.add("opentelemetry-api")
        elif name.startswith(("azure.", "opentelemetry.")):  # namespaces: the longest installed prefix
            parts = name.split(".")
            needed.add(next((canonicalize_name("-".join(parts[:n])) for n in range(len(parts), 1, -1)
                             if _installed("-".join(parts[:n]))), "opentelemetry-api"))
        else:
            needed |= {canonicalize_name(d) for d in dists[name.split(".")[0]]}
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
