"""Proof that the data map is configuration: a second, differently shaped platform schema (Dutch
table and column names, integer keys with their own names, the client reached straight from every
file) gets a generated map, a person's review (in this test), and then the suite's own access
export, DSAR erasure and retention sweep run over it with no code change."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text

from devtools.cli import main
from shared.config import get_settings, reset_settings
from shared.datamap.loader import forget, load_map
from shared.db.engines import build_engine
from shared.db.metadata import store_metadata
from shared.deps import Deps, set_deps
from shared.dsar.status import RequestType

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

DDL = """
CREATE TABLE klanten (klantnummer INTEGER PRIMARY KEY, bedrijfsnaam VARCHAR(200) NOT NULL, kvk VARCHAR(8),
  e_mail VARCHAR(254), telefoonnummer VARCHAR(32), einde_relatie DATE);
CREATE TABLE schuldenaren (schuldenaar_nr INTEGER PRIMARY KEY,
  klantnummer INTEGER NOT NULL REFERENCES klanten (klantnummer), volledige_naam VARCHAR(200) NOT NULL,
  emailadres VARCHAR(254), postcode VARCHAR(7), woonplaats VARCHAR(100), geboortedatum DATE, iban VARCHAR(34),
  aangemaakt_op DATETIME NOT NULL);
CREATE TABLE zaken (zaaknummer INTEGER PRIMARY KEY, schuldenaar_nr INTEGER NOT NULL REFERENCES schuldenaren
  (schuldenaar_nr), klantnummer INTEGER NOT NULL REFERENCES klanten (klantnummer), kenmerk VARCHAR(20) NOT NULL,
  toestand VARCHAR(16) NOT NULL, geopend_op DATE NOT NULL, gesloten_op DATE, notities TEXT);
CREATE TABLE correspondentie (brief_nr INTEGER PRIMARY KEY, zaaknummer INTEGER NOT NULL REFERENCES zaken
  (zaaknummer), verzonden_op DATE NOT NULL, tekst TEXT);
