"""Renderers of the register export: JSON, CSV (the activities, one row each) and a printable
HTML document in Dutch for the Autoriteit Persoonsgegevens. Pure functions of the export document;
every value in the HTML is escaped."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from enum import Enum
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from shared.csv_cells import safe_cell
from shared.nl import moment_nl
from shared.register.catalogue import DATA_NL, SUBJECT_NL

AMS = ZoneInfo("Europe/Amsterdam")
MIMETYPES = {"json": "application/json", "csv": "text/csv", "html": "text/html"}
CSV_COLUMNS = (
    "id", "naam", "rol", "verwerkingsverantwoordelijke", "fg", "doeleinden", "grondslagen", "categorieen_betrokkenen",
    "categorieen_gegevens", "ontvangers", "doorgifte", "bewaartermijn", "bewaarbeleid_ids", "beveiligingsmaatregelen",
    "datamap_scope", "datamap_tabellen", "risico_vlaggen", "risico_beoordeling", "dpia_aangewezen",
    "maatregelen_afdoende", "knelpunten", "aandachtspunten", "beoordeeld_op", "beoordeeld_door", "versie",
    "gewijzigd_op",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_plain)


def filename(doc: dict[str, Any], fmt: str) -> str:
    at = doc["generated_at"]
    day = (datetime.fromisoformat(at) if isinstance(at, str) else at).astimezone(AMS).date().isoformat()
    return f"verwerkingsregister-{day}.{fmt}"


def _local(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return moment_nl(value)
    return "" if value is None else str(value)


def _yes_no(value: bool | None) -> str:
    return "nog niet beoordeeld" if value is None else ("ja" if value else "nee")


def to_csv(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in doc["activities"]:
        risk = a["risk"]
        row = [
            a["id"], a["name"], a["role_nl"], f"{a['controller']['name']} ({a['controller']['contact']})",
            f"{a['dpo']['name']} ({a['dpo']['contact']})", "; ".join(a["purposes"]),
            "; ".join(f"{b['basis_nl']}: {b['explanation']}" for b in a["legal_basis"]),
            "; ".join(a["subject_categories"]), "; ".join(a["data_categories"]),
            "; ".join(r["name"] for r in a["recipients"]), a["transfers_statement"],
            a["retention"]["description"], "; ".join(a["retention"]["policy_ids"]),
            "; ".join(m["text_nl"] for m in a["security_measures"]), a["data_map"]["scope"],
            "; ".join(t["table"] for t in a["data_map"]["tables"]),
            "; ".join(k for k, v in risk["flags"].items() if v), risk["rating_nl"],
            "ja" if risk["dpia_indicated"] else "nee", _yes_no(risk["measures_sufficient"]),
            "; ".join(risk["problems"]), "; ".join(risk["notes"]),
            _local(risk["reviewed_at"]), risk["reviewed_by"] or "",
            str(a["version"]), _local(a["updated_at"]),
        ]
        writer.writerow([safe_cell(str(v)) for v in row])
    return out.getvalue()


# --- HTML -----------------------------------------------------------------------------------------

STYLE = """
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 2em; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 2em; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; width: 28%; }
.meta { color: #555; } .problem { color: #8a1f11; } ul { margin: 0; padding-left: 1.2em; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  section.activity, section.record { page-break-inside: avoid; }
  h2 { page-break-before: always; } h2.first { page-break-before: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 18mm 15mm; }
}
"""


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _list(items: list[Any]) -> str:
    if not items:
        return "geen"
    return "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in pairs) + "</table>"


def _party(p: dict[str, Any]) -> str:
    bits = [p.get("name"), p.get("title"), p.get("contact"), p.get("address")]
    return "<br>".join(e(b) for b in bits if b)


def _activity(a: dict[str, Any]) -> str:
    risk = a["risk"]
    flags = [{"special_categories": "bijzondere persoonsgegevens", "large_scale": "grote schaal",
              "transfers": "doorgifte buiten de EU/EER", "new_technology": "nieuwe technologie"}[k]
             for k, v in risk["flags"].items() if v]
    pairs = [
        ("Rol van Incassotool", e(a["role_nl"])),
        ("Verwerkingsverantwoordelijke", _party(a["controller"])),
        ("Functionaris Gegevensbescherming", _party(a["dpo"])),
        ("Omschrijving", e(a["description"])),
        ("Doeleinden", _list(a["purposes"])),
        ("Grondslagen", _list([f"{b['basis_nl']}: {b['explanation']}" for b in a["legal_basis"]])),
        ("Categorieën betrokkenen", _list([SUBJECT_NL.get(c, c) for c in a["subject_categories"]])),
        ("Categorieën persoonsgegevens", _list([DATA_NL.get(c, c) for c in a["data_categories"]])),
        ("Ontvangers", _list([r["name"] for r in a["recipients"]])),
        ("Doorgifte buiten de EU/EER", e(a["transfers_statement"])),
        ("Bewaartermijn", e(a["retention"]["description"])
         + (f"<br><span class=meta>Bewaarbeleid: {e(', '.join(a['retention']['policy_ids']))}</span>"
            if a["retention"]["policy_ids"] else "")),
        ("Beveiligingsmaatregelen (art. 32)", _list([m["text_nl"] for m in a["security_measures"]])),
        ("Gegevens in het platform", e(a["data_map"]["reason"]) if a["data_map"]["scope"] != "tables" else
         _list([f"{t['table']}: {', '.join(t['columns'])}" for t in a["data_map"]["tables"]])),
        ("Risico", e(f"{risk['rating_nl']}; kenmerken: {', '.join(flags) or 'geen'}; DPIA aangewezen: "
                     f"{'ja' if risk['dpia_indicated'] else 'nee'}; maatregelen afdoende: "
                     f"{_yes_no(risk['measures_sufficient'])}")),
        ("Knelpunten", "<div class=problem>" + _list(risk["problems"]) + "</div>"),
        ("Aandachtspunten", _list(risk["notes"])),
        ("Laatst beoordeeld", e(f"{_local(risk['reviewed_at'])} door {risk['reviewed_by']}"
                                if risk["reviewed_at"] else "nog niet beoordeeld")),
        ("Versie", e(f"{a['version']}, gewijzigd {_local(a['updated_at'])}")),
    ]
    return (f"<section class=activity id='{e(a['id'])}'><h3>{e(a['name'])} <span class=meta>({e(a['id'])})"
            f"</span></h3>{_rows(pairs)}</section>")


def _processor(p: dict[str, Any]) -> str:
    agreement = p.get("agreement") or {}
    pairs = [
        ("Dienst", e(p["service"])),
        ("Locatie", e(f"{p['location']} ({p['country']})")),
        ("Overeenkomst", e(agreement.get("reference")) + " — datum: "
         + e(agreement.get("date") or "ontbreekt")),
        ("Subverwerkers", _list([f"{s['name']} ({s['country']}): {s['service']}"
                                 for s in p.get("sub_processors", [])])),
        ("Opmerkingen", _list(p.get("notes", []))),
    ]
    return f"<section class=record><h3>{e(p['name'])}</h3>{_rows(pairs)}</section>"


def _client_record(r: dict[str, Any]) -> str:
    pairs = [
        ("Verwerkingsverantwoordelijke (cliënt)", e(f"{r['controller']['name']} — {r['controller']['contact']}")),
        ("Verwerker", _party(r["processor"])),
        ("Functionaris Gegevensbescherming", _party(r["dpo"])),
        ("Categorieën van verwerkingen", _list(
            [f"{c['name']} ({', '.join(c['tables']) or 'geen platformtabellen'})"
             for c in r["categories_of_processing"]])),
        ("Doorgifte buiten de EU/EER", _list(r["transfers"])),
        ("Beveiligingsmaatregelen (art. 32)", _list(r["security_measures"])),
        ("Subverwerkers", _list([f"{s['name']} ({s['service']}, {s['country']})" for s in r["sub_processors"]])),
        ("Instructies van de verwerkingsverantwoordelijke (art. 28 lid 3 sub a)", _list(
            [f"{_local(i['received_at'])}: {i['decision']} ({i['object_type']} {str(i['object_id'])[:8]}), "
             f"kenmerk {i['reference']}, via {i['channel']}, gegeven door {i['given_by']}"
             for i in r["instructions"]])),
    ]
    return f"<section class=record><h3>Cliënt {e(r['client_id'])}</h3>{_rows(pairs)}</section>"


def to_html(doc: dict[str, Any]) -> str:
    own = [a for a in doc["activities"] if a["role"] in ("controller", "both")]
    on_behalf = [a for a in doc["activities"] if a["role"] == "processor"]
    parts = [
        "<!DOCTYPE html><html lang=nl><head><meta charset=utf-8>",
        "<title>Register van verwerkingsactiviteiten — Incassotool</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Register van verwerkingsactiviteiten (art. 30 AVG)</h1>",
        f"<p class=meta>Opgesteld op {e(_local(doc['generated_at']))} (Nederlandse tijd).</p>",
        "<h2 class=first>1. Verwerkingsverantwoordelijke en Functionaris Gegevensbescherming</h2>",
        _rows([("Verwerkingsverantwoordelijke", _party(doc["controller"])),
               ("Postadres", e(doc["controller"].get("address") or "nog vast te leggen")),
               ("Functionaris Gegevensbescherming", _party(doc["dpo"]))]),
        "<h2>2. Register als verwerkingsverantwoordelijke (art. 30 lid 1 AVG)</h2>",
        *(_activity(a) for a in own),
        "<h2>3. Register als verwerker (art. 30 lid 2 AVG)</h2>",
        "<p>Verwerkingen die Incassotool in opdracht van cliënten uitvoert:</p>",
        *(_activity(a) for a in on_behalf),
        "<h3>Per cliënt (verwerkingsverantwoordelijke)</h3>",
        *(_client_record(r) for r in doc["processor_records"]),
        "" if doc["processor_records"] else "<p>Er zijn geen cliënten in het platform.</p>",
        "<h2>4. Derden (verwerkers)</h2>",
        *(_processor(p) for p in doc["processors"]),
        "<h2>5. Wijzigingshistorie</h2>",
        "<table><tr><th>Moment</th><th>Onderdeel</th><th>Versie</th><th>Wijziging</th><th>Door</th></tr>",
        *(f"<tr><td>{e(_local(h['at']))}</td><td>{e(h['kind'])} {e(h['object_id'])}</td><td>{e(h['version'])}"
          f"</td><td>{e(h['change'])}</td><td>{e(h['actor_role'])} {e(h['actor_oid'])}</td></tr>"
          for h in doc["history"]),
        "</table></body></html>",
    ]
    return "\n".join(parts)


def render(doc: dict[str, Any], fmt: str) -> str:
    return {"json": to_json, "csv": to_csv, "html": to_html}[fmt](doc)
