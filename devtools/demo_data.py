"""Synthetic, realistic, deterministic data for an empty platform database (`privacy demo-data`).

`generate()` fills the platform tables (shared/platform/schema.py) with a Dutch debt-collection
platform's data: clients and their users, debtors with their dossiers, letters, payments, contact
registrations and document metadata, Incassotool's invoices to its clients, prospects with their
consents, staff, and the login logs.

- **Deterministic.** One seed gives the same rows, byte for byte: Faker `nl_NL` seeded with
  `seed_instance(seed)` and a `random.Random(seed)`; every date is relative to `now`, which defaults
  to a fixed moment (`DEFAULT_NOW`). The wall clock is never read for data.
- **Work for the suite.** Dates spread over the last ~9 years, so that retention finds closed files
  older than 2 years, open claims whose last written reminder is more than 5 years old, invoices and
  payments older than 7 years, ex-clients whose relationship ended more than 5 years ago, expired or
  withdrawn prospect consents, former staff, debtors without files and old login logs.
- **Known addresses.** A few fixed e-mail addresses (`KNOWN_EMAILS`) exist whatever the seed, one
  per subject category; the demo debtor is a debtor of two clients. They come back in `samples`.
- **E-mail addresses** are lower-case and unique per subject: generated ones carry a serial number
  that is unique over the whole run, or live on a domain of their own client. Only the demo debtor
  shares one address over two debtor rows (one per client), on purpose. All domains are reserved
  (RFC 2606: example.com/.net/.org and the .example top-level domain), so nothing is deliverable.
- **Postcodes** are stored as ``'1234 AB'`` (with the space). **Money** is `Decimal` euros.
- **last_reminder_on** of a dossier is the date of its last written reminder (BW 3:317): the latest
  letter of kind reminder, fourteen_day or summons (an arrangement letter is not a reminder).
- **Fast.** Names, streets, cities and companies come from pools drawn once from Faker; rows are
  streamed in batches of `BATCH_ROWS` with explicit ids (executemany, one transaction per batch), so
  memory stays bounded and `subjects=200_000` (> 1M rows) takes minutes, not hours.

SQLAlchemy Core only: SQLite, PostgreSQL (sequences are moved past the explicit ids afterwards) and,
in principle, SQL Server.
"""

from __future__ import annotations

import random
import re
import unicodedata
import uuid
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, Table, insert, select, text
from sqlalchemy.exc import DBAPIError

from shared.datamap.model import SubjectCategory

DEFAULT_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
BATCH_ROWS = 10_000

KNOWN_EMAILS = {
    "debtor": "demo.debiteur@example.com",
    "client": "demo.opdrachtgever@example.com",
    "client_employee": "demo.gebruiker@example.com",
    "prospect": "demo.prospect@example.com",
    "staff": "demo.medewerker@incassotool.example",
}

# Insert order: parents before children (foreign keys are enforced on SQLite too).
TABLE_ORDER = (
    "staff",
    "staff_logins",
    "clients",
    "client_users",
    "client_user_logins",
    "client_invoices",
    "debtors",
    "dossiers",
    "letters",
    "payments",
    "contact_registrations",
    "documents",
    "prospects",
    "prospect_consents",
)

Progress = Callable[[str, int, int], None]

# ---------------------------------------------------------------------------------------------
# Fixed vocabularies (Dutch texts; identifiers English)

