"""The breach register (Art. 33(5)): every breach, notified or not, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from shared.breaches.register_export import COLUMNS
from tests.support.breaches import add_clients, intake_body, strong_assessment

OFFICER, STAFF = "Privacy.Officer", "Privacy.Staff"
LOW = {"dpc": 1, "ei": 0.25, "cb_confidentiality": 0, "cb_integrity": 0, "cb_availability": 0, "malicious": False}


def three_breaches(client, deps, clock):
    add_clients(deps, 5)
    fresh = client.post("breaches", intake_body(clock.at - timedelta(hours=1), summary="=HYPERLINK(\"x\")"),
                        role=STAFF).json()["id"]
    low = client.post("breaches", intake_body(clock.at - timedelta(hours=30)), role=STAFF).json()["id"]
    client.post(f"breaches/{low}/assessment", LOW, role=STAFF)
    client.post(f"breaches/{low}/decision", {}, role=OFFICER)
    client.post(f"breaches/{low}/evaluation", {"lessons_learned": "Geen actie nodig", "measures": [
        {"description": "Uitleg aan team", "owner": "FG", "due_date": "2026-12-01"}]}, role=STAFF)
    high = client.post("breaches", intake_body(clock.at - timedelta(hours=50), client_ids=[5],
                                               subject_categories=["debtor", "staff"]),
                       role=STAFF).json()["id"]
    client.post(f"breaches/{high}/assessment", strong_assessment(), role=STAFF)
    client.post(f"breaches/{high}/decision", {}, role=OFFICER)
    client.post(f"breaches/{high}/notifications", {"target": "authority", "authority_reference": "AP-77"},
                role=OFFICER)
    client.post(f"breaches/{high}/notifications", {"target": "clients"}, role=OFFICER)
    return fresh, low, high


def test_the_register_lists_every_breach_notified_or_not(client, deps, clock):
    fresh, low, high = three_breaches(client, deps, clock)
    resp = client.get("breaches/register", role=STAFF)
    assert resp.status == 200
    items = resp.json()["items"]
    assert [i["id"] for i in items] == [high, low, fresh]  # by moment of awareness
    by_id = {i["id"]: i for i in items}
    assert by_id[fresh]["status"] == "reported" and by_id[fresh]["outcome"] is None
    assert by_id[low]["outcome"] == "register_only" and by_id[low]["status"] == "closed"
    assert by_id[low]["lessons_learned"] == "Geen actie nodig"
    assert by_id[low]["follow_up_measures"][0]["owner"] == "FG"
    assert by_id[high]["authority_reference"] == "AP-77" and by_id[high]["severity"] == "very_high"
    assert by_id[high]["clients_notified_at"] is not None and by_id[high]["client_ids"] == [5]
    assert by_id[high]["measures_taken"] == "Account geblokkeerd, wachtwoorden gewijzigd."


def test_the_register_as_csv_has_a_header_and_a_row_per_breach(client, deps, clock):
    fresh, low, high = three_breaches(client, deps, clock)
    resp = client.get("breaches/register", role=OFFICER, params={"format": "csv"})
    assert resp.status == 200
    assert resp.header("Content-Type").startswith("text/csv")
    assert "attachment" in resp.header("Content-Disposition")
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == [high, low, fresh]
    fresh_row = dict(zip(COLUMNS, rows[3], strict=True))
    assert fresh_row["summary"].startswith("'=")  # a spreadsheet must not run it as a formula
    assert fresh_row["nature"] == "confidentiality"
    assert fresh_row["data_kinds"] == "name_address; email; financial"
    low_row = dict(zip(COLUMNS, rows[2], strict=True))
    assert low_row["follow_up_measures"] == "Uitleg aan team (FG, uiterlijk 1 december 2026)"


def test_an_empty_register_is_just_the_header(client, deps):
    resp = client.get("breaches/register", role=OFFICER, params={"format": "csv"})
    assert resp.body.decode().splitlines() == [",".join(COLUMNS)]
    assert client.get("breaches/register", role=OFFICER).json() == {"items": [], "next": None}
