"""The export renderers: what the FG hands to the AP must be complete, Dutch and safe to open."""

import csv
import io
import json
from datetime import UTC, datetime

from shared.datamap import DATA_MAP
from shared.register import export, rules
from shared.register.seed import ACTIVITIES, PROCESSORS

PROCS = {p["id"]: p for p in PROCESSORS}
NOW = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # already 25 November in Amsterdam


def document(activities=ACTIVITIES, clients=()):
    rows = [{"id": a["id"], "version": 1, "doc": a, "updated_at": NOW, "updated_by": "system"} for a in activities]
    acts = [rules.present_activity(r, PROCS, DATA_MAP) for r in rows]
    return {
        "generated_at": NOW,
        "controller": {"name": "Incassotool", "contact": "formulier", "address": None},
        "dpo": {"name": "Raymond Tournier", "contact": "010-8428628"},
        "activities": acts,
        "processors": [rules.present_processor({"id": p["id"], "version": 1, "doc": p, "updated_at": NOW,
                                                "updated_by": "system"}) for p in PROCESSORS],
        "processor_records": rules.processor_records(list(clients), acts, DATA_MAP),
        "data_map": rules.data_map_view(DATA_MAP, {a["id"] for a in activities}),
        "history": [{"kind": "activity", "object_id": "prospects", "version": 1, "change": "seed", "at": NOW,
                     "actor_oid": "system", "actor_role": "System"}],
    }


def test_filename_uses_the_amsterdam_date():
    assert export.filename(document(), "html") == "verwerkingsregister-2026-11-25.html"


def test_json_round_trips():
    doc = json.loads(export.to_json(document()))
    assert doc["generated_at"] == "2026-11-24T23:30:00+00:00"
    assert len(doc["activities"]) == len(ACTIVITIES)


def test_csv_has_one_row_per_activity_and_defuses_formulas():
    evil = dict(ACTIVITIES[0], name="=HYPERLINK(\"http://x\")")
    rows = list(csv.DictReader(io.StringIO(export.to_csv(document([evil, *ACTIVITIES[1:]])))))
    assert len(rows) == len(ACTIVITIES)
    assert rows[0]["naam"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["maatregelen_afdoende"] == "nog niet beoordeeld"


def test_html_escapes_every_value():
    evil = dict(ACTIVITIES[0], name="<b>x</b>", purposes=["\"><script>1</script>"])
    client = {"id": 1, "name": "<i>Jansen</i> & Zn", "email": "a@b.nl", "status": "active"}
    html = export.to_html(document([evil, *ACTIVITIES[1:]], [client]))
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;1&lt;/script&gt;" in html
    assert "&lt;i&gt;Jansen&lt;/i&gt; &amp; Zn" in html


def test_html_has_the_controller_record_the_processor_records_and_a_print_stylesheet():
    html = export.to_html(document(clients=[{"id": 4, "name": "Garage", "email": None, "status": "ended"}]))
    assert html.startswith("<!DOCTYPE html><html lang=nl>")
    assert "Register als verwerkingsverantwoordelijke (art. 30 lid 1 AVG)" in html
    assert "Register als verwerker (art. 30 lid 2 AVG)" in html and "Cliënt 4" in html
    assert "@media print" in html and "@page" in html
    assert "Opgesteld op 25 november 2026 om 00:30" in html
    for a in ACTIVITIES:
        assert f"id='{a['id']}'" in html


def test_every_seed_category_has_a_dutch_label_for_the_ap():
    from shared.register.catalogue import DATA_NL, SUBJECT_NL

    for a in ACTIVITIES:
        assert set(a["subject_categories"]) <= set(SUBJECT_NL), a["id"]
        assert set(a["data_categories"]) <= set(DATA_NL), a["id"]
    html = export.to_html(document())
    assert "debiteuren (klanten van de cliënt)" in html and "geboortedatum" in html
