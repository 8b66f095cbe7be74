"""`privacy datamap generate` and `check` on the demo database: the draft proposes the reference
map's categories, carries evidence but no sampled value, and check exits 1 naming a personal
column added with SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

import shared.platform.schema  # noqa: F401  (registers the platform tables)
from devtools.cli import main
from devtools.demo_data import DEFAULT_NOW, generate
from shared.datamap.loader import REFERENCE, DataMapError, load_map
from shared.db.engines import build_engine
from shared.db.metadata import platform_metadata

SUBJECTS = 60


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    engine = build_engine(url)
    platform_metadata.create_all(engine)
    generate(engine, subjects=SUBJECTS, seed=3, now=DEFAULT_NOW)
    engine.dispose()
    return url


def agreement(draft_path: Path) -> tuple[float, list[str]]:
    reference, draft = load_map(REFERENCE), load_map(draft_path, allow_pending=True)
    misses, total = [], 0
    for t in reference:
        for name, col in t.columns.items():
            total += 1
            got = draft[t.table].columns[name].category
            if got != col.category:
                misses.append(f"{t.table}.{name}: {got.value}, reference {col.category.value}")
    return 1 - len(misses) / total, misses


def test_generate_proposes_the_reference_categories_and_links(demo_url, tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert main(["datamap", "generate", "--from", demo_url, "--out", str(out)]) == 0
    share, misses = agreement(out)
    assert share >= 0.9, misses
    draft, reference = load_map(out, allow_pending=True), load_map(REFERENCE)
    for t in reference:
        d = draft[t.table]
        assert (d.parent, d.client_path, d.subject, d.identity_keys) == (
            t.parent, t.client_path, t.subject, t.identity_keys), t.table
    with pytest.raises(DataMapError, match="not reviewed yet"):
        load_map(out)  # a draft is never used before a person confirms it


def test_the_draft_holds_evidence_but_no_sampled_value(demo_url, tmp_path):
    out = tmp_path / "draft.yaml"
    main(["datamap", "generate", "--from", demo_url, "--out", str(out)])
    draft = out.read_text(encoding="utf-8")
    engine = build_engine(demo_url)
    with engine.connect() as conn:
        values = [v for (v,) in conn.execute(text("SELECT email FROM debtors WHERE email IS NOT NULL"))]
        values += [v for (v,) in conn.execute(text("SELECT iban FROM debtors WHERE iban IS NOT NULL"))]
        values += [v for (v,) in conn.execute(text("SELECT name FROM debtors"))]
    engine.dispose()
    assert values and not [v for v in values if v in draft]
    assert 'rule: "value:email", matched:' in draft and 'rule: "value:iban"' in draft


def test_check_is_clean_on_the_demo_database(demo_url, capsys):
    assert main(["datamap", "check", "--against", demo_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["coverage"]["percent"] == 100.0


def test_check_names_a_personal_column_added_with_sql(demo_url, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'changed.sqlite'}"
    Path(url.removeprefix("sqlite:///")).write_bytes(Path(demo_url.removeprefix("sqlite:///")).read_bytes())
    engine = build_engine(url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE debtors ADD COLUMN bsn VARCHAR(9)"))
        conn.execute(text("UPDATE debtors SET bsn = '111222333'"))
        conn.execute(text("UPDATE dossiers SET reference = 'r' || id || '@example.nl'"))  # e-mails in a kept column
    engine.dispose()
    assert main(["datamap", "check", "--against", url]) == 1
    out = capsys.readouterr()
    assert "unmapped_column: debtors.bsn (type string(9))" in out.out
    assert "looks_personal: dossiers.reference" in out.out and "value:email" in out.out
    assert "@example.nl" not in out.out + out.err and "111222333" not in out.out + out.err
