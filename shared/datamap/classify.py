"""Proposing a data category for a column: from its name (Dutch and English vocabularies), its
table's name, and a bounded sample of its values. Pure rules: values come in, counts go out;
no value is kept, returned or logged.

A proposal carries its evidence (which rule, how many samples matched) and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shared.datamap.model import DataCategory as C

SAMPLE_LIMIT = 1000  # values per column, at most
VALUE_SHARE = 0.5  # a value rule holds when at least this share of the sampled values match


@dataclass(frozen=True)
class Evidence:
    rule: str
    matched: int
    sampled: int
    confidence: float


@dataclass(frozen=True)
class Proposal:
    category: C
    confidence: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def personal(self) -> bool:
        return self.category not in NOT_PERSONAL


NOT_PERSONAL = {C.KEY, C.BUSINESS, C.CASE}

# --- Names ------------------------------------------------------------------------------------

# Column-name tokens (split on "_") that point at a category whatever the table: strongest first.
STRONG_TOKENS: tuple[tuple[C, frozenset[str]], ...] = (
    (C.BIRTH_DATE, frozenset({"birth", "dob", "geboortedatum", "geboorte", "geboren"})),
    (C.FINANCIAL, frozenset({"iban", "rekening", "rekeningnummer", "bic", "amount", "bedrag", "vat", "btw",
                             "principal", "hoofdsom", "price", "prijs", "saldo", "balance"})),
    (C.BUSINESS, frozenset({"kvk", "company", "bedrijf", "bedrijfsnaam", "organisation", "organisatie",
                            "handelsnaam"})),
    (C.TECHNICAL, frozenset({"ip", "useragent", "agent"})),
    (C.NAME, frozenset({"name", "naam", "voornaam", "achternaam", "firstname", "lastname", "surname",
                        "addressee", "geadresseerde", "tenaamstelling", "initials", "voorletters"})),
    (C.CONTACT, frozenset({"email", "mail", "emailadres", "mailadres", "phone", "telefoon", "tel",
                           "telefoonnummer", "mobile", "mobiel",
                           "street", "straat", "address", "adres", "postcode", "zip", "postal", "city",
                           "plaats", "woonplaats", "huisnummer", "house"})),
    (C.COMMUNICATION, frozenset({"notes", "note", "notitie", "notities", "body", "summary", "samenvatting",
                                 "message", "bericht", "opmerking", "opmerkingen", "comment", "tekst"})),
    (C.DOCUMENT, frozenset({"filename", "bestandsnaam", "blob"})),
)
# Weaker column tokens: they lose to a strong table context (a login's `mfa_passed` is log data).
WEAK_TOKENS: tuple[tuple[C, frozenset[str]], ...] = (
    (C.ACCOUNT, frozenset({"role", "rol", "mfa", "read", "write", "disabled", "enabled", "employed",
                           "dienst", "job", "functie", "title", "password", "wachtwoord", "rechten"})),
    (C.CONSENT, frozenset({"consent", "toestemming", "optin"})),
)
# Table-name tokens and the category of the columns no column rule claims.
STRONG_TABLES: tuple[tuple[C, frozenset[str]], ...] = (
    (C.TECHNICAL, frozenset({"login", "logins", "session", "sessions", "aanmelding", "aanmeldingen", "log", "logs"})),
    (C.FINANCIAL, frozenset({"invoice", "invoices", "factuur", "facturen", "payment", "payments", "betaling",
                             "betalingen", "transactie", "transacties"})),
    (C.CONSENT, frozenset({"consent", "consents", "toestemming", "toestemmingen"})),
    (C.DOCUMENT, frozenset({"document", "documents", "documenten", "bestand", "bestanden", "bijlage",
                            "bijlagen", "attachment", "attachments"})),
    (C.COMMUNICATION, frozenset({"letter", "letters", "brief", "brieven", "correspondentie", "registration",
                                 "registrations",
                                 "contactmoment", "contactmomenten", "message", "messages", "berichten"})),
)
WEAK_TABLES: tuple[tuple[C, frozenset[str]], ...] = (
    (C.ACCOUNT, frozenset({"user", "users", "gebruiker", "gebruikers", "staff", "medewerker", "medewerkers",
                           "employee", "employees", "account", "accounts"})),
    (C.CONSENT, frozenset({"prospect", "prospects", "lead", "leads"})),
)


def tokens(name: str) -> set[str]:
    return {t for t in re.split(r"[^a-z0-9]+", name.lower()) if t}


def _first(table: Iterable[tuple[C, frozenset[str]]], words: set[str]) -> C | None:
    return next((cat for cat, vocab in table if words & vocab), None)


def by_name(table: str, column: str, *, is_key: bool, table_columns: Sequence[str]) -> tuple[C, str, float]:
    """(category, rule, confidence) from the names alone."""
    col, tab = tokens(column), tokens(table)
    if is_key:
        return C.KEY, "name:key", 0.95
    strong = _first(STRONG_TOKENS, col)
    if strong is C.NAME and any("kvk" in tokens(c) for c in table_columns) and col == {"name"}:
        return C.BUSINESS, "name:company-name", 0.6  # a bare `name` beside a KvK number names a company
    if strong is not None:
        return strong, f"name:{strong.value}", 0.7
    context = _first(STRONG_TABLES, tab)
    if context is not None:
        return context, f"table:{context.value}", 0.5
    weak = _first(WEAK_TOKENS, col) or _first(WEAK_TABLES, tab)
    if weak is not None:
        return weak, f"name:{weak.value}", 0.45
    return C.CASE, "default:case", 0.3


# --- Values -----------------------------------------------------------------------------------

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
POSTCODE = re.compile(r"^[1-9]\d{3} ?[A-Z]{2}$")
PHONE = re.compile(r"^(?:\+31|0031|0)[1-9]\d{8}$")
IPV4 = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$")
NAME_WORD = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'-]+\.?$|^[A-Z]\.$")
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "la", "le", "du", "von", "op"}
LEGAL_FORMS = {"b.v.", "bv", "n.v.", "nv", "v.o.f.", "vof", "c.v.", "stichting", "vereniging", "holding"}


def iban_ok(value: str) -> bool:
    v = value.replace(" ", "").upper()
    if not IBAN.match(v):
        return False
    digits = "".join(str(int(ch, 36)) for ch in v[4:] + v[:4])
    return int(digits) % 97 == 1


def bsn_ok(value: str) -> bool:
    """The eleven test (elfproef) on a 9-digit BSN: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11."""
    v = value.strip()
    if len(v) != 9 or not v.isdigit() or v == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(v[:8], range(9, 1, -1), strict=True)) - int(v[8])
    return total % 11 == 0


def phone_ok(value: str) -> bool:
    return bool(PHONE.match(re.sub(r"[\s()-]", "", value)))


def person_name_ok(value: str) -> bool:
    words = value.split()
    if not 2 <= len(words) <= 5 or any(w.lower() in LEGAL_FORMS for w in words):
        return False
    named = [w for w in words if w.lower() not in PARTICLES]
    return len(named) >= 2 and all(NAME_WORD.match(w) for w in named)


def free_text_ok(value: str) -> bool:
    return len(value) >= 40 and len(value.split()) >= 6


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return None  # a timestamp records an event, not a birthday
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def birth_date_ok(value: Any, today: date) -> bool:
    d = _as_date(value)
    return d is not None and 16 <= (today - d).days / 365.25 <= 110


# (rule, category, test on a str value); birth dates are tested on the raw value.
STRING_RULES: tuple[tuple[str, C, Any], ...] = (
    ("value:email", C.CONTACT, lambda v: bool(EMAIL.match(v))),
    ("value:iban", C.FINANCIAL, iban_ok),
    ("value:bsn", C.NAME, bsn_ok),  # a BSN identifies the person: treated like a name
    ("value:postcode", C.CONTACT, lambda v: bool(POSTCODE.match(v.strip().upper()))),
    ("value:phone", C.CONTACT, phone_ok),
    ("value:ip", C.TECHNICAL, lambda v: bool(IPV4.match(v))),
    ("value:person-name", C.NAME, person_name_ok),
    ("value:free-text", C.COMMUNICATION, free_text_ok),
)
PERSONAL_VALUE_RULES = {"value:email", "value:iban", "value:bsn", "value:postcode", "value:phone",
                        "value:person-name", "value:birth-date"}


def value_evidence(values: Sequence[Any], today: date) -> list[tuple[Evidence, C]]:
    """Which value rules hold on this sample, with counts. The values are not kept."""
    sampled = len(values)
    if not sampled:
        return []
    out: list[tuple[Evidence, C]] = []
    born = sum(1 for v in values if birth_date_ok(v, today))
    if born / sampled >= VALUE_SHARE:
        out.append((Evidence("value:birth-date", born, sampled, round(born / sampled, 2)), C.BIRTH_DATE))
    texts = [v for v in values if isinstance(v, str)]
    for rule, category, test in STRING_RULES:
        matched = sum(1 for v in texts if test(v))
        if matched and matched / sampled >= VALUE_SHARE:
            out.append((Evidence(rule, matched, sampled, round(matched / sampled, 2)), category))
    return out


def propose(table: str, column: str, values: Sequence[Any], *, is_key: bool, table_columns: Sequence[str],
            today: date) -> Proposal:
    """The category proposed for one column, with the evidence for it."""
    category, rule, confidence = by_name(table, column, is_key=is_key, table_columns=table_columns)
    found = [] if is_key else value_evidence(values, today)
    evidence = [Evidence(rule, 0, 0, confidence), *(ev for ev, _ in found)]
    strong = [(ev, cat) for ev, cat in found if ev.rule in PERSONAL_VALUE_RULES - {"value:person-name"}]
    if found and rule.startswith("name:") and any(cat == category for _, cat in found):
        confidence = min(0.99, confidence + 0.25)  # name and values agree
    elif strong and category in NOT_PERSONAL | {C.ACCOUNT, C.CONSENT}:
        ev, category = max(strong, key=lambda f: f[0].confidence)  # the values say personal: believe them
        confidence = ev.confidence * 0.9
    elif found and not rule.startswith("name:"):
        ev, value_category = max(found, key=lambda f: f[0].confidence)
        if value_category is not C.COMMUNICATION or category is C.CASE:
            category, confidence = value_category, ev.confidence * 0.8
    return Proposal(category, round(confidence, 2), tuple(evidence))


def looks_personal(values: Sequence[Any], today: date) -> list[Evidence]:
    """The personal-data value rules that hold on this sample (for the drift check)."""
    return [ev for ev, _ in value_evidence(values, today) if ev.rule in PERSONAL_VALUE_RULES]
