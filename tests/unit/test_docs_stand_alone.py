"""The repository stands alone: no tracked file points at a file outside it (the design notes the
suite was first written from, a sibling checkout), and every relative Markdown link resolves to a
file in the repository. Its own rules are in docs/ (docs/domain.md, docs/contract.md, ...)."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Written in parts so that this file does not match itself.
OUTSIDE = re.compile("|".join([
    r"\.\./" + "shared",  # a sibling folder of the checkout
    "shared/" + "design", "shared/" + "seed", "seed/" + "privacy-policy",
    r"\b(?:CONTRACT|DOMAIN|ARCHITECTURE)" + r"\.md\b",  # the design notes' names
]))
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
TEXT = {".md", ".py", ".txt", ".toml", ".json", ".yaml", ".yml", ".bicep", ".ini", ".cfg", ".sh", ".ts",
        ".tsx", ".js", ".html", ".css", ".in", ""}


def tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    files = [ROOT / name for name in out.decode().split("\0") if name]
    return [f for f in files if f.suffix in TEXT and f.is_file() and not f.is_symlink()]


def test_no_tracked_file_points_outside_the_repository():
    found = []
    for path in tracked():
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:120]}")
    assert found == [], "\n".join(found)


def test_every_relative_markdown_link_resolves_inside_the_repository():
    broken = []
    for path in (p for p in tracked() if p.suffix == ".md"):
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, mailto: ...
                continue
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == [], "\n".join(broken)


def test_the_domain_rules_are_documented_and_linked():
    domain = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    for fact in ("Art. 12(3)", "1182/71", "Algemene termijnenwet", "72 ", "60 days", "€ 150,00", "art. 52(4) AWR",
                 "Bki art. 5.1"):
        assert fact in domain, fact
    for doc in ("README.md", "docs/developing.md"):
        assert "docs/domain.md" in (ROOT / doc).read_text(encoding="utf-8"), doc