_PUBLIC_DOMAINS = ("example.com", "example.net", "example.org")
_STAFF_DOMAIN = "incassotool.example"
_SECTORS = (
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
_SUFFIXES = ("B.V.", "V.O.F.", "Holding B.V.", "& Zn.", "", "", "Groep")
_TRADES = ("Installatietechniek", "Bouw", "Advies", "Logistiek", "Techniek", "Onderhoud", "Media", "Zorg")
_JOB_TITLES = (
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
_STAFF_ROLES = (
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
_AREA_CODES = (
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
_IP_FIRST_OCTETS = (
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
_POSTCODE_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
_PROSPECT_SOURCES = ("website", "website", "website", "fair", "referral", "referral", "drift_chat")
_CONSENT_PURPOSES = ("newsletter", "sales_contact", "webinar_invites", "product_updates")
_BUSINESS_ROLES = ("info", "administratie", "facturen", "boekhouding", "finance", "crediteuren")

_NOTES = (
    "Debiteur betwist de factuur; onderbouwing opgevraagd bij opdrachtgever.",
    "Betalingsregeling afgesproken: {monthly} per maand.",
    "Debiteur is aangemeld bij schuldhulpverlening van de gemeente.",
    "Debiteur verhuisd; nieuw adres gevonden via BRP-controle.",
    "Opdrachtgever verzoekt het dossier tijdelijk aan te houden.",
    "Debiteur geeft aan de brief niet te hebben ontvangen; kopie per e-mail gestuurd.",
    "Toezegging van betaling voor {date}.",
    "Klacht over de dienstverlening van opdrachtgever, doorgestuurd.",
)
_CONTACT_SUMMARIES: dict[tuple[str, str], tuple[str, ...]] = {
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
_LETTER_BODIES = {
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
_DOC_NAMES = (
    "14-dagenbrief-{ref}.pdf",
    "betalingsregeling-{ref}.pdf",
    "correspondentie-{ref}.pdf",
    "uittreksel-kvk-{ref}.pdf",
    "leveringsbon-{ref}.pdf",
    "betaalbewijs-{ref}.pdf",
)


# ---------------------------------------------------------------------------------------------
# Small helpers


def _ascii_slug(value: str, sep: str = "") -> str:
    """Lower-case ASCII letters and digits only (diacritics dropped, '&' as 'en')."""
    value = unicodedata.normalize("NFKD", value.replace("&", " en ")).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", value.lower())
    return sep.join(words)


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _euro(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    return f"€ {euros:,}".replace(",", ".") + f",{rest:02d}"


def _wik_costs(cents: int) -> int:
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


class _Pools:
    """Faker values drawn once; rows draw from them with the seeded Random (fast)."""

    def __init__(self, fake: Any, size: int) -> None:
        self.first = [fake.first_name() for _ in range(size)]
        self.first_slug = [_ascii_slug(f) for f in self.first]
        self.last = [fake.last_name() for _ in range(size)]
        self.last_slug = [_ascii_slug(x) for x in self.last]
        self.street = [fake.street_name() for _ in range(size)]
        self.city = [fake.city() for _ in range(size // 2)]
        companies = [fake.company() for _ in range(size // 2)]
        self.company = companies
        self.n_names = size


class _Generator:
    def __init__(self, *, subjects: int, seed: int, now: datetime) -> None:
        from faker import Faker

        self.now = now.astimezone(UTC)
        self.today = self.now.date()
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.pools = _Pools(self.fake, 2_000)
        self.serial = 0  # unique over the run: makes generated e-mail addresses and domains unique
        self.client_slugs: set[str] = set()

        self.n_debtors = max(subjects, 2)
        self.n_clients = max(3, subjects // 20)
        self.n_prospects = max(5, subjects // 10)
        self.n_staff = min(30, 10 + subjects // 10_000)

        self.ids: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)
        self.samples: list[dict[str, Any]] = []
        # per client: (start, end or None) and its display name; per staff: (id, from, until)
        self.client_window: list[tuple[date, date | None]] = [(self.today, None)]  # index 0 unused
        self.client_name: list[str] = [""]
        self.staff_periods: list[tuple[int, date, date | None]] = []
        self.client_cum_weights: list[float] = []

    # --- primitives -------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def at(self, day: date) -> datetime:
        """A moment on that day during (Dutch) office hours, never after now."""
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            seconds=self.rng.randint(6 * 3600, 18 * 3600)
        )
        return min(moment, self.now)

    def person(self) -> tuple[str, str, str]:
        """(full name, first-name slug, last-name slug)."""
        r = self.rng.randrange
        i, j = r(self.pools.n_names), r(self.pools.n_names)
        p = self.pools
        return f"{p.first[i]} {p.last[j]}", p.first_slug[i], p.last_slug[j]

    def company(self) -> str:
        rng, p = self.rng, self.pools
        u = rng.random()
        last = p.last[rng.randrange(p.n_names)]
        if u < 0.4:
            return p.company[rng.randrange(len(p.company))]
        if u < 0.75:
            return f"{rng.choice(_SECTORS)} {last[0].upper()}{last[1:]}".strip()
        if u < 0.9:
            return f"{last[0].upper()}{last[1:]} {rng.choice(_TRADES)} {rng.choice(_SUFFIXES)}".strip()
        other = p.last[rng.randrange(p.n_names)]
        return f"{last[0].upper()}{last[1:]} & {other[0].upper()}{other[1:]}"

    def company_slug(self, name: str) -> str:
        slug = _ascii_slug(name.replace("B.V.", "").replace("V.O.F.", ""), "-")
        return re.sub(r"[0-9-]+$", "", slug) or "bedrijf"

    def address(self) -> tuple[str, str, str]:
        rng, p = self.rng, self.pools
        number = str(rng.randint(1, 250))
        if rng.random() < 0.12:
            number += rng.choice(("a", "b", "c", "-1", "-2", " bis"))
        letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
        postcode = f"{rng.randint(1000, 9999)} {letters}"
        return f"{p.street[rng.randrange(len(p.street))]} {number}", postcode, p.city[rng.randrange(len(p.city))]

    def phone(self) -> str:
        rng = self.rng
        u = rng.random()
        if u < 0.55:
            return f"06-{rng.randint(10_000_000, 99_999_999)}"
        if u < 0.65:
            return f"+31 6 {rng.randint(10_000_000, 99_999_999)}"
        area = rng.choice(_AREA_CODES)
        digits = 10 - len(area)
        return f"{area}-{rng.randint(10 ** (digits - 1), 10**digits - 1)}"

    def consumer_email(self, first: str, last: str) -> str:
        rng = self.rng
        serial = self.next_serial()
        style = rng.randrange(4)
        if style == 0:
            local = f"{first}.{last}{serial}"
        elif style == 1:
            local = f"{first[:1]}{last}{serial}"
        elif style == 2:
            local = f"{first}{serial}"
        else:
            local = f"{last}.{first[:1]}{serial}"
        return f"{local}@{rng.choice(_PUBLIC_DOMAINS)}"

    def ip(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            a, b, c, d = rng.randint(0xA400, 0xA4FF), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16)
            return f"2a02:{a:x}:{b:x}:{c:x}::{d:x}"
        return f"{rng.choice(_IP_FIRST_OCTETS)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def staff_on(self, day: date) -> int | None:
        """A staff member employed on that day, if one is found quickly."""
        for _ in range(4):
            sid, start, until = self.staff_periods[self.rng.randrange(len(self.staff_periods))]
            if start <= day and (until is None or day <= until):
                return sid
        return None

    # --- staff ------------------------------------------------------------------------------

    def staff_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        rng = self.rng
        seen: set[str] = set()
        ended = 0
        for n in range(1, self.n_staff + 1):
            sid = self.next_id("staff")
            name, first, last = self.person()
            if n == 1:
                email = KNOWN_EMAILS["staff"]
                name = "Demo Medewerker"
            else:
                email = f"{first}.{last}@{_STAFF_DOMAIN}"
                k = 2
                while email in seen:
                    email = f"{first}.{last}{k}@{_STAFF_DOMAIN}"
                    k += 1
            seen.add(email)
            leaves = n > 4 and (rng.random() < 0.25 or (n >= self.n_staff - 1 and ended < 2))
            if n <= 4:  # the founders and long-timers: cover the whole history
                start = self.days_ago(rng.randint(3_500, 4_400))
            elif leaves:
                start = self.days_ago(rng.randint(400, 3_300))
            else:
                start = self.days_ago(rng.randint(30, 3_300))
            until = None
            if leaves:
                until = self.between(start + timedelta(days=120), self.days_ago(1))
                ended += 1
            enrolled = rng.random() < 0.9 or n == 1
            role = "privacy_officer" if n == 1 else rng.choice(_STAFF_ROLES)
            self.staff_periods.append((sid, start, until))
            yield (
                "staff",
                {
                    "id": sid,
                    "name": name,
                    "email": email,
                    "phone": self.phone() if rng.random() < 0.9 else None,
                    "role": role,
                    "employed_from": start,
                    "employed_until": until,
                    "mfa_enrolled": enrolled,
                },
            )
            # logins over the last ~2.5 years of the employment
            office_ip = f"185.{rng.randint(10, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            day = max(start, self.days_ago(900))
            last_day = min(until or self.today, self.today)
            while day <= last_day:
                yield (
                    "staff_logins",
                    {
                        "id": self.next_id("staff_logins"),
                        "staff_id": sid,
                        "occurred_at": self.at(day),
                        "ip_address": office_ip if rng.random() < 0.7 else self.ip(),
                        "mfa_passed": enrolled and rng.random() < 0.985,
                    },
                )
                day += timedelta(days=rng.randint(1, 7))

    # --- clients ----------------------------------------------------------------------------

    def client_domain(self, name: str) -> str:
        slug = self.company_slug(name)
        if slug in self.client_slugs:
            slug = f"{slug}-{self.next_serial()}"
        self.client_slugs.add(slug)
        return f"{slug}.example"

    def client_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        rng = self.rng
        n = self.n_clients
        weights = []
        ended = 0
        for c in range(1, n + 1):
            cid = self.next_id("clients")
            name = self.company()
            domain = self.client_domain(name)
            contact, first, last = self.person()
            leaves = c > 2 and (rng.random() < 0.1 or (c == n and not ended))
            if c <= 2:  # the demo clients: long relationships, still active
                start = self.days_ago(rng.randint(3_100, 3_300))
            elif leaves:
                start = self.days_ago(rng.randint(800, 4_400))
            else:
                start = self.days_ago(int(rng.triangular(60, 4_400, 1_200)))
            end: date | None = None
            if leaves:
                end = self.between(start + timedelta(days=365), self.days_ago(2))
                ended += 1
            status = "ended" if end else "active"
            read_only = bool(end and (self.today - end).days < 365)
            if c == 1:
                email = KNOWN_EMAILS["client"]
                contact = "Demo Opdrachtgever"
            else:
                email = f"{first}.{last}@{domain}" if rng.random() < 0.6 else f"{rng.choice(_BUSINESS_ROLES)}@{domain}"
            street, postcode, city = self.address()
            self.client_window.append((start, end))
            self.client_name.append(name)
            weights.append(min(rng.paretovariate(1.3), 200.0) if c > 2 else 8.0)
            if end is not None and not any(s["category"] == "client" and s["client_id"] != 1 for s in self.samples):
                self.samples.append({"email": email, "client_id": cid, "category": SubjectCategory.CLIENT.value})
            yield (
                "clients",
                {
                    "id": cid,
                    "name": name,
                    "kvk_number": f"{rng.randint(10_000_000, 99_999_999)}",
                    "contact_name": contact,
                    "email": email,
                    "phone": self.phone(),
                    "street": street,
                    "postcode": postcode,
                    "city": city,
                    "iban": self.fake.iban(),
                    "status": status,
                    "relationship_started_on": start,
                    "relationship_ended_on": end,
                    "read_only": read_only,
                    "created_at": self.at(start),
                },
            )
            yield from self.client_user_rows(cid, domain, start, end, read_only, email)
            for row in self.client_invoice_rows(cid, start, end):
                yield "client_invoices", row
        total = 0.0
        for w in weights:
            total += w
            self.client_cum_weights.append(total)

    def client_user_rows(
        self, cid: int, domain: str, start: date, end: date | None, read_only: bool, client_email: str
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        rng = self.rng
        seen = {client_email}
        count = 1 + rng.choices((0, 1, 2, 3, 4), (25, 35, 20, 12, 8))[0]
        last_day = end or self.today
        for u in range(count):
            uid = self.next_id("client_users")
            name, first, last = self.person()
            if cid == 1 and u == 0:
                email, name = KNOWN_EMAILS["client_employee"], "Demo Gebruiker"
            else:
                email = f"{first}.{last}@{domain}"
                k = 2
                while email in seen:
                    email = f"{first}.{last}{k}@{domain}"
                    k += 1
            seen.add(email)
            created = self.between(start, last_day)
            disabled: datetime | None = None
            can_write = rng.random() < 0.85
            if end is not None:
                if read_only and u == 0:
                    can_write = False  # the viewer account after the exit
                else:
                    disabled = self.at(end)
            elif not (cid == 1 and u == 0) and created < self.days_ago(60) and rng.random() < 0.12:
                disabled = self.at(self.between(created + timedelta(days=30), self.days_ago(1)))
            created_at = self.at(created)
            if disabled is not None and disabled < created_at:
                disabled = created_at
            yield (
                "client_users",
                {
                    "id": uid,
                    "client_id": cid,
                    "name": name,
                    "email": email,
                    "phone": self.phone() if rng.random() < 0.7 else None,
                    "job_title": rng.choice(_JOB_TITLES),
                    "can_write": can_write,
                    "created_at": created_at,
                    "disabled_at": disabled,
                },
            )
            lo = max(created, self.days_ago(3 * 365))
            hi = disabled.date() if disabled else self.today
            if lo <= hi:
                for _ in range(rng.choices((0, 2, 5, 10), (10, 30, 40, 20))[0]):
                    yield (
                        "client_user_logins",
                        {
                            "id": self.next_id("client_user_logins"),
                            "client_user_id": uid,
                            "occurred_at": self.at(self.between(lo, hi)),
                            "ip_address": self.ip(),
                            "succeeded": rng.random() < 0.93,
                        },
                    )

    def client_invoice_rows(self, cid: int, start: date, end: date | None) -> Iterator[dict[str, Any]]:
        """Quarterly invoices from Incassotool to its client, over (at most) the last ~9 years."""
        rng = self.rng
        monthly = rng.choice((4_900, 9_900, 19_900, 39_900))
        first = max(start, self.days_ago(9 * 365))
        last = end or self.today
        year, quarter = first.year, (first.month - 1) // 3 + 1
        while date(year, 3 * quarter - 2, 1) <= last:  # the relationship ran during this quarter
            next_year, next_quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
            issued = date(next_year, 3 * next_quarter - 2, 1) + timedelta(days=rng.randint(1, 10))
            if issued > self.today:
                break
            amount = monthly * 3 + rng.randint(0, 40) * 1_250  # subscription plus commission
            paid = issued + timedelta(days=rng.randint(5, 45))
            iid = self.next_id("client_invoices")
            yield {
                "id": iid,
                "client_id": cid,
                "number": f"F{issued.year}-{iid:06d}",
                "issued_on": issued,
                "description": f"Abonnement en provisie Incassotool Q{quarter} {year}",
                "amount": _money(amount),
                "vat_amount": _money(amount * 21 // 100),
                "paid_on": paid if paid <= self.today else None,  # the latest may still be open
            }
            year, quarter = next_year, next_quarter

    # --- debtors ----------------------------------------------------------------------------

    def pick_client(self) -> int:
        return self.rng.choices(range(1, self.n_clients + 1), cum_weights=self.client_cum_weights)[0]

    def open_date(self, cid: int) -> date:
        rng = self.rng
        start, end = self.client_window[cid]
        lo = max(start, self.days_ago(9 * 365))
        hi = end or self.days_ago(1)
        u = rng.random()
        if u < 0.55:
            d = self.days_ago(rng.randint(1, 730))
        elif u < 0.85:
            d = self.days_ago(rng.randint(731, 7 * 365))
        else:
            d = self.days_ago(rng.randint(7 * 365 + 1, 9 * 365))
        return d if lo <= d <= hi else self.between(lo, hi)

    def debtor_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        rng = self.rng
        old_sample = False
        for n in range(1, self.n_debtors + 1):
            did = self.next_id("debtors")
            cid = n if n <= 2 else self.pick_client()  # the demo debtor: at clients 1 and 2
            business = n > 2 and rng.random() < 0.25
            if business:
                name = self.company()
                email = (
                    f"{rng.choice(_BUSINESS_ROLES)}@{self.company_slug(name)}-{self.next_serial()}.example"
                    if rng.random() < 0.9
                    else None
                )
                birth = None
            else:
                name, first, last = self.person()
                email = self.consumer_email(first, last) if rng.random() < 0.9 else None
                birth = self.days_ago(rng.randint(18 * 365 + 5, 85 * 365))
            if n <= 2:
                name, email = "Jan de Demo", KNOWN_EMAILS["debtor"]
                self.samples.append({"email": email, "client_id": cid, "category": SubjectCategory.DEBTOR.value})
            street, postcode, city = self.address()
            iban = self.fake.iban()
            k = 2 if n <= 2 else rng.choices((0, 1, 2, 3, 4), (3, 58, 29, 8, 2))[0]
            opened = sorted(self.open_date(cid) for _ in range(k))
            created = opened[0] if opened else self.open_date(cid)
            yield (
                "debtors",
                {
                    "id": did,
                    "client_id": cid,
                    "kind": "business" if business else "consumer",
                    "name": name,
                    "email": email,
                    "phone": self.phone() if rng.random() < 0.85 else None,
                    "street": street,
                    "postcode": postcode,
                    "city": city,
                    "birth_date": birth,
                    "iban": iban,
                    "created_at": self.at(created),
                },
            )
            all_old = bool(opened)
            for day in opened:
                closed_on = yield from self.dossier_rows(did, cid, name, business, email is not None, iban, day)
                all_old = all_old and closed_on is not None and (self.today - closed_on).days > 2 * 365
            if all_old and not old_sample and email and n > 2:
                old_sample = True  # a debtor whose files are all closed for more than 2 years
                self.samples.append({"email": email, "client_id": cid, "category": SubjectCategory.DEBTOR.value})

    def dossier_rows(
        self, did: int, cid: int, name: str, business: bool, has_email: bool, iban: str, opened: date
    ) -> Generator[tuple[str, dict[str, Any]], None, date | None]:
        """One dossier and its letters, payments, contacts and documents; returns its closed_on."""
        rng = self.rng
        today = self.today
        client_end = self.client_window[cid][1]
        xid = self.next_id("dossiers")
        ref = f"D{opened.year}-{xid:06d}"
        age = (today - opened).days
        median = 150_000 if business else 25_000
        principal = max(1_500, min(int(rng.lognormvariate(0, 0.9) * median), 5_000_000))

        if client_end is not None:
            status = rng.choices(("paid", "closed", "written_off"), (55, 25, 20))[0]
        else:
            p_open = 0.9 if age < 60 else 0.45 if age < 365 else 0.12
            status = (
                "open" if rng.random() < p_open else rng.choices(("paid", "closed", "written_off"), (55, 25, 20))[0]
            )
        closed_on: date | None = None
        if status != "open":
            closed_on = opened + timedelta(days=rng.randint(14, 540))
            cap = min(client_end or today, today)
            if closed_on > cap:
                closed_on = max(opened, cap)
        end = closed_on or today

        # letters: the collection track while the file is open
        letters: list[tuple[str, date]] = []
        day = opened + timedelta(days=rng.randint(1, 5))
        kind = "reminder" if business else "fourteen_day"
        arrangement: date | None = None
        while day <= end and len(letters) < 5:
            letters.append((kind, day))
            if kind == "arrangement":
                arrangement = day
            day += timedelta(days=rng.randint(14, 45))
            u = rng.random()
            if arrangement is None and u < 0.3:
                kind = "arrangement"
            elif len(letters) >= 2 and u < 0.55:
                kind = "summons"
            else:
                kind = "reminder"
            if rng.random() < 0.25:
                break
        if status == "open" and age > 400 and rng.random() < 0.5:  # a yearly reminder stops limitation
            lo = max(self.days_ago(360), (letters[-1][1] if letters else opened) + timedelta(days=1))
            if lo <= self.days_ago(1):
                letters.append(("reminder", self.between(lo, self.days_ago(1))))
        reminders = [d for k, d in letters if k != "arrangement"]
        costs = _wik_costs(principal) if letters and not business else principal // 10
        total = principal + (costs if len(letters) > 1 else 0)
        monthly = max(2_500, (total // rng.randint(3, 12)) // 500 * 500)
        texts = {
            "name": name,
            "ref": ref,
            "amount": _euro(total),
            "costs": _euro(costs),
            "principal": _euro(principal),
            "monthly": _euro(monthly),
            "client": self.client_name[cid],
        }
        notes = None
        if rng.random() < 0.3:
            notes = rng.choice(_NOTES).format(
                monthly=texts["monthly"], date=(opened + timedelta(days=30)).strftime("%d-%m-%Y")
            )
        yield (
            "dossiers",
            {
                "id": xid,
                "client_id": cid,
                "debtor_id": did,
                "reference": ref,
                "status": status,
                "principal_amount": _money(principal),
                "invoice_due_date": opened - timedelta(days=rng.randint(30, 120)),
                "opened_on": opened,
                "closed_on": closed_on,
                "last_reminder_on": max(reminders) if reminders else None,
                "notes": notes,
            },
        )
        for kind, sent in letters:
            yield (
                "letters",
                {
                    "id": self.next_id("letters"),
                    "dossier_id": xid,
                    "kind": kind,
                    "sent_on": sent,
                    "channel": "email" if has_email and rng.random() < 0.4 else "post",
                    "addressee": name,
                    "body": _LETTER_BODIES[kind].format(**texts),
                },
            )

        # payments
        payer_name = name
        if rng.random() < 0.05:
            payer_name = self.person()[0]  # a relative pays
        pays: list[tuple[int, date]] = []
        if status == "paid":
            assert closed_on is not None
            if arrangement is not None and arrangement < closed_on:
                n = max(1, min(12, (closed_on - arrangement).days // 30))
                part = total // n
                for i in range(n):
                    pays.append(
                        (part if i < n - 1 else total - part * (n - 1), closed_on - timedelta(days=30 * (n - 1 - i)))
                    )
            else:
                pays.append((total, closed_on))
        elif status == "open" and arrangement is not None:
            day, paid = arrangement + timedelta(days=14), 0
            while day < today and paid + monthly < total and len(pays) < 12:
                pays.append((monthly, day))
                paid += monthly
                day += timedelta(days=30)
        elif status in ("closed", "written_off") and rng.random() < 0.3:
            assert closed_on is not None
            pays.append((max(500, total * rng.randint(10, 60) // 100 // 100 * 100), self.between(opened, closed_on)))
        for cents, paid_on in pays:
            yield (
                "payments",
                {
                    "id": self.next_id("payments"),
                    "dossier_id": xid,
                    "amount": _money(cents),
                    "paid_on": max(paid_on, opened),
                    "payer_iban": iban if payer_name == name else self.fake.iban(),
                    "payer_name": payer_name,
                },
            )

        # contact registrations
        for _ in range(rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]):
            kind = rng.choices(("call", "email", "letter"), (50, 35, 15))[0]
            direction = "out" if rng.random() < 0.55 else "in"
            when = self.between(opened, end)
            summary = rng.choice(_CONTACT_SUMMARIES[(kind, direction)]).format(
                amount=texts["amount"],
                monthly=texts["monthly"],
                date=(when + timedelta(days=rng.randint(3, 21))).strftime("%d-%m-%Y"),
            )
            staff_id = (
                None
                if kind == "letter" and direction == "in"
                else (self.staff_on(when) if rng.random() < 0.8 else None)
            )
            yield (
                "contact_registrations",
                {
                    "id": self.next_id("contact_registrations"),
                    "dossier_id": xid,
                    "kind": kind,
                    "direction": direction,
                    "occurred_at": self.at(when),
                    "summary": summary,
                    "staff_id": staff_id,
                },
            )

        # documents (metadata only; no blobs)
        for i in range(rng.choices((0, 1, 2), (25, 50, 25))[0]):
            filename = (
                f"factuur-{rng.randint(2_000, 99_999)}.pdf"
                if i == 0
                else rng.choice(_DOC_NAMES).format(ref=ref.lower())
            )
            doc_id = self.next_id("documents")
            yield (
                "documents",
                {
                    "id": doc_id,
                    "dossier_id": xid,
                    "filename": filename,
                    "content_type": "application/pdf",
                    "blob_path": f"documents/{cid}/{xid}/{self.uuid()}.pdf",
                    "size_bytes": rng.randint(18_000, 2_400_000),
                    "created_at": self.at(opened if i == 0 else self.between(opened, end)),
                },
            )
        return closed_on

    # --- prospects --------------------------------------------------------------------------

    def prospect_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        rng = self.rng
        for n in range(1, self.n_prospects + 1):
            pid = self.next_id("prospects")
            contact, first, last = self.person()
            company = self.company() if rng.random() < 0.75 else None
            if n == 1:
                email, contact = KNOWN_EMAILS["prospect"], "Demo Prospect"
            elif company:
                email = f"{first}.{last}@{self.company_slug(company)}-{self.next_serial()}.example"
            else:
                email = self.consumer_email(first, last)
            created = self.days_ago(rng.randint(1, 4 * 365)) if n != 1 else self.days_ago(40)
            yield (
                "prospects",
                {
                    "id": pid,
                    "company": company,
                    "contact_name": contact,
                    "email": email,
                    "phone": self.phone() if rng.random() < 0.6 else None,
                    "source": rng.choice(_PROSPECT_SOURCES),
                    "created_at": self.at(created),
                },
            )
            purposes = rng.sample(_CONSENT_PURPOSES, 1 if rng.random() < 0.6 else 2)
            for i, purpose in enumerate(purposes):
                given = created if i == 0 else self.between(created, self.today)
                valid = given + timedelta(days=365 * rng.choice((1, 1, 2)))
                withdrawn = None
                if n == 3 or (n > 3 and rng.random() < 0.1):
                    withdrawn = self.at(self.between(given, min(valid, self.today)))
                if n == 2:
                    given, valid = self.days_ago(800), self.days_ago(435)  # expired
                if n == 1:
                    valid = self.today + timedelta(days=325)
                yield (
                    "prospect_consents",
                    {
                        "id": self.next_id("prospect_consents"),
                        "prospect_id": pid,
                        "purpose": purpose,
                        "given_at": self.at(given),
                        "valid_until": valid,
                        "withdrawn_at": withdrawn,
                    },
                )


# ---------------------------------------------------------------------------------------------
# Writing


def _tables() -> dict[str, Table]:
    import shared.platform.schema  # noqa: F401  (registers the tables)
    from shared.db.metadata import platform_metadata

    return {name: platform_metadata.tables[name] for name in TABLE_ORDER}


def _require_empty(engine: Engine, tables: dict[str, Table]) -> None:
    """Every platform table must exist and be empty. Plain SELECTs (no reflection): they render on
    every dialect."""
    missing, filled = [], []
    for name in ("clients", *(t for t in TABLE_ORDER if t != "clients")):
        try:
            with engine.connect() as conn:
                if conn.execute(select(tables[name].c.id).limit(1)).first() is not None:
                    filled.append(name)
        except DBAPIError:
            missing.append(name)
    if missing:
        raise ValueError(
            f"platform tables missing or unreadable: {', '.join(missing)}; create them first (`privacy migrate`)"
        )
    if filled:
        raise ValueError(
            f"platform database is not empty: table {filled[0]!r} already has rows; "
            "demo data is only generated into an empty database"
        )


class _Writer:
    """Buffers rows per table; writes all buffers, parents first, in one transaction per batch."""

    def __init__(self, engine: Engine, tables: dict[str, Table], progress: Progress | None) -> None:
        self.engine = engine
        self.tables = tables
        self.progress = progress
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_ORDER}
        self.pending = 0
        self.done: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)
        self.totals: dict[str, int | None] = dict.fromkeys(TABLE_ORDER, None)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.buffers[table].append(row)
        self.pending += 1
        if self.pending >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        written = []
        with self.engine.begin() as conn:
            for name in TABLE_ORDER:
                rows = self.buffers[name]
                if rows:
                    conn.execute(insert(self.tables[name]), rows)
                    self.done[name] += len(rows)
                    written.append(name)
                    self.buffers[name] = []
        self.pending = 0
        if self.progress is not None:
            for name in written:
                self.report(name)

    def report(self, name: str) -> None:
        if self.progress is None:
            return
        total = self.totals[name]
        done = self.done[name]
        self.progress(name, done, max(done, total if total is not None else done))


_DRIVERS = {
    "staff_logins": "staff",
    "client_users": "clients",
    "client_user_logins": "clients",
    "client_invoices": "clients",
    "dossiers": "debtors",
    "letters": "debtors",
    "payments": "debtors",
    "contact_registrations": "debtors",
    "documents": "debtors",
    "prospect_consents": "prospects",
}


def _advance_sequences(engine: Engine, tables: dict[str, Table]) -> None:
    """PostgreSQL: explicit ids leave the id sequences at 1; move them past the rows."""
    if engine.dialect.name != "postgresql":
        return
    prep = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for table in tables.values():
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {prep.format_table(table)}), false)"
                ),
                {"t": prep.format_table(table)},
            )


def generate(
    engine: Engine,
    *,
    subjects: int = 200,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Fill an empty platform database with synthetic data; return counts and sample subjects.

    `subjects` is the number of debtors; clients are subjects/20 (at least 3), prospects
    subjects/10 (at least 5), staff 10 to 30. Returns
    ``{"counts": {table: rows}, "samples": [{"email", "client_id", "category"}, ...]}``
    with at least one sample of every subject category. `progress(table, done, total)` is called
    after each batch; totals of dependent tables are extrapolated until their last batch.
    Raises ValueError when a platform table already has rows or is missing.
    """
    if subjects < 1:
        raise ValueError("subjects must be at least 1")
    if now is None:
        now = DEFAULT_NOW
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    tables = _tables()
    _require_empty(engine, tables)

    gen = _Generator(subjects=subjects, seed=seed, now=now)
    writer = _Writer(engine, tables, progress)
    planned = {"staff": gen.n_staff, "clients": gen.n_clients, "debtors": gen.n_debtors, "prospects": gen.n_prospects}

    def run(rows: Iterator[tuple[str, dict[str, Any]]], phase: tuple[str, ...]) -> None:
        for name in phase:
            writer.totals[name] = planned.get(name)
        for every, (table, row) in enumerate(rows, 1):
            writer.add(table, row)
            if every % 2_000 == 0:  # keep extrapolated totals of dependent tables up to date
                for name in phase:
                    driver = _DRIVERS.get(name)
                    if driver is not None and gen.ids[driver]:
                        writer.totals[name] = gen.ids[name] * planned[driver] // gen.ids[driver]
        writer.flush()
        for name in phase:  # the phase is written: totals are exact now
            writer.totals[name] = writer.done[name]
            writer.report(name)

    run(gen.staff_rows(), ("staff", "staff_logins"))
    run(gen.client_rows(), ("clients", "client_users", "client_user_logins", "client_invoices"))
    run(gen.debtor_rows(), ("debtors", "dossiers", "letters", "payments", "contact_registrations", "documents"))
    run(gen.prospect_rows(), ("prospects", "prospect_consents"))
    _advance_sequences(engine, tables)

    samples = (
        [s for s in gen.samples if s["category"] == SubjectCategory.DEBTOR.value]
        + [
            {"email": KNOWN_EMAILS["client"], "client_id": 1, "category": SubjectCategory.CLIENT.value},
        ]
        + [s for s in gen.samples if s["category"] == SubjectCategory.CLIENT.value]
        + [
            {
                "email": KNOWN_EMAILS["client_employee"],
                "client_id": 1,
                "category": SubjectCategory.CLIENT_EMPLOYEE.value,
            },
            {"email": KNOWN_EMAILS["prospect"], "client_id": None, "category": SubjectCategory.PROSPECT.value},
            {"email": KNOWN_EMAILS["staff"], "client_id": None, "category": SubjectCategory.STAFF.value},
        ]
    )
    counts = {name: writer.done[name] for name in TABLE_ORDER}
    return {"counts": counts, "samples": samples}


__all__ = ["BATCH_ROWS", "DEFAULT_NOW", "KNOWN_EMAILS", "generate"]
