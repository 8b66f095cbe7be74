"""The suite's Dutch vocabulary: the one place that formats dates, moments, amounts and periods,
and holds the labels, the FG's contact details, the letter types and the legal remedies.

Every area's texts use these; no other module formats a date or an amount for a reader (a test
greps the texts modules for other formats). Dates are Europe/Amsterdam calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ORGANISATION = "Incassotool"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def _as_date(day: date | str) -> date:
    if isinstance(day, str):
        return date.fromisoformat(day[:10])
    return day.astimezone(AMSTERDAM).date() if isinstance(day, datetime) else day


def date_nl(day: date | str | None) -> str:
    """"1 januari 2027" (a datetime gives its Amsterdam calendar date)."""
    if day is None:
        return "-"
    value = _as_date(day)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment_nl(at: datetime | str | None) -> str:
    """"1 januari 2027 om 14:05" (Amsterdam wall clock). In the hour the clocks go back, the wall clock
    shows twice: then the zone is named, "25 oktober 2026 om 02:30 (CEST)"."""
    if at is None:
        return "-"
    value = datetime.fromisoformat(at) if isinstance(at, str) else at
    if value.tzinfo is None:
        raise ValueError("naive datetime refused")
    local = value.astimezone(AMSTERDAM)
    text = f"{date_nl(local.date())} om {local.hour:02d}:{local.minute:02d}"
    twin = local.replace(fold=1 - local.fold)
    return f"{text} ({local.tzname()})" if twin.utcoffset() != local.utcoffset() else text


def euro(amount: Decimal | int | float) -> str:
    """"€ 1.234,56"."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    return f"€ {sign}{int(whole):,}".replace(",", ".") + f",{cents}"


def period_nl(months: int) -> str:
    """A retention period as a reader says it: "5 jaar", "18 maanden", "1 maand"."""
    if months and months % 12 == 0:
        return f"{months // 12} jaar"
    return "1 maand" if months == 1 else f"{months} maanden"


def days_nl(days: int) -> str:
    return "1 dag" if days == 1 else f"{days} dagen"


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    phone: str
    email: str | None
    other: str


# From Incassotool's published privacy policy. The policy names no e-mail address for
# the FG, only the contact form; the AP form asks for one, so the report says it is missing.
FG = Contact(
    name="Raymond Tournier",
    role="Functionaris Gegevensbescherming (FG)",
    phone="010-8428628",
    email=None,
    other="het contactformulier op de website van Incassotool",
)


def fg_contact_lines() -> list[str]:
    lines = [f"{FG.name}, {FG.role}", f"Telefoon: {FG.phone}"]
    lines.append(f"E-mail: {FG.email}" if FG.email else f"Of via {FG.other}")
    return lines


def fg_contact_sentence() -> str:
    how = f"per e-mail ({FG.email})" if FG.email else f"via {FG.other}"
    return f"Vragen? Neem contact op met onze {FG.role}, {FG.name}: telefoon {FG.phone} of {how}."


SIGNATURE = f"Met vriendelijke groet,\n\n{ORGANISATION}\n{FG.name}, {FG.role}"


def signature(on_behalf_of: str | None = None) -> str:
    """Incassotool's own signature, or "namens" the client (controller) whose decision or notice
    the letter carries: Incassotool is then the processor that sends it."""
    if on_behalf_of is None:
        return SIGNATURE
    return f"Met vriendelijke groet,\n\n{ORGANISATION}, namens {on_behalf_of}"

# Categories of personal data (the data map's column categories).
CATEGORY_NL = {
    "name": "naam", "contact": "contactgegevens (e-mail, telefoon, adres)", "birth_date": "geboortedatum",
    "financial": "financiële gegevens (IBAN, bedragen, facturen, betalingen)",
    "case": "dossiergegevens (status, data, kenmerken)", "communication": "correspondentie en contactmomenten",
    "document": "documenten", "account": "accountgegevens",
    "technical": "technische gegevens (inlogmomenten, IP-adressen)", "consent": "toestemmingen",
    "business": "bedrijfsgegevens",
}


def category_label(category: str) -> str:
    return CATEGORY_NL.get(category, category)


def table_label(name: str) -> str:
    """The Dutch name of a platform table, from the data map (label_nl next to each table)."""
    from shared.datamap import DATA_MAP

    tm = DATA_MAP.by_name.get(name)
    return tm.label_nl if tm is not None and tm.label_nl else name


def column_label(table: str, column: str) -> str:
    """The Dutch name of a column, from the data map."""
    from shared.datamap import DATA_MAP

    tm = DATA_MAP.by_name.get(table)
    col = tm.columns.get(column) if tm is not None else None
    return col.label_nl if col is not None and col.label_nl else column


# Letter types (shared.letters topics) as the outbox and the console show them.
LETTER_TYPE_NL = {
    "dsar.acknowledged": "ontvangstbevestiging",
    "dsar.forwarded_to_controller": "doorzending aan de verwerkingsverantwoordelijke",
    "dsar.extended": "verlenging van de termijn",
    "dsar.rejected": "afwijzing",
    "dsar.verification": "verzoek om aanvullende identificatie",
    "dsar.export_ready": "gegevens klaar om te downloaden",
    "dsar.rectified": "bevestiging van correctie",
    "dsar.erased": "verklaring van verwijdering",
    "dsar.restriction": "bevestiging van beperking",
    "dsar.restriction_lifting": "aankondiging opheffing beperking (art. 18 lid 3 AVG)",
    "dsar.objection": "bevestiging van bezwaar",
    "dsar.objection_decided": "besluit op bezwaar",
    "dsar.consent_withdrawn": "bevestiging intrekking toestemming",
    "dsar.art19": "mededeling aan ontvanger (art. 19 AVG)",
    "dsar.controller_reminder": "herinnering aan de verwerkingsverantwoordelijke: termijn van een verzoek",
    "dsar.confirm_email": "bevestiging van een nieuw e-mailadres",
    "client.payout_change": "wijziging van uitbetalingsgegevens",
    "breach.client_notice": "melding datalek aan de opdrachtgever",
    "breach.subject_notice": "melding datalek aan de betrokkene",
    "breach.subject_notice_prepared": "melding datalek aan de betrokkene (klaargezet)",
    "breach.public_notice": "openbare mededeling datalek",
    "exit_notice": "bevestiging van opzegging",
    "retention.claim_time_barred": "verjaarde vorderingen: beslissing van de schuldeiser nodig",
    "exit_reminder": "herinnering: de overeenkomst eindigt binnenkort",
    "exit_viewer": "inkijkaccount na beëindiging",
    "exit_destroyed": "verklaring van vernietiging",
    "viewer_renewal_warning": "inkijkaccount verloopt binnenkort",
    "viewer_renewed": "inkijkaccount verlengd",
}


def letter_type(topic: str) -> str:
    return LETTER_TYPE_NL.get(topic, topic)


# Every refusal, whole or partial, names both routes (art. 12 lid 4 AVG; UAVG art. 34 and 35).
REMEDIES_NL = (
    "Bent u het niet eens met dit besluit, dan kunt u een klacht indienen bij de Autoriteit "
    "Persoonsgegevens (www.autoriteitpersoonsgegevens.nl, art. 77 AVG). U kunt zich ook tot de rechter "
    "wenden met een verzoekschrift aan de rechtbank (art. 79 AVG, art. 35 UAVG); dat moet binnen zes weken "
    "na ontvangst van dit besluit (art. 35 lid 2 UAVG)."
)
