"""The AP form answers, as the FG will copy them: every section, in Dutch, first or follow-up,
and the reasons for delay only when the notification is (or will be) late."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.breaches.authority_report import as_text, build
from shared.breaches.texts import client_letter, subject_letter
from shared.nl import FG

AWARE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DUE = AWARE + timedelta(hours=72)


def view(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "b-1", "status": "decided", "summary": "Laptop met debiteurenlijst gestolen",
        "became_aware_at": AWARE, "authority_notification_due_at": DUE, "authority_required": True,
        "authority_notified_at": None, "reported_at": AWARE, "closed_at": None,
        "started_at": AWARE - timedelta(hours=3), "ended_at": None, "ongoing": True,
        "discovered_how": "Medewerker meldde diefstal", "incident_type": "device_lost_or_stolen",
        "incident_other": None, "nature": ["confidentiality", "availability"],
        "data_kinds": ["name_address", "financial", "other"], "data_other": "dossiernotities",
        "subject_categories": ["debtor"], "subject_categories_other": None, "subjects_min": 10,
        "subjects_max": 2500, "records_count": 3000, "protection": "none", "protection_how": None,
        "processors": [], "likely_consequences": "Fraude mogelijk", "measures_taken": "Laptop op afstand gewist",
        "cross_border": False, "other_authorities": None, "reported_by_role": "Ops.Engineer",
        "client_ids": [], "incassotool_role": "controller", "client_notices": [], "assessments": [], "assessment": {
            "severity": "high", "score": Decimal("3.25"), "consequences": "Fraude en phishing",
            "harm": ["material"], "inputs": {"vulnerable_subjects": True},
            "notify_subjects_reasoning": "Betrokkenen niet informeren: de gegevens waren onbegrijpelijk",
        },
        "decisions": [], "decision": {"outcome": "notify_authority", "subjects_channel": "none",
                                      "overridden": False, "reason": None, "notify_subjects": False},
        "notifications": [], "authority_notification_late": None, "evaluation": None, "evaluations_count": 0,
    }
    base.update(overrides)
    return base


def answers(report: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(s["key"], qa["question"]): qa["answer"] for s in report["sections"] for qa in s["answers"]}


def test_a_first_notification_in_time_has_every_section_but_delay():
    report = build(view(), AWARE + timedelta(hours=10))
    assert report["phase"] == "first" and report["late"] is False
    assert [s["title"] for s in report["sections"]] == [
        "Melding", "Contactgegevens", "Tijdlijn", "Het datalek", "Gegevens", "Betrokkenen",
        "Maatregelen vooraf", "Gevolgen", "Vervolgacties"]
    a = answers(report)
    assert a[("notification", "Wet waaronder u meldt")].startswith("Algemene verordening gegevensbescherming")
    assert a[("contact", "Naam organisatie")] == "Incassotool (verwerkingsverantwoordelijke)"
    assert a[("contact", "Telefoonnummer contactpersoon")] == FG.phone
    assert "Niet in het privacybeleid vermeld" in a[("contact", "E-mailadres contactpersoon")]
    assert a[("contact", "Is er een verwerker betrokken bij het datalek?")] == "Nee"
    assert a[("timeline", "Einde van het datalek")] == "Het datalek duurt nog voort"
    assert a[("timeline", "Wanneer ontdekt")] == "20 november 2026 om 10:00"
    assert a[("breach", "Soort incident")] == "Apparaat verloren of gestolen"
    assert a[("breach", "Aard van het datalek")].startswith("Vertrouwelijkheid") and "Beschikbaarheid" in \
        a[("breach", "Aard van het datalek")]
    assert "Overig: dossiernotities" in a[("data", "Soorten persoonsgegevens")]
    assert a[("data", "Aantal records (bij benadering)")] == "3.000"
    assert a[("subjects", "Minimaal aantal betrokkenen")] == "10"
    assert a[("subjects", "Kwetsbare groepen (zoals kinderen of mensen met schulden)")] == "Ja"
    assert a[("prior_measures", "Waren de gegevens versleuteld, gehasht of anderszins onbegrijpelijk of "
                                "ontoegankelijk?")].startswith("Nee")
    assert a[("consequences", "Ernst")] == "hoog (ENISA-score 3,25)"
    assert a[("consequences", "Soort schade")].startswith("materiële schade")
    assert a[("follow_up", "Zijn de betrokkenen geïnformeerd of gaan zij geïnformeerd worden?")] == "Nee"
    assert a[("follow_up", "Zo nee, waarom niet?")].startswith("Betrokkenen niet informeren")
    assert a[("follow_up", "Herstelmaatregelen")] == "Laptop op afstand gewist"
    assert a[("follow_up", "Gaat het om grensoverschrijdende verwerking?")] == "Nee"


def test_past_72_hours_without_a_filing_asks_for_the_reasons():
    report = build(view(), DUE + timedelta(seconds=1))
    assert report["late"] is True
    assert report["sections"][-1]["title"] == "Redenen vertraging"
    assert build(view(), DUE)["late"] is False


def test_after_filing_it_is_a_follow_up_with_the_reference_and_the_recorded_delay():
    first = {"target": "authority", "phase": "first", "sent_at": DUE + timedelta(hours=2),
             "authority_reference": "AP-5", "late": True, "delay_reasons": "Forensisch onderzoek liep"}
    report = build(view(notifications=[first]), DUE + timedelta(days=3))
    assert report["phase"] == "follow_up" and report["authority_reference"] == "AP-5"
    a = answers(report)
    assert a[("notification", "Soort melding")] == "Vervolgmelding op de melding met meldnummer AP-5"
    assert a[("notification", "Eerder ingediend: Eerste melding")].endswith("meldnummer AP-5")
    assert a[("delay", "Redenen voor de late melding")] == "Forensisch onderzoek liep"


def notice(client_id: int, hours: int | None, mandate: bool = False) -> dict[str, Any]:
    return {"client_id": client_id, "notified_at": AWARE + timedelta(hours=hours) if hours is not None else None,
            "mandate": mandate, "subjects_count": None, "records_count": None, "notice_due_at": None,
            "late": None, "authority_reference": None}


def test_as_processor_the_clients_notify_and_incassotool_is_the_processor_involved():
    a = answers(build(view(client_ids=[3, 4], incassotool_role="processor", processors=["Microsoft Azure"],
                           client_notices=[notice(3, 1), notice(4, 2)]), AWARE + timedelta(hours=2)))
    assert a[("contact", "Naam organisatie")].startswith("cliënt nr. 3, cliënt nr. 4 (verwerkingsverantwoordelijke) "
                                                         "meldt zelf")
    assert a[("contact", "Is er een verwerker betrokken bij het datalek?")] == \
        "Ja: Incassotool (verwerker), Microsoft Azure"
    role = a[("contact", "Rol van Incassotool")]
    assert role.startswith("Verwerker voor 2 cliënt(en)")
    assert "2 van hen zijn geïnformeerd" in role and "de eerste op 20 november 2026 om 11:00" in role


def test_a_filing_under_a_clients_mandate_names_that_client():
    a = answers(build(view(client_ids=[3, 4], incassotool_role="processor",
                           client_notices=[notice(3, 1, mandate=True), notice(4, None)]), AWARE))
    assert a[("contact", "Naam organisatie")].startswith("cliënt nr. 3 (verwerkingsverantwoordelijke); deze melding "
                                                         "doet Incassotool namens hen")
    assert "1 van hen zijn geïnformeerd" in a[("contact", "Rol van Incassotool")]


def test_both_roles_incassotool_notifies_as_controller_and_is_processor_for_the_clients():
    a = answers(build(view(client_ids=[3], incassotool_role="both", client_notices=[notice(3, None)]), AWARE))
    assert a[("contact", "Naam organisatie")] == "Incassotool (verwerkingsverantwoordelijke)"
    assert a[("contact", "Is er een verwerker betrokken bij het datalek?")] == "Nee"
    assert a[("contact", "Rol van Incassotool")].startswith(
        "Verwerkingsverantwoordelijke voor de eigen relaties en daarnaast verwerker voor 1 cliënt(en)")
    assert "nog niet geïnformeerd" in a[("contact", "Rol van Incassotool")]


def test_subjects_told_publicly_and_measures_of_the_evaluation():
    public = {"target": "public", "phase": None, "sent_at": AWARE + timedelta(hours=5), "channel": "website"}
    evaluation = {"lessons_learned": "x", "measures": [
        {"description": "Schijfversleuteling", "owner": "IT", "due_date": date(2026, 12, 1), "done_on": None}]}
    a = answers(build(view(notifications=[public], evaluation=evaluation), AWARE + timedelta(hours=6)))
    assert a[("follow_up", "Zijn de betrokkenen geïnformeerd of gaan zij geïnformeerd worden?")].startswith(
        "Ja, via een openbare mededeling (website)")
    assert "Schijfversleuteling (eigenaar IT, gereed 1 december 2026)" in a[("follow_up", "Herstelmaatregelen")]


def test_an_unassessed_breach_says_so():
    a = answers(build(view(assessment=None, decision=None), AWARE + timedelta(hours=1)))
    assert a[("consequences", "Ernst")] == "Nog niet beoordeeld"
    assert a[("consequences", "Gevolgen voor de betrokkenen")] == "Fraude mogelijk"


def test_text_form_is_plain_dutch_with_a_heading_per_section():
    text = as_text(build(view(), AWARE + timedelta(hours=1)))
    lines = text.splitlines()
    assert lines[0].startswith("Melding datalek aan de Autoriteit Persoonsgegevens")
    for heading in ("MELDING", "CONTACTGEGEVENS", "TIJDLIJN", "HET DATALEK", "GEGEVENS", "BETROKKENEN",
                    "MAATREGELEN VOORAF", "GEVOLGEN", "VERVOLGACTIES"):
        assert heading in lines
    assert "Samenvatting: Laptop met debiteurenlijst gestolen" in lines


def test_letters_name_the_fg_and_the_measures():
    letter = subject_letter(breach_id="b-1", summary="Laptop gestolen", data_kinds=["financial"],
                            consequences=None, measures="Laptop gewist")
    assert FG.name in letter.body and FG.phone in letter.body
    assert "Wat hebben wij gedaan? Laptop gewist" in letter.body
    assert "klacht in te dienen bij de Autoriteit Persoonsgegevens" in letter.body
    to_client = client_letter(client_name="Bakkerij B.V.", breach_id="b-1", became_aware_at=AWARE,
                              summary="Laptop gestolen", nature=["confidentiality"], data_kinds=[],
                              consequences=None, measures=None)
    assert to_client.body.startswith("Geachte heer/mevrouw van Bakkerij B.V.")
    assert "72 uur" in to_client.body and "artikel 33 lid 2 AVG" in to_client.body
