"""Seeded draws: names, companies, addresses, phone numbers, e-mail addresses, dates and ids.

Faker values are drawn once into pools; every row draws from the pools with one seeded Random,
so one seed gives the same rows and drawing stays fast."""

from __future__ import annotations

import random
import re
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from devtools.demo_data.vocabulary import (
    AREA_CODES,
    IP_FIRST_OCTETS,
    POSTCODE_LETTERS,
    PUBLIC_DOMAINS,
    SECTORS,
    SUFFIXES,
    TRADES,
    ascii_slug,
)


class Pools:
    """Faker values drawn once; rows draw from them with the seeded Random (fast)."""

    def __init__(self, fake: Any, size: int) -> None:
        self.first = [fake.first_name() for _ in range(size)]
        self.first_slug = [ascii_slug(f) for f in self.first]
        self.last = [fake.last_name() for _ in range(size)]
        self.last_slug = [ascii_slug(x) for x in self.last]
        self.street = [fake.street_name() for _ in range(size)]
        self.city = [fake.city() for _ in range(size // 2)]
        companies = [fake.company() for _ in range(size // 2)]
        self.company = companies
        self.n_names = size


class Draws:
    """The seeded primitives every row generator uses."""

    def __init__(self, *, seed: int, now: datetime) -> None:
        from faker import Faker

        self.now = now.astimezone(UTC)
        self.today = self.now.date()
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.pools = Pools(self.fake, 2_000)
        self.serial = 0  # unique over the run: makes generated e-mail addresses and domains unique
        self.ids: defaultdict[str, int] = defaultdict(int)
        self.staff_periods: list[tuple[int, date, date | None]] = []  # per staff: (id, from, until)

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
            return f"{rng.choice(SECTORS)} {last[0].upper()}{last[1:]}".strip()
        if u < 0.9:
            return f"{last[0].upper()}{last[1:]} {rng.choice(TRADES)} {rng.choice(SUFFIXES)}".strip()
        other = p.last[rng.randrange(p.n_names)]
        return f"{last[0].upper()}{last[1:]} & {other[0].upper()}{other[1:]}"

    def company_slug(self, name: str) -> str:
        slug = ascii_slug(name.replace("B.V.", "").replace("V.O.F.", ""), "-")
        return re.sub(r"[0-9-]+$", "", slug) or "bedrijf"

    def address(self) -> tuple[str, str, str]:
        rng, p = self.rng, self.pools
        number = str(rng.randint(1, 250))
        if rng.random() < 0.12:
            number += rng.choice(("a", "b", "c", "-1", "-2", " bis"))
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        postcode = f"{rng.randint(1000, 9999)} {letters}"
        return f"{p.street[rng.randrange(len(p.street))]} {number}", postcode, p.city[rng.randrange(len(p.city))]

    def phone(self) -> str:
        rng = self.rng
        u = rng.random()
        if u < 0.55:
            return f"06-{rng.randint(10_000_000, 99_999_999)}"
        if u < 0.65:
            return f"+31 6 {rng.randint(10_000_000, 99_999_999)}"
        area = rng.choice(AREA_CODES)
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
        return f"{local}@{rng.choice(PUBLIC_DOMAINS)}"

    def ip(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            a, b, c, d = rng.randint(0xA400, 0xA4FF), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16)
            return f"2a02:{a:x}:{b:x}:{c:x}::{d:x}"
        return f"{rng.choice(IP_FIRST_OCTETS)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def staff_on(self, day: date) -> int | None:
        """A staff member employed on that day, if one is found quickly."""
        for _ in range(4):
            sid, start, until = self.staff_periods[self.rng.randrange(len(self.staff_periods))]
            if start <= day and (until is None or day <= until):
                return sid
        return None

