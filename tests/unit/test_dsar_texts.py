"""The Dutch texts carry what the law asks of them."""

from datetime import UTC, date, datetime

from shared.datamap import DATA_MAP
from shared.dsar import texts

AT = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam


def test_dates_are_dutch_and_on_the_amsterdam_calendar():
    assert texts.d(date(2026, 3, 2)) == "2 maart 2026"
    assert texts.ts(AT) == "2 maart 2026 om 23:30"


def test_the_art15_letter_lists_purposes_recipients_retention_rights_source_and_no_automation():
    facts = texts.Art15Facts("Garage Jansen B.V., uw schuldeiser", ["Garage Jansen B.V.", "Microsoft Azure"],
                             ["5 jaar na het sluiten van het incassodossier"], creditor="Garage Jansen B.V.")
    html = texts.art15_html("abc", AT, {"debtors": 1, "dossiers": 2}, DATA_MAP, facts, restricted=1)
    for needle in ("het innen van vorderingen", "Microsoft Azure", "buiten de Europese Unie",
                   "5 jaar na het sluiten van het incassodossier", "Autoriteit Persoonsgegevens",
                   "van uw schuldeiser, Garage Jansen B.V.", "geen geautomatiseerde besluitvorming", "_restricted",
                   "debiteuren (1 registraties", "Raymond Tournier"):
        assert needle in html, needle
    assert "<script" not in html


def test_the_erasure_certificate_says_what_was_kept_and_why_and_about_backups():
    text = texts.erasure_certificate("abc", AT, {"name": 3}, {"fiscal": {"financial": 1}}, blobs=2)
    assert "naam: 3 registraties" in text and "documenten (bestanden): 2" in text
    assert "fiscale bewaarplicht" in text and "back-up" in text and "verwijderregister" in text


def test_a_refusal_names_the_ground_and_the_right_to_complain():
    line, body = texts.rejection("access", "Jan", "abc", "manifestly_unfounded", "Geen gegevens gevraagd")
    assert "kennelijk ongegrond" in body and "Autoriteit Persoonsgegevens" in body and "rechter" in body
    assert line.startswith("Besluit op uw verzoek")


def test_an_extension_names_the_old_and_new_date_and_the_reason():
    _, body = texts.extension("erasure", None, "abc", "Veel dossiers", date(2026, 3, 2), date(2026, 4, 28))
    assert "2 maart 2026" in body and "28 april 2026" in body and "Veel dossiers" in body
    assert body.startswith("Geachte heer, mevrouw,")
