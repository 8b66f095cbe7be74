"""The exit's facts come from the data map: which table leads the export, the stored files and
their names, the client's read-only flag and end date, the users' write flag, the fee invoices.
A map that states them wrongly is refused with the line; a map without them says what it lacks."""

from pathlib import Path

import pytest

from shared.config import reset_settings
from shared.datamap import exit_facts
from shared.datamap.loader import REFERENCE, DataMapError, forget, load_map

GOOD = REFERENCE.read_text(encoding="utf-8")


def load(tmp_path: Path, text: str):
    p = tmp_path / "map.yaml"
    p.write_text(text, encoding="utf-8")
    return load_map(p)


def test_the_reference_map_states_every_exit_fact():
    assert exit_facts.export_order()[0].table == "contact_registrations"
    (files,) = exit_facts.file_tables()
    assert (files.map.table, files.path.name, files.name is not None and files.name.name) == \
        ("documents", "blob_path", "filename")
    client = exit_facts.client()
    assert client.ended == ("ended",) and client.status is not None and client.status.name == "status"
    assert client.read_only is not None and client.read_only.name == "read_only"
    assert client.ended_on is not None and client.ended_on.name == "relationship_ended_on"
    assert [(f.table.name, f.flag.name, f.client.name) for f in exit_facts.write_flags()] == \
        [("client_users", "can_write", "client_id")]
    fee = exit_facts.fee_invoices()
    assert fee is not None and (fee.table.name, fee.number.name, fee.vat.name) == ("client_invoices", "number",
                                                                                  "vat_amount")
    assert exit_facts.viewer_supported()


@pytest.mark.parametrize(("old", "new", "says"), [
    ("exit: {file_name: filename}", "exit: {file_name: file_title}", "file_title"),  # not a column
    ("exit: {write_flag: can_write}", "exit: {write_flag: can_write, read_only: can_write}",
     "belong on the clients' own table"),
    ("exit: {export_first: true}  # what", "exit: {export_first: true, file_name: summary}  # what",
     "blob_column"),
    ("    exit: {read_only: read_only, ended_on: relationship_ended_on}\n",
     "    exit: {read_only: read_only, ended_on: relationship_ended_on, export_first: yes please}\n",
     "export_first"),
])
def test_a_wrong_exit_fact_is_refused_with_its_line(tmp_path, old, new, says):
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    with pytest.raises(DataMapError) as err:
        load(tmp_path, bad)
    assert says in str(err.value) and "line " in str(err.value)


def test_two_tables_cannot_both_lead_the_export(tmp_path):
    bad = GOOD.replace("exit: {file_name: filename}", "exit: {file_name: filename, export_first: true}", 1)
    with pytest.raises(DataMapError, match=r"exit\.export_first: on one table only"):
        load(tmp_path, bad)


def test_without_the_facts_an_exit_offers_no_viewer_and_follows_the_maps_order(tmp_path, monkeypatch):
    bare = (GOOD.replace("    exit: {read_only: read_only, ended_on: relationship_ended_on}\n", "", 1)
            .replace("    exit: {export_first: true}  # what a client asks for first at its exit\n", "", 1)
            .replace("    exit: {file_name: filename}\n", "", 1)
            .replace("      groups: {active: [active], ended: [ended]}", "      groups: {active: [active]}", 1))
    p = tmp_path / "bare.yaml"
    p.write_text(bare, encoding="utf-8")
    monkeypatch.setenv("PRIVACY_DATA_MAP", str(p))
    reset_settings()
    forget()
    try:
        assert not exit_facts.viewer_supported()  # fee invoices named, but no read-only flag to set
        assert exit_facts.export_order()[0].table == "clients"  # the map's first client table
        assert exit_facts.file_tables()[0].name is None  # files are named by their key
        client = exit_facts.client()
        assert client.status is None and client.ended == () and client.ended_on is None
    finally:
        monkeypatch.delenv("PRIVACY_DATA_MAP")
        reset_settings()
        forget()
    assert exit_facts.viewer_supported()


def test_the_clients_name_e_mail_and_status_come_from_the_map():
    from shared.datamap.discovery import client_summary

    cols = client_summary()
    assert [c.name for c in cols] == ["id", "name", "email", "status"]
    assert [str(c.element) if hasattr(c, "element") else str(c) for c in cols[1:]] == \
        ["clients.name", "clients.email", "clients.status"]
