"""The register's exports (Art. 30(4) GDPR: on request to the authority): JSON, CSV and printable
Dutch HTML, over the API and the CLI, each audited."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from shared.register.seed import ACTIVITIES, PROCESSORS
from tests.support.register import (
    OFFICER,
    SEED_IDS,
    STAFF,
    add_client,
    audit_actions,
    body_of,
)

# --- exports --------------------------------------------------------------------------------------


def test_json_export_holds_both_records_and_is_audited(client, seeded_register):
    add_client(seeded_register, 1, "Bakkerij De Vries")
    add_client(seeded_register, 2, "Garage Jansen")
    resp = client.get("register/export", role=STAFF, params={"format": "json"})
    assert resp.status == 200
    assert "verwerkingsregister-2026-11-24.json" in resp.header("Content-Disposition")
    doc = resp.json()
    assert {a["id"] for a in doc["activities"]} == SEED_IDS
    assert [r["client_id"] for r in doc["processor_records"]] == [1, 2]
    record = doc["processor_records"][0]
    assert record["controller"]["name"] == "Bakkerij De Vries"
    assert {c["activity_id"] for c in record["categories_of_processing"]} >= {"collection", "support"}
    assert record["transfers"] and record["security_measures"]
    assert {p["id"] for p in doc["processors"]} == {"azure", "interpulse"}
    assert len(doc["history"]) == len(ACTIVITIES) + len(PROCESSORS)
    assert doc["data_map"]["unknown_activities"] == []
    assert audit_actions(seeded_register, "register") == ["register.exported"]


def test_csv_export_has_one_row_per_activity(client, seeded_register):
    resp = client.get("register/export", role=STAFF, params={"format": "csv"})
    assert resp.status == 200 and resp.header("Content-Type").startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.body.decode("utf-8"))))
    assert {r["id"] for r in rows} == SEED_IDS
    analytics = next(r for r in rows if r["id"] == "website_analytics")
    assert "US" in analytics["doorgifte"] and analytics["risico_vlaggen"] == "transfers"
    assert all(r["doeleinden"] and r["bewaartermijn"] and r["beveiligingsmaatregelen"] for r in rows)


def test_html_export_is_dutch_printable_and_escaped(client, seeded_register):
    add_client(seeded_register, 7, "<img src=x onerror=alert(1)>")
    evil = body_of("prospects", name="<script>alert('x')</script> & co")
    assert client.put("register/activities/prospects", evil, role=OFFICER).status == 200
    resp = client.get("register/export", role=OFFICER, params={"format": "html"})
    assert resp.status == 200 and resp.header("Content-Type").startswith("text/html")
    html = resp.body.decode("utf-8")
    assert "Register van verwerkingsactiviteiten (art. 30 AVG)" in html
    assert "Register als verwerker (art. 30 lid 2 AVG)" in html and "Cliënt 7" in html
    assert "@media print" in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Raymond Tournier" in html and "Microsoft Azure" in html and "Interpulse" in html


def test_cli_export_writes_the_same_register(seeded_register, tmp_path, capsys):
    from devtools.register_cli import cmd_export

    add_client(seeded_register, 3, "Drukkerij")
    out = tmp_path / "register.html"
    assert cmd_export(SimpleNamespace(format="html", output=str(out))) == 0
    assert "Cliënt 3" in out.read_text(encoding="utf-8")
    assert cmd_export(SimpleNamespace(format="csv", output=None)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"] for r in rows} == SEED_IDS
