"""Only the data map knows the platform schema: no module outside shared/datamap/ and the
reference schema (shared/platform/) spells a platform table's name or imports the reference
tables. Every remaining exception is listed here with its reason; a new one fails this test."""

from __future__ import annotations

import ast
from pathlib import Path

from shared.datamap.loader import REFERENCE, load_map

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_DIRS = ("shared/datamap/", "shared/platform/")
TABLES = {t.table for t in load_map(REFERENCE)}

# (file, spelled name) -> why it may stay. Words that equal a table name but mean something else
# (a counter's key, a register activity id, a breach notification target) are not table names.
NOT_TABLE_NAMES = {
    ("shared/backups/restore.py", "documents"): "the backup part holding the document files, and its counter",
    ("shared/backups/drill.py", "documents"): "the drill's count of restored document files",
    ("shared/backups/snapshot.py", "documents"): "the backup part holding the document files",
    ("shared/storage.py", "documents"): "the Blob container of the documents",
    ("shared/breaches/rules.py", "clients"): "a breach notification target: the controllers",
    ("shared/breaches/commands.py", "clients"): "an audit counter of notified clients",
    ("shared/breaches/commands.py", "letters"): "an audit counter of queued letters",
    ("shared/register/service.py", "clients"): "an audit counter of exported controllers",
    ("shared/register/seed.py", "prospects"): "the register activity id `prospects`",
    ("shared/register/seed.py", "staff"): "a subject category of the register",
    ("shared/register/catalogue.py", "staff"): "the Dutch name of a subject category",
    ("shared/dsar/texts.py", "prospects"): "the register activity id `prospects`",
    ("shared/dsar/consent.py", "prospects"): "an audit counter of the prospect records",
}
# Not done yet: none left (an entry names a file, the name it spells, and why; remove it once fixed).
NOT_YET: dict[tuple[str, str], str] = {}
SCANNED = ("shared", "functions", "function_app.py", "devtools/cli.py", "devtools/run_local.py",
           "devtools/datamap_cli.py", "devtools/backup_cli.py", "devtools/register_cli.py",
           "devtools/audit_cli.py", "devtools/host.py", "devtools/runner.py", "devtools/migrate.py")
# devtools/demo_data/ writes the reference schema's synthetic rows: it is part of the reference
# schema's test tooling (like shared/platform/), so it spells its tables; it is not scanned.


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        p = ROOT / name
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return [p for p in out if not str(p.relative_to(ROOT)).startswith(ALLOWED_DIRS)]


def spelled(path: Path) -> set[str]:
    """Platform table names as string constants, and imports of the reference schema."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in TABLES:
            found.add(node.value)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            if any(m.startswith("shared.platform") for m in modules):
                found.add("shared.platform.schema")
    return found


def test_no_module_outside_the_map_names_a_platform_table():
    allowed = set(NOT_TABLE_NAMES) | set(NOT_YET)
    offending = sorted(f"{p.relative_to(ROOT)}: {name}" for p in _files() for name in spelled(p)
                       if (str(p.relative_to(ROOT)), name) not in allowed)
    assert offending == []


def test_the_exceptions_are_still_needed():
    present = {(str(p.relative_to(ROOT)), name) for p in _files() for name in spelled(p)}
    stale = sorted(f"{f}: {n}" for f, n in set(NOT_TABLE_NAMES) | set(NOT_YET) if (f, n) not in present)
    assert stale == []


def test_the_check_catches_a_spelled_table(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('rows = table("dossiers")\nfrom shared.platform.schema import debtors\n', encoding="utf-8")
    assert spelled(sample) == {"dossiers", "shared.platform.schema"}
