"""The data map is a file: the bundled YAML describes the reference schema exactly, a bad file is
refused naming its line, and PRIVACY_DATA_MAP chooses the file."""

from pathlib import Path

import pytest

from shared.config import reset_settings
from shared.datamap import DATA_MAP
from shared.datamap.coltypes import type_name
from shared.datamap.loader import REFERENCE, DataMapError, active_map, forget, load_map
from shared.db.metadata import platform_metadata
from shared.platform import schema  # noqa: F401 - the reference tables

GOOD = REFERENCE.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "map.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_reference_map_records_every_columns_type_and_a_dutch_label():
    for t in platform_metadata.sorted_tables:
        tm = DATA_MAP[t.name]
        assert tm.label_nl, t.name
        for c in t.columns:
            assert tm.columns[c.name].type == type_name(c.type), f"{t.name}.{c.name}"
            assert tm.columns[c.name].label_nl, f"{t.name}.{c.name}"


def test_the_per_table_facts_come_from_the_file():
    assert DATA_MAP["dossiers"].status is not None
    assert DATA_MAP["dossiers"].status.values("closed") == ("closed", "paid", "written_off")
    assert {t.table for t in DATA_MAP if t.generated} == {"client_user_logins", "staff_logins", "prospect_consents",
                                                          "payments"}
    assert {t.table for t in DATA_MAP if t.exit.keep} == {"client_invoices", "payments"}
    assert DATA_MAP.client_root() is not None and DATA_MAP.client_root() is DATA_MAP["clients"]


def test_an_unknown_category_is_refused_with_its_line(tmp_path):
    bad = GOOD.replace("birth_date: {category: birth_date", "birth_date: {category: birthday", 1)
    with pytest.raises(DataMapError) as err:
        load_map(write(tmp_path, bad))
    problem = err.value.problems[0]
    assert f"line {line_of(bad, 'category: birthday')}:" in problem
    assert "tables.debtors.columns.birth_date.category" in problem and "map.yaml" in str(err.value)


def test_a_column_without_dutch_label_is_refused(tmp_path):
    bad = GOOD.replace(', label_nl: "geboortedatum"', "", 1)
    with pytest.raises(DataMapError) as err:
        load_map(write(tmp_path, bad))
    assert "birth_date.label_nl: Field required" in str(err.value)
    assert f"line {line_of(bad, 'birth_date: {category: birth_date')}:" in str(err.value)


def test_a_hop_to_an_unlisted_table_is_refused(tmp_path):
    bad = GOOD.replace("parent: {column: debtor_id, parent: debtors}",
                       "parent: {column: debtor_id, parent: debiteuren}")
    with pytest.raises(DataMapError, match="dossiers: points at table debiteuren, which the map does not list"):
        load_map(write(tmp_path, bad))


def test_broken_yaml_names_the_line(tmp_path):
    bad = GOOD.replace("  dossiers:\n", "  dossiers:\n   : [\n", 1)
    with pytest.raises(DataMapError, match=r"line \d+: not valid YAML"):
        load_map(write(tmp_path, bad))


def test_a_draft_waiting_for_review_is_not_used(tmp_path):
    draft = GOOD.replace('email: {category: contact, provided: true, type: string(254)',
                         'email: {category: contact, review: pending, provided: true, type: string(254)', 1)
    with pytest.raises(DataMapError, match=r"not reviewed yet \(review: pending\): client_users\.email"):
        load_map(write(tmp_path, draft))
    assert load_map(write(tmp_path, draft), allow_pending=True)["client_users"].columns["email"]


def test_privacy_data_map_names_the_file(tmp_path, monkeypatch):
    other = GOOD.replace('label_nl: "debiteuren"', 'label_nl: "schuldenaars"', 1)
    monkeypatch.setenv("PRIVACY_DATA_MAP", str(write(tmp_path, other)))
    reset_settings()
    forget()
    try:
        assert DATA_MAP["debtors"].label_nl == "schuldenaars"
        assert active_map().source.endswith("map.yaml")
    finally:
        monkeypatch.delenv("PRIVACY_DATA_MAP")
        reset_settings()
        forget()
    assert DATA_MAP["debtors"].label_nl == "debiteuren"


def test_the_claim_limitation_names_mapped_columns_and_a_closed_status(tmp_path):
    lim = load_map(REFERENCE).claim_limitation
    assert lim is not None and ("payments", "paid_on") in lim.restarts and lim.judgment == "judgment_on"
    for wrong, needle in (("letters.sent_on", "letters.posted_on"), ("written_off: written_off", "written_off: open")):
        with pytest.raises(DataMapError) as err:
            load_map(write(tmp_path, GOOD.replace(wrong, needle)))
        assert "claim_limitation" in str(err.value)
