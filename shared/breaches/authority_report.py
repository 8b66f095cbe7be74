"""The answers to the AP's notification form (meldformulier datalekken), in Dutch, ready to copy.

A pure function of one breach's view (views.compose) and `now`: JSON sections of questions
and answers, and the same as plain text. The AP takes the notification only through its online
form; the suite prepares what to type in it, including follow-up notifications.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.breaches import texts
from shared.breaches.risk import SEVERITY_NL, Severity, SubjectsChannel
from shared.breaches.rules import DataKind, Harm, IncidentType, Nature, Phase, Protection, Target, is_late
from shared.datamap.model import SubjectCategory
from shared.nl import FG, ORGANISATION, date_nl

T = texts
MISSING = "Nog niet vastgelegd"


def _qa(question: str, answer: str) -> dict[str, str]:
    return {"question": question, "answer": answer}


def _section(key: str, title: str, answers: list[dict[str, str]]) -> dict[str, Any]:
    return {"key": key, "title": title, "answers": answers}


def _list(items: list[str]) -> str:
    return "; ".join(items) if items else MISSING


def _count(n: int | None) -> str:
    return MISSING if n is None else f"{n:,}".replace(",", ".")


def _authority(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in view["notifications"] if n["target"] == Target.AUTHORITY]


def _first_of(view: dict[str, Any], *targets: Target) -> dict[str, Any] | None:
    return next((n for n in view["notifications"] if n["target"] in targets), None)


def _fg_contact() -> list[dict[str, str]]:
    return [
        _qa("Melder", f"{FG.name}, {FG.role}"),
        _qa("Naam contactpersoon", FG.name),
        _qa("Functie contactpersoon", FG.role),
        _qa("Telefoonnummer contactpersoon", FG.phone),
        _qa("E-mailadres contactpersoon",
            FG.email or f"Niet in het privacybeleid vermeld; bereikbaar via {FG.other}"),
    ]


def _notifier(view: dict[str, Any]) -> list[dict[str, str]]:
    """The organisation that notifies and the processor involved, consistent with the role."""
    others = list(view["processors"])
    if view["incassotool_role"] != "processor":  # Incassotool files as controller
        return [_qa("Naam organisatie", f"{ORGANISATION} (verwerkingsverantwoordelijke)"),
                _qa("Is er een verwerker betrokken bij het datalek?",
                    f"Ja: {', '.join(others)}" if others else "Nee")]
    mandated = [n["client_id"] for n in view.get("client_notices", []) if n["mandate"]]
    controllers = ", ".join(f"cliënt nr. {c}" for c in (mandated or view["client_ids"]))
    who = (f"{controllers} (verwerkingsverantwoordelijke); deze melding doet {ORGANISATION} namens hen, "
           "met hun vastgelegde opdracht" if mandated else
           f"{controllers} (verwerkingsverantwoordelijke) meldt zelf; {ORGANISATION} is alleen verwerker en "
           "levert deze antwoorden aan")
    return [_qa("Naam organisatie", who),
            _qa("Is er een verwerker betrokken bij het datalek?",
                f"Ja: {', '.join([f'{ORGANISATION} (verwerker)', *others])}")]


def build(view: dict[str, Any], now: datetime) -> dict[str, Any]:
    assessment, decision = view["assessment"], view["decision"]
    filed = _authority(view)
    first = next((n for n in filed if n["phase"] == Phase.FIRST), None)

    # Melding
    if first is None:
        kind = "Nieuwe melding (eerste melding)"
    else:
        kind = f"Vervolgmelding op de melding met meldnummer {first['authority_reference']}"
    notification = [
        _qa("Soort melding", kind),
        _qa("Wet waaronder u meldt", "Algemene verordening gegevensbescherming (AVG)"),
    ]
    for n in filed:
        notification.append(_qa(
            f"Eerder ingediend: {T.PHASE_NL[Phase(n['phase'])]}",
            f"{T.when_nl(n['sent_at'])}, meldnummer {n['authority_reference']}"))

    # Contactgegevens: who notifies, and which processor is involved, from Incassotool's role
    contact = [*_notifier(view), *_fg_contact()]
    if view["client_ids"]:
        notified = [n for n in view.get("client_notices", []) if n["notified_at"]]
        contact.append(_qa(
            "Rol van Incassotool",
            ("Verwerkingsverantwoordelijke voor de eigen relaties en daarnaast verwerker"
             if view["incassotool_role"] == "both" else "Verwerker")
            + f" voor {len(view['client_ids'])} cliënt(en) voor de gegevens van "
            f"{T.clients_people_nl(view.get('subject_categories'), 'hun')} (art. 28 AVG); "
            "deze cliënten zijn verwerkingsverantwoordelijke en melden zelf voor hun gegevens. "
            + (f"{len(notified)} van hen zijn geïnformeerd (art. 33 lid 2 AVG), de eerste op "
               f"{T.when_nl(min(n['notified_at'] for n in notified))}." if notified
               else "Zij zijn nog niet geïnformeerd (art. 33 lid 2 AVG).")))

    # Tijdlijn
    timeline = [
        _qa("Begin van het datalek", T.when_nl(view["started_at"]) if view["started_at"] else "Onbekend"),
        _qa("Einde van het datalek", "Het datalek duurt nog voort" if view["ongoing"]
            else (T.when_nl(view["ended_at"]) if view["ended_at"] else "Onbekend")),
        _qa("Duurt het datalek nog voort?", T.yes_no(view["ongoing"])),
        _qa("Wanneer ontdekt", T.when_nl(view["became_aware_at"])),
        _qa("Hoe ontdekt", view["discovered_how"] or MISSING),
        _qa("Uiterste meldtermijn (72 uur)", T.when_nl(view["authority_notification_due_at"])),
    ]

    # Het datalek
    incident = view["incident_type"]
    incident_text = T.INCIDENT_NL[IncidentType(incident)] if incident else MISSING
    if incident == IncidentType.OTHER and view["incident_other"]:
        incident_text += f": {view['incident_other']}"
    breach = [
        _qa("Samenvatting", view["summary"]),
        _qa("Soort incident", incident_text),
        _qa("Aard van het datalek", _list([T.NATURE_NL[Nature(n)] for n in view["nature"]])),
    ]

    # Gegevens
    kinds = [T.DATA_KIND_NL[DataKind(k)] for k in view["data_kinds"]]
    if view["data_other"]:
        kinds.append(f"Overig: {view['data_other']}")
    data = [
        _qa("Soorten persoonsgegevens", _list(kinds)),
        _qa("Bijzondere persoonsgegevens", T.yes_no(DataKind.SPECIAL_CATEGORIES in view["data_kinds"])),
        _qa("Aantal records (bij benadering)", _count(view["records_count"])),
    ]

    # Betrokkenen
    categories = [T.SUBJECT_CATEGORY_NL[SubjectCategory(c)] for c in view["subject_categories"]]
    if view["subject_categories_other"]:
        categories.append(f"Overig: {view['subject_categories_other']}")
    subjects = [
        _qa("Categorieën betrokkenen", _list(categories)),
        _qa("Minimaal aantal betrokkenen", _count(view["subjects_min"])),
        _qa("Maximaal aantal betrokkenen", _count(view["subjects_max"])),
    ]
    if assessment:
        subjects.append(_qa("Kwetsbare groepen (zoals kinderen of mensen met schulden)",
                            T.yes_no(assessment["inputs"].get("vulnerable_subjects"))))

    # Maatregelen vooraf
    protection = view["protection"]
    prior = [
        _qa("Waren de gegevens versleuteld, gehasht of anderszins onbegrijpelijk of ontoegankelijk?",
            T.PROTECTION_NL[Protection(protection)] if protection else MISSING),
    ]
    if view["protection_how"]:
        prior.append(_qa("Hoe", view["protection_how"]))

    # Gevolgen
    consequences_text = (assessment or {}).get("consequences") or view["likely_consequences"] or MISSING
    harm = [T.HARM_NL[Harm(h)] for h in (assessment or {}).get("harm", [])]
    consequences = [
        _qa("Gevolgen voor de betrokkenen", consequences_text),
        _qa("Soort schade", _list(harm)),
        _qa("Ernst", f"{SEVERITY_NL[Severity(assessment['severity'])]} (ENISA-score "
            f"{str(assessment['score']).replace('.', ',')})" if assessment else "Nog niet beoordeeld"),
    ]
    for n in view["nature"]:
        consequences.append(_qa(f"Gevolgen bij verlies van {_NATURE_SHORT[Nature(n)]}", _NATURE_EFFECT[Nature(n)]))

    # Vervolgacties
    told = _first_of(view, Target.SUBJECTS, Target.PUBLIC)
    if told:
        how = "individueel" if told["target"] == Target.SUBJECTS else f"via een openbare mededeling ({told['channel']})"
        informed = f"Ja, {how} op {T.when_nl(told['sent_at'])}"
    elif decision and decision["notify_subjects"]:
        channel = SubjectsChannel(decision["subjects_channel"])
        informed = f"Nog niet; dat gebeurt {T.CHANNEL_NL[channel]} zo spoedig mogelijk"
    else:
        informed = "Nee"
    if told or (decision and decision["notify_subjects"]):
        why_not = "Niet van toepassing"
    elif decision and decision["overridden"] and decision["reason"]:
        why_not = f"Besluit van de FG: {decision['reason']}"
    elif assessment:
        why_not = assessment["notify_subjects_reasoning"] + ("" if decision else " (besluit FG volgt)")
    else:
        why_not = "Nog niet beoordeeld"
    remedial = [view["measures_taken"]] if view["measures_taken"] else []
    if view["evaluation"]:
        remedial += [f"{m['description']} (eigenaar {m['owner']}, gereed {date_nl(m['due_date'])})"
                     for m in view["evaluation"]["measures"]]
    follow_up = [
        _qa("Zijn de betrokkenen geïnformeerd of gaan zij geïnformeerd worden?", informed),
        _qa("Zo nee, waarom niet?", why_not),
        _qa("Herstelmaatregelen", _list(remedial)),
        _qa("Gaat het om grensoverschrijdende verwerking?", T.yes_no(view["cross_border"])),
        _qa("Andere toezichthouders geïnformeerd", view["other_authorities"] or "Nee"),
    ]

    sections = [
        _section("notification", "Melding", notification),
        _section("contact", "Contactgegevens", contact),
        _section("timeline", "Tijdlijn", timeline),
        _section("breach", "Het datalek", breach),
        _section("data", "Gegevens", data),
        _section("subjects", "Betrokkenen", subjects),
        _section("prior_measures", "Maatregelen vooraf", prior),
        _section("consequences", "Gevolgen", consequences),
        _section("follow_up", "Vervolgacties", follow_up),
    ]

    # Redenen vertraging: when the first notification was, or now will be, after 72 hours.
    due = view["authority_notification_due_at"]
    late = first["late"] if first else is_late(now, due)
    if late:
        reasons = (first or {}).get("delay_reasons") or (
            "Nog in te vullen: de melding is later dan 72 uur na ontdekking; vermeld de redenen (art. 33 lid 1 AVG)")
        sections.append(_section("delay", "Redenen vertraging", [_qa("Redenen voor de late melding", reasons)]))

    return {
        "breach_id": view["id"],
        "generated_at": now,
        "phase": Phase.FIRST.value if first is None else Phase.FOLLOW_UP.value,
        "authority_reference": first["authority_reference"] if first else None,
        "late": bool(late),
        "sections": sections,
    }


_NATURE_SHORT = {
    Nature.CONFIDENTIALITY: "vertrouwelijkheid",
    Nature.INTEGRITY: "integriteit",
    Nature.AVAILABILITY: "beschikbaarheid",
}
_NATURE_EFFECT = {
    Nature.CONFIDENTIALITY: "Onbevoegden kunnen de gegevens hebben ingezien of gekopieerd en misbruiken, "
                            "bijvoorbeeld voor phishing of fraude.",
    Nature.INTEGRITY: "Gegevens kunnen onjuist zijn geworden, zodat besluiten op onjuiste gegevens kunnen berusten.",
    Nature.AVAILABILITY: "Gegevens waren niet beschikbaar of zijn verloren, zodat dossiers niet of later "
                         "behandeld kunnen worden.",
}


def as_text(report: dict[str, Any]) -> str:
    """The report as plain Dutch text: a heading per section, `vraag: antwoord` lines."""
    lines = [f"Melding datalek aan de Autoriteit Persoonsgegevens — kenmerk {report['breach_id']}",
             f"Opgesteld op {T.when_nl(report['generated_at'])}", ""]
    for section in report["sections"]:
        lines.append(section["title"].upper())
        lines += [f"{a['question']}: {a['answer']}" for a in section["answers"]]
        lines.append("")
    return "\n".join(lines)