"""
FIRST = ["Jan", "Anna", "Pieter", "Sanne", "Kees", "Femke", "Willem", "Lotte", "Joris", "Eva"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"]


def iban(n: int) -> str:
    bban = f"ABNA{n:010d}"
    digits = "".join(str(int(ch, 36)) for ch in bban + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bban}"


def fill(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for stmt in DDL.split(";"):
            if stmt.strip():
                conn.execute(text(stmt))
        conn.execute(text("INSERT INTO klanten VALUES (1, 'Bakkerij Jansen B.V.', '12345678', 'info@bakkerij.nl',"
                          " '0201234567', NULL), (2, 'Garage Smit', '87654321', 'post@garagesmit.nl', NULL, NULL)"))
        for i in range(40):
            conn.execute(text("INSERT INTO schuldenaren VALUES (:n, :k, :naam, :mail, :pc, 'Utrecht', :geb, :iban,"
                              " '2024-01-05 10:00:00')"),
                         {"n": 100 + i, "k": 1 + i % 2, "naam": f"{FIRST[i % 10]} {LAST[i // 4 % 10]}",
                          "mail": f"persoon{i}@voorbeeld.nl", "pc": f"35{i:02d} AB", "geb": date(1960 + i, 3, 1),
                          "iban": iban(i)})
            closed = i % 2 == 0  # even debtors: one file, closed in 2020 (due); odd: open
            conn.execute(text("INSERT INTO zaken VALUES (:z, :n, :k, :ref, :st, '2019-06-01', :dicht, :notes)"),
                         {"z": 500 + i, "n": 100 + i, "k": 1 + i % 2, "ref": f"Z-{i:05d}",
                          "st": "afgesloten" if closed else "lopend", "dicht": "2020-02-01" if closed else None,
                          "notes": "Debiteur belde over een betalingsregeling en beloofde voor het einde "
                                   "van de maand het openstaande bedrag te voldoen."})
            conn.execute(text("INSERT INTO correspondentie VALUES (:b, :z, '2019-07-01', :t)"),
                         {"b": 900 + i, "z": 500 + i, "t": "Geachte heer of mevrouw, wij verzoeken u vriendelijk "
                                                           "het openstaande bedrag binnen veertien dagen te betalen."})
    engine.dispose()


EXPECTED = {  # what a reviewer confirms: the category of every personal or kept column
    ("klanten", "bedrijfsnaam"): "business", ("klanten", "kvk"): "business", ("klanten", "e_mail"): "contact",
    ("klanten", "telefoonnummer"): "contact", ("schuldenaren", "volledige_naam"): "name",
    ("schuldenaren", "emailadres"): "contact", ("schuldenaren", "postcode"): "contact",
    ("schuldenaren", "woonplaats"): "contact", ("schuldenaren", "geboortedatum"): "birth_date",
    ("schuldenaren", "iban"): "financial", ("zaken", "notities"): "communication",
    ("zaken", "toestand"): "case", ("correspondentie", "tekst"): "communication",
}


def review(draft: dict[str, Any]) -> dict[str, Any]:
    """The person's review: confirm every proposal, assign register activities and retention
    policies, name the status groups and the rules. Categories are taken as proposed."""
    tables = draft["tables"]
    for t in tables.values():
        t["review"] = "confirmed"
        t["activities"] = ["collection"]
        for col in t["columns"].values():
            col["review"] = "confirmed"
    tables["klanten"]["retention"] = ["active_client"]
    tables["klanten"]["erasure"] = "null"  # the client record stays; its personal fields go
    tables["klanten"]["name_column"] = "bedrijfsnaam"  # how letters name the client
    tables["klanten"]["exit"] = {"ended_on": "einde_relatie"}  # no read-only flag, no fee invoices: no viewer
    tables["schuldenaren"]["retention"] = ["debtor_without_files"]
    tables["zaken"]["retention"] = ["collection_file_closed"]
    tables["zaken"]["status"] = {"column": "toestand", "groups": {"open": ["lopend"], "closed": ["afgesloten"]}}
    tables["zaken"]["legal_duty"] = "legal_claim"
    tables["correspondentie"]["retention"] = ["collection_file_closed"]
    draft["retention_rules"] = {
        "collection_file_closed": [{"table": "zaken", "due": {"date": "gesloten_op", "status": "closed"},
                                    "children": ["correspondentie"]}],
        "debtor_without_files": [{"table": "schuldenaren", "due": {"date": "aangemaakt_op", "without": "zaken"}}],
    }
    draft["portal_verification"] = {"reference": "zaken.kenmerk", "postcode": "schuldenaren.postcode"}
    return draft


@pytest.fixture
def second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env, clock):
    platform_url = f"sqlite:///{tmp_path / 'platform-nl.sqlite'}"
    fill(platform_url)
    draft_path, map_path = tmp_path / "draft.yaml", tmp_path / "kaart.yaml"
    assert main(["datamap", "generate", "--from", platform_url, "--out", str(draft_path)]) == 0
    draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    map_path.write_text(yaml.safe_dump(review(draft), allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("PRIVACY_DATA_MAP", str(map_path))
    monkeypatch.setenv("PRIVACY_APP_DATABASE_URL", platform_url)
    reset_settings()
    forget()
    settings = get_settings()
    store = build_engine(settings.database_url)
    store_metadata.create_all(store)
    platform = build_engine(platform_url)
    clock.set(NOW)
    deps = Deps(settings, clock.clock, store, platform)
    set_deps(deps)
    yield SimpleNamespace(deps=deps, draft=draft_path, map=map_path)
    set_deps(None)
    forget()
    reset_settings()
    store.dispose()
    platform.dispose()


def count(deps: Deps, sql: str) -> int:
    with deps.platform.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_the_generated_draft_proposes_what_a_reviewer_confirms(second):
    draft = load_map(second.draft, allow_pending=True)
    got = {k: draft[k[0]].columns[k[1]].category.value for k in EXPECTED}
    assert got == EXPECTED
    assert draft["schuldenaren"].identity_keys == ("emailadres",) and draft["klanten"].client_path == ()
    assert draft["zaken"].parent is not None and draft["zaken"].parent.parent == "schuldenaren"
    assert draft["correspondentie"].client_path is not None and \
        [h.parent for h in draft["correspondentie"].client_path] == ["zaken", "klanten"]
    assert draft["schuldenaren"].subject.value == "debtor" and draft["klanten"].subject.value == "client"
    assert "persoon1@voorbeeld.nl" not in second.draft.read_text(encoding="utf-8")


def test_access_export_over_the_second_schema(second):
    from shared.dsar.execute import discover
    from shared.dsar.export import build_package

    deps = second.deps
    with deps.platform.connect() as platform, deps.store.connect() as store:
        rows = discover(platform, "persoon3@voorbeeld.nl", 2)  # for client 2, the controller
        assert {t: len(ids) for t, ids in rows.items()} == {"schuldenaren": 1, "zaken": 1, "correspondentie": 1}
        spool, manifest = build_package(platform, store, request_id=str(uuid.uuid4()), kind=RequestType.ACCESS,
                                        rows=rows, at=NOW)
    with zipfile.ZipFile(io.BytesIO(spool.read())) as zf:
        (person,) = json.loads(zf.read("gegevens/schuldenaren.json"))
        (letter,) = json.loads(zf.read("gegevens/correspondentie.json"))
    assert person["emailadres"] == "persoon3@voorbeeld.nl" and person["iban"] == iban(3)
    assert manifest["tables"] == {"schuldenaren": 1, "zaken": 1, "correspondentie": 1}
    assert letter["id"] == 903 and letter["tekst"].startswith("Geachte")  # the key is the database's brief_nr


def test_erasure_over_the_second_schema_keeps_the_open_claim(second):
    from shared.dsar.execute import discover, erase
    from shared.pseudonym import from_deps

    deps = second.deps
    pseudonymise = from_deps(deps)
    for email, client_id in (("persoon3@voorbeeld.nl", 2), ("persoon4@voorbeeld.nl", 1)):  # open, closed
        row = SimpleNamespace(id=str(uuid.uuid4()), subject_email=email, subject_name="Betrokkene",
                              client_id=client_id)
        with deps.store.begin() as store, deps.platform.begin() as platform:
            erase(deps, store, platform, row, discover(platform, email, client_id), NOW, pseudonymise=pseudonymise)
    # the closed file's debtor is gone with its file and letters; the open claim keeps its file (Art. 17(3)(e))
    assert count(deps, "SELECT COUNT(*) FROM schuldenaren WHERE schuldenaar_nr = 104") == 0
    assert count(deps, "SELECT COUNT(*) FROM zaken WHERE zaaknummer = 504") == 0
    assert count(deps, "SELECT COUNT(*) FROM correspondentie WHERE zaaknummer = 504") == 0
    assert count(deps, "SELECT COUNT(*) FROM zaken WHERE zaaknummer = 503") == 1
    assert count(deps, "SELECT COUNT(*) FROM schuldenaren WHERE schuldenaar_nr = 103") == 1


def test_the_retention_sweep_over_the_second_schema(second):
    from functions.retention import retention_sweep
    from shared.jobs import run_job

    deps = second.deps
    first = run_job(deps, "retention_sweep", retention_sweep)
    assert first["status"] == "succeeded"
    closed = first["evidence"]["policies"]["collection_file_closed"]["deleted"]
    assert closed == {"zaken": 20, "correspondentie": 20}
    assert first["evidence"]["policies"]["debtor_without_files"]["deleted"] == {"schuldenaren": 20}
    assert count(deps, "SELECT COUNT(*) FROM zaken WHERE toestand = 'afgesloten'") == 0
    assert count(deps, "SELECT COUNT(*) FROM zaken WHERE toestand = 'lopend'") == 20
    assert count(deps, "SELECT COUNT(*) FROM schuldenaren") == 20
    again = run_job(deps, "retention_sweep", retention_sweep)
    assert again["evidence"]["totals"]["deleted"] == 0  # a second sweep changes nothing


def test_an_exit_over_the_second_schema_exports_every_table_and_offers_no_viewer_account(second, azurite):
    """The exit reads the map's exit facts: this map names no fee invoice table and no read-only
    flag, so a retain exit is refused; a delete exit's export holds every client table."""
    from shared.errors import RuleViolation
    from shared.exits.export import build_export
    from shared.exits.models import ExitCreate
    from shared.exits.service import create_exit
    from shared.identity.principal import Principal
    from shared.identity.roles import Role
    from shared.storage import EXPORTS, BlobStore

    deps = second.deps
    deps.__dict__["blobs"] = BlobStore(azurite.connection_string)
    staff = Principal("staff-1", frozenset({Role.STAFF}), True, role=Role.STAFF)
    with pytest.raises(RuleViolation, match="no viewer account"):
        create_exit(deps, staff, ExitCreate(client_id=1, choice="retain"))
    made = create_exit(deps, staff, ExitCreate(client_id=1, choice="delete"))
    built = build_export(deps, made.id)
    with zipfile.ZipFile(io.BytesIO(deps.blobs.download(EXPORTS, built.export_blob))) as zf:
        names = zf.namelist()
        people = json.loads(zf.read("schuldenaren.json"))
    in_map = [t.table for t in load_map(second.map).client_scoped()]
    assert sorted(in_map) == ["correspondentie", "klanten", "schuldenaren", "zaken"]
    assert [n for n in names if n.endswith(".csv")] == [f"{t}.csv" for t in in_map]  # no table leads: the map's order
    assert len(people) == 20 and {p["klantnummer"] for p in people} == {1}
    assert built.export_counts["correspondentie"] == 20 and built.export_counts["document_files"] == 0
