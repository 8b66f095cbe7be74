"""Dutch texts of the breaches area (dates and the FG's contact come from shared.nl): the labels of the AP
form, and the letters to clients (Art. 33(2)), subjects (Art. 34) and the public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.breaches.risk import Outcome, SubjectsChannel
from shared.breaches.rules import DataKind, Harm, IncidentType, Nature, Phase, Protection, Target
from shared.breaches.status import BreachStatus
from shared.datamap.model import SubjectCategory
from shared.nl import ORGANISATION, fg_contact_lines, moment_nl, signature

YES, NO, UNKNOWN = "Ja", "Nee", "Onbekend"

NATURE_NL = {
    Nature.CONFIDENTIALITY: "Vertrouwelijkheid: persoonsgegevens zijn ingezien of gekopieerd door onbevoegden",
    Nature.INTEGRITY: "Integriteit: persoonsgegevens zijn veranderd",
    Nature.AVAILABILITY: "Beschikbaarheid: persoonsgegevens zijn verloren gegaan of vernietigd",
}

DATA_KIND_NL = {
    DataKind.NAME_ADDRESS: "Naam, adres en woonplaats",
    DataKind.PHONE: "Telefoonnummers",
    DataKind.EMAIL: "E-mailadressen of andere adressen voor elektronische communicatie",
    DataKind.CUSTOMER_OR_LOGIN_NUMBERS: "Toegangs- of identificatiegegevens (klantnummers, inlognamen)",
    DataKind.FINANCIAL: "Financiële of economische gegevens",
    DataKind.BSN: "Burgerservicenummer (BSN) of sofinummer",
    DataKind.ID_COPIES: "Paspoortkopieën of kopieën van andere legitimatiebewijzen",
    DataKind.SEX_BIRTH_DATE: "Geslacht, geboortedatum en/of leeftijd",
    DataKind.SPECIAL_CATEGORIES: "Bijzondere persoonsgegevens",
    DataKind.OTHER: "Overige gegevens",
}

SUBJECT_CATEGORY_NL = {
    SubjectCategory.DEBTOR: "Debiteuren (klanten van cliënten)",
    SubjectCategory.CLIENT: "Cliënten (contactpersonen en eenmanszaken)",
    SubjectCategory.CLIENT_EMPLOYEE: "Medewerkers van cliënten",
    SubjectCategory.PROSPECT: "Potentiële cliënten",
    SubjectCategory.STAFF: "Medewerkers van Incassotool",
}

INCIDENT_NL = {
    IncidentType.DEVICE_LOST_OR_STOLEN: "Apparaat verloren of gestolen",
    IncidentType.PAPER_LOST_OR_STOLEN: "Papieren verloren of gestolen of achtergelaten op een onveilige plek",
    IncidentType.MAIL_LOST_OR_OPENED: "Post verloren of geopend",
    IncidentType.HACKING_MALWARE_PHISHING: "Hacking, malware en/of phishing",
    IncidentType.DISPOSED_UNSAFELY: "Persoonsgegevens weggegooid zonder ze te vernietigen",
    IncidentType.SENT_TO_WRONG_RECIPIENT: "Persoonsgegevens per ongeluk verstuurd naar een verkeerde ontvanger",
    IncidentType.PUBLISHED_BY_MISTAKE: "Persoonsgegevens per ongeluk gepubliceerd",
    IncidentType.DISCLOSED_WRONGLY: "Persoonsgegevens verstrekt aan een onbevoegde",
    IncidentType.OTHER: "Anders",
}

PROTECTION_NL = {
    Protection.NONE: "Nee, de gegevens waren niet versleuteld, gehasht of anderszins onbegrijpelijk",
    Protection.ENCRYPTED: "Ja, versleuteld",
    Protection.HASHED: "Ja, gehasht",
    Protection.OTHERWISE_UNINTELLIGIBLE: "Ja, anderszins onbegrijpelijk of ontoegankelijk gemaakt",
}

HARM_NL = {
    Harm.PHYSICAL: "lichamelijke schade",
    Harm.MATERIAL: "materiële schade (zoals financieel verlies)",
    Harm.NON_MATERIAL: "immateriële schade (zoals reputatieschade of verlies van controle over gegevens)",
}

OUTCOME_NL = {
    Outcome.REGISTER_ONLY: "Alleen registreren (geen melding aan de AP)",
    Outcome.NOTIFY_AUTHORITY: "Melden aan de AP",
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: "Melden aan de AP en de betrokkenen informeren",
}

CHANNEL_NL = {
    SubjectsChannel.NONE: "niet",
    SubjectsChannel.INDIVIDUAL: "individueel",
    SubjectsChannel.PUBLIC_COMMUNICATION: "via een openbare mededeling",
}

PHASE_NL = {Phase.FIRST: "Eerste melding", Phase.FOLLOW_UP: "Vervolgmelding", Phase.WITHDRAWAL: "Intrekking"}

TARGET_NL = {
    Target.AUTHORITY: "Autoriteit Persoonsgegevens",
    Target.CLIENTS: "Cliënten (verwerkingsverantwoordelijken)",
    Target.SUBJECTS: "Betrokkenen (individueel)",
    Target.PUBLIC: "Openbare mededeling",
}

STATUS_NL = {
    BreachStatus.REPORTED: "gemeld, nog niet beoordeeld",
    BreachStatus.ASSESSED: "beoordeeld, besluit FG volgt",
    BreachStatus.DECIDED: "besluit FG genomen",
    BreachStatus.CLOSED: "geëvalueerd en gesloten",
}


def when_nl(ts: datetime | None) -> str:
    return UNKNOWN if ts is None else moment_nl(ts)


def yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else (YES if value else NO)


# --- Letters ---------------------------------------------------------------------------------

# Whose people a client's part of a breach concerns, as the client reads it ("van uw ...").
CLIENTS_PEOPLE_NL = {SubjectCategory.DEBTOR: "debiteuren",
                     SubjectCategory.CLIENT_EMPLOYEE: "medewerkers die het incassoplatform gebruiken"}


def clients_people_nl(subject_categories: list[str] | None, whose: str = "uw") -> str:
    """"uw debiteuren", "uw medewerkers ...", or both: the client's own subjects in the breach
    (the debtors when the categories are not known yet, as the breach of a client's files mostly is)."""
    kinds = [SubjectCategory(c) for c in subject_categories or [] if SubjectCategory(c).client_is_controller]
    names = [CLIENTS_PEOPLE_NL[k] for k in CLIENTS_PEOPLE_NL if k in kinds]
    names = names or [CLIENTS_PEOPLE_NL[SubjectCategory.DEBTOR]]
    return f"{whose} " + f" en {whose} ".join(names)


@dataclass(frozen=True)
class Letter:
    subject_line: str
    body: str


def client_letter(*, client_name: str, breach_id: str, became_aware_at: datetime, summary: str,
                  nature: list[str], data_kinds: list[str], consequences: str | None,
                  measures: str | None, started_at: datetime | None = None, ended_at: datetime | None = None,
                  ongoing: bool = False, subject_categories: list[str] | None = None,
                  subjects_count: int | None = None, records_count: int | None = None) -> Letter:
    """To a client as controller (Art. 33(2)): everything it needs for its own filing, for its data."""
    unknown = "nog niet bekend; wij vullen dit aan zodra wij het weten"
    people = clients_people_nl(subject_categories)
    lines = [
        f"Geachte heer/mevrouw van {client_name},",
        "",
        f"Incassotool verwerkt persoonsgegevens van {people} in opdracht van u. Op "
        f"{when_nl(became_aware_at)} hebben wij een inbreuk op de beveiliging ontdekt die ook "
        f"persoonsgegevens van {people} raakt. Als verwerker melden wij u dit zonder onnodige "
        "vertraging (artikel 33 lid 2 AVG).",
        "",
        f"Wat er is gebeurd: {summary}",
        "",
        "Tijdlijn:",
        f"- begin van het datalek: {when_nl(started_at) if started_at else 'onbekend'}",
        f"- einde: {'het datalek duurt nog voort' if ongoing else (when_nl(ended_at) if ended_at else 'onbekend')}",
        f"- ontdekt door Incassotool: {when_nl(became_aware_at)}",
        "",
    ]
    if nature:
        lines.append("Aard van het datalek: " + "; ".join(NATURE_NL[Nature(n)] for n in nature) + ".")
    if data_kinds:
        lines.append("Betrokken gegevens: " + "; ".join(DATA_KIND_NL[DataKind(k)] for k in data_kinds) + ".")
    if subject_categories:
        lines.append("Categorieën betrokkenen: "
                     + "; ".join(SUBJECT_CATEGORY_NL.get(SubjectCategory(c), c) for c in subject_categories) + ".")
    lines += [
        f"Aantal betrokkenen bij u: {subjects_count if subjects_count is not None else unknown}.",
        f"Aantal registraties bij u: {records_count if records_count is not None else unknown}.",
        f"Waarschijnlijke gevolgen: {consequences or 'worden nog onderzocht'}.",
        f"Genomen maatregelen: {measures or 'worden nog vastgesteld'}.",
        "",
        "U bent als verwerkingsverantwoordelijke degene die beslist over een melding aan de "
        f"Autoriteit Persoonsgegevens en over het informeren van {people}. De termijn daarvoor "
        "is 72 uur nadat u kennis kreeg van het datalek. Wij melden niet zelf namens u, tenzij u ons "
        "daartoe uitdrukkelijk opdracht geeft. Wilt u ons het meldnummer van uw melding laten weten? "
        f"Op uw verzoek stellen wij een brief aan {people} op, in uw naam.",
        "",
        f"Kenmerk: {breach_id}",
        "Vragen? Neem contact op met onze functionaris gegevensbescherming:",
        *fg_contact_lines(),
        "",
        "Met vriendelijke groet,",
        ORGANISATION,
    ]
    return Letter(f"Melding datalek (art. 33 lid 2 AVG): persoonsgegevens van {people}", "\n".join(lines))


def subject_letter(*, breach_id: str, summary: str, data_kinds: list[str], consequences: str | None,
                   measures: str | None, controller: str | None = None) -> Letter:
    """To a data subject (Art. 34(2)): plain language, the FG, the likely consequences, the measures.
    About a client's data it is the client's letter (`controller`), sent in its name."""
    where = (f"bij Incassotool, dat in opdracht van {controller} uw gegevens verwerkt," if controller
             else "bij Incassotool")
    lines = [
        "Beste heer/mevrouw,",
        "",
        f"Wij moeten u helaas laten weten dat er {where} iets is misgegaan met uw "
        "persoonsgegevens. Dit heet een datalek.",
        "",
        f"Wat is er gebeurd? {summary}",
    ]
    if data_kinds:
        lines.append("Om welke gegevens gaat het? " + "; ".join(DATA_KIND_NL[DataKind(k)] for k in data_kinds) + ".")
    lines += [
        f"Wat kan dit voor u betekenen? {consequences or 'Dat zoeken wij nog uit. Wij laten het u weten.'}",
        f"Wat hebben wij gedaan? {measures or 'Wij hebben het lek gedicht en onderzoeken hoe dit kon gebeuren.'}",
        "Wat kunt u zelf doen? Wees alert op berichten of telefoontjes die u niet vertrouwt, en geef "
        "nooit zomaar inloggegevens of bankgegevens door.",
        "",
        (f"Heeft u vragen? Neem dan contact op met {controller}, of met de functionaris "
         "gegevensbescherming van Incassotool:") if controller else
        "Heeft u vragen? Neem dan contact op met onze functionaris gegevensbescherming:",
        *fg_contact_lines(),
        "",
        "U heeft ook het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens.",
        f"Kenmerk: {breach_id}",
        "",
        signature(controller),
    ]
    return Letter("Belangrijk: datalek" + (f" bij de verwerker van {controller}" if controller else " bij Incassotool"),
                  "\n".join(lines))


def public_notice(*, breach_id: str, summary: str, consequences: str | None, measures: str | None) -> Letter:
    """A public communication (Art. 34(3)(c)) when telling each subject is disproportionate."""
    lines = [
        "Mededeling over een datalek bij Incassotool",
        "",
        f"Wat is er gebeurd? {summary}",
        f"Wat kan dit betekenen? {consequences or 'Dat onderzoeken wij nog.'}",
        f"Wat hebben wij gedaan? {measures or 'Wij hebben maatregelen genomen om het lek te dichten.'}",
        "",
        "Vragen? Neem contact op met onze functionaris gegevensbescherming:",
        *fg_contact_lines(),
        f"Kenmerk: {breach_id}",
    ]
    return Letter("Mededeling datalek Incassotool", "\n".join(lines))
