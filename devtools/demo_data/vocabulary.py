"""Fixed vocabularies of the demo data (Dutch texts; identifiers English) and the small pure
helpers that turn numbers into Dutch spellings."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

KNOWN_EMAILS = {
    "debtor": "demo.debiteur@example.com",
    "client": "demo.opdrachtgever@example.com",
    "client_employee": "demo.gebruiker@example.com",
    "prospect": "demo.prospect@example.com",
    "staff": "demo.medewerker@incassotool.example",
}

PUBLIC_DOMAINS = ("example.com", "example.net", "example.org")
STAFF_DOMAIN = "incassotool.example"
SECTORS = (
    "Bakkerij",
    "Autobedrijf",
    "Installatiebedrijf",
    "Schildersbedrijf",
    "Bouwbedrijf",
    "Administratiekantoor",
    "Transportbedrijf",
    "Hoveniersbedrijf",
    "Loodgietersbedrijf",
    "Kapsalon",
    "Tandartspraktijk",
    "Fysiotherapie",
    "Drukkerij",
    "Groothandel",
    "Webwinkel",
    "Garage",
    "Dakdekkersbedrijf",
    "Schoonmaakbedrijf",
    "Makelaardij",
    "Accountantskantoor",
    "Energieleverancier",
    "Sportschool",
    "Verhuurbedrijf",
    "Zonnepanelen",
    "Woningcorporatie",
    "Adviesbureau",
    "Cateringbedrijf",
)
SUFFIXES = ("B.V.", "V.O.F.", "Holding B.V.", "& Zn.", "", "", "Groep")
TRADES = ("Installatietechniek", "Bouw", "Advies", "Logistiek", "Techniek", "Onderhoud", "Media", "Zorg")
JOB_TITLES = (
    "Financieel medewerker",
    "Office manager",
    "Boekhouder",
    "Directeur",
    "Credit controller",
    "Administratief medewerker",
    "Eigenaar",
    "Controller",
    "Debiteurenbeheerder",
    "Praktijkmanager",
)
STAFF_ROLES = (
    "collector",
    "collector",
    "collector",
    "senior_collector",
    "team_lead",
    "legal",
    "support",
    "support",
    "finance",
    "admin",
    "privacy_officer",
)
AREA_CODES = (
    "010",
    "013",
    "015",
    "020",
    "023",
    "024",
    "026",
    "030",
    "035",
    "036",
    "038",
    "040",
    "043",
    "046",
    "050",
    "053",
    "055",
    "058",
    "070",
    "071",
    "072",
    "073",
    "076",
    "077",
    "079",
    "0113",
    "0165",
    "0182",
    "0222",
    "0297",
    "0318",
    "0344",
    "0411",
    "0475",
    "0492",
    "0513",
    "0546",
    "0591",
)
IP_FIRST_OCTETS = (
    31,
    37,
    62,
    77,
    78,
    80,
    81,
    82,
    83,
    84,
    85,
    86,
    87,
    89,
    94,
    145,
    176,
    178,
    188,
    194,
    212,
    217,
)
POSTCODE_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
PROSPECT_SOURCES = ("website", "website", "website", "fair", "referral", "referral", "drift_chat")
CONSENT_PURPOSES = ("newsletter", "sales_contact", "webinar_invites", "product_updates")
BUSINESS_ROLES = ("info", "administratie", "facturen", "boekhouding", "finance", "crediteuren")

NOTES = (
    "Debiteur betwist de factuur; onderbouwing opgevraagd bij opdrachtgever.",
    "Betalingsregeling afgesproken: {monthly} per maand.",
    "Debiteur is aangemeld bij schuldhulpverlening van de gemeente.",
    "Debiteur verhuisd; nieuw adres gevonden via BRP-controle.",
    "Opdrachtgever verzoekt het dossier tijdelijk aan te houden.",
    "Debiteur geeft aan de brief niet te hebben ontvangen; kopie per e-mail gestuurd.",
    "Toezegging van betaling voor {date}.",
    "Klacht over de dienstverlening van opdrachtgever, doorgestuurd.",
)
CONTACT_SUMMARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("call", "out"): (
        "Debiteur gebeld over openstaand bedrag van {amount}; belooft te betalen voor {date}.",
        "Debiteur gebeld, geen gehoor. Voicemail ingesproken.",
        "Gebeld met debiteur; betalingsregeling van {monthly} per maand besproken.",
        "Debiteur gebeld; geeft aan de factuur al betaald te hebben. Betaalbewijs opgevraagd.",
    ),
    ("call", "in"): (
        "Debiteur belt: vraagt om uitstel van betaling tot {date}.",
        "Debiteur belt: betwist de vordering, zegt dat de levering niet compleet was.",
        "Debiteur belt met vragen over de incassokosten; uitleg gegeven over de 14-dagenbrief.",
        "Familielid van debiteur belt namens debiteur; geen gegevens verstrekt zonder machtiging.",
    ),
    ("email", "out"): (
        "E-mail gestuurd met overzicht van de vordering ({amount}) en betaalgegevens.",
        "Bevestiging van de betalingsregeling per e-mail verstuurd.",
        "Herinnering aan de afgesproken termijn per e-mail verstuurd.",
    ),
    ("email", "in"): (
        "E-mail ontvangen: verzoek om een betalingsregeling van {monthly} per maand.",
        "E-mail ontvangen met betaalbewijs van {date}.",
        "E-mail ontvangen: debiteur vraagt om een kopie van de oorspronkelijke factuur.",
    ),
    ("letter", "out"): (
        "Brief met specificatie van de vordering verstuurd.",
        "Ingebrekestelling per aangetekende post verstuurd.",
    ),
    ("letter", "in"): (
        "Brief ontvangen van debiteur: bezwaar tegen de vordering.",
        "Brief ontvangen van bewindvoerder; beschermingsbewind uitgesproken.",
    ),
}
LETTER_BODIES = {
    "reminder": "Geachte {name}, volgens onze administratie staat dossier {ref} met een bedrag van {amount} "
    "nog open. Wij verzoeken u dit bedrag binnen 7 dagen te voldoen.",
    "fourteen_day": "Geachte {name}, ondanks herinneringen van {client} is de factuur in dossier {ref} "
    "({principal}) niet betaald. U krijgt 14 dagen na ontvangst van deze brief om te betalen; "
    "daarna worden incassokosten van {costs} in rekening gebracht.",
    "summons": "Geachte {name}, u heeft dossier {ref} ({amount}) nog steeds niet voldaan. Betaalt u niet "
    "binnen 5 dagen, dan adviseren wij {client} een gerechtelijke procedure te starten.",
    "arrangement": "Geachte {name}, hierbij bevestigen wij de betalingsregeling voor dossier {ref}: "
    "{monthly} per maand tot het bedrag van {amount} is voldaan.",
}
DOC_NAMES = (
    "14-dagenbrief-{ref}.pdf",
    "betalingsregeling-{ref}.pdf",
    "correspondentie-{ref}.pdf",
    "uittreksel-kvk-{ref}.pdf",
    "leveringsbon-{ref}.pdf",
    "betaalbewijs-{ref}.pdf",
)


def ascii_slug(value: str, sep: str = "") -> str:
    """Lower-case ASCII letters and digits only (diacritics dropped, '&' as 'en')."""
    value = unicodedata.normalize("NFKD", value.replace("&", " en ")).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", value.lower())
    return sep.join(words)


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def euro(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    return f"€ {euros:,}".replace(",", ".") + f",{rest:02d}"


def wik_costs(cents: int) -> int:
    """Statutory collection costs (Besluit vergoeding buitengerechtelijke incassokosten), simplified."""
    tiers = ((250_000, 15), (250_000, 10), (500_000, 5), (19_000_000, 1))
    rest, costs = cents, 0
    for size, pct in tiers:
        part = min(rest, size)
        costs += part * pct // 100
        rest -= part
        if rest <= 0:
            break
    return max(4_000, min(costs, 675_000))

