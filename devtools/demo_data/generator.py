"""Rows of staff (with their logins), clients (with their users, logins and invoices) and
prospects (with their consents); the debtors live in debtors.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from devtools.demo_data.draws import Draws
from devtools.demo_data.vocabulary import (
    BUSINESS_ROLES,
    CONSENT_PURPOSES,
    JOB_TITLES,
    KNOWN_EMAILS,
    PROSPECT_SOURCES,
    STAFF_DOMAIN,
    STAFF_ROLES,
    money,
)
from shared.datamap.model import SubjectCategory

Rows = Iterator[tuple[str, dict[str, Any]]]


class Generator(Draws):
    """The generation state of one run: sizes, the clients' windows and weights, the samples."""

    def __init__(self, *, subjects: int, seed: int, now: datetime) -> None:
        super().__init__(seed=seed, now=now)
        self.client_slugs: set[str] = set()

        self.n_debtors = max(subjects, 2)
        self.n_clients = max(3, subjects // 20)
        self.n_prospects = max(5, subjects // 10)
        self.n_staff = min(30, 10 + subjects // 10_000)

        self.samples: list[dict[str, Any]] = []
        # per client: (start, end or None) and its display name
        self.client_window: list[tuple[date, date | None]] = [(self.today, None)]  # index 0 unused
        self.client_name: list[str] = [""]
        self.client_cum_weights: list[float] = []

    # --- staff ------------------------------------------------------------------------------

    def staff_rows(self) -> Rows:
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
                email = f"{first}.{last}@{STAFF_DOMAIN}"
                k = 2
                while email in seen:
                    email = f"{first}.{last}{k}@{STAFF_DOMAIN}"
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
            role = "privacy_officer" if n == 1 else rng.choice(STAFF_ROLES)
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

    def client_rows(self) -> Rows:
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
                email = f"{first}.{last}@{domain}" if rng.random() < 0.6 else f"{rng.choice(BUSINESS_ROLES)}@{domain}"
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
    ) -> Rows:
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
                    "job_title": rng.choice(JOB_TITLES),
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
                "amount": money(amount),
                "vat_amount": money(amount * 21 // 100),
                "paid_on": paid if paid <= self.today else None,  # the latest may still be open
            }
            year, quarter = next_year, next_quarter

    # --- prospects --------------------------------------------------------------------------

    def prospect_rows(self) -> Rows:
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
                    "source": rng.choice(PROSPECT_SOURCES),
                    "created_at": self.at(created),
                },
            )
            purposes = rng.sample(CONSENT_PURPOSES, 1 if rng.random() < 0.6 else 2)
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


