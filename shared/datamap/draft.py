"""A draft data map of a live database (`privacy datamap generate`): its tables, keys and foreign
keys, hops towards the tables that hold identities, and a proposed category for every column with
its evidence. Everything is marked `review: pending`: a person confirms it before the map is used.
No sampled value reaches the draft."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.datamap.classify import Proposal, propose, tokens
from shared.datamap.model import DataCategory as C
from shared.datamap.model import Erasure, SubjectCategory
from shared.datamap.reflect import LiveTable

Sampler = Callable[[str, str], Sequence[Any]]

SUBJECT_WORDS: tuple[tuple[SubjectCategory, frozenset[str]], ...] = (
    (SubjectCategory.STAFF, frozenset({"staff", "medewerker", "medewerkers", "employee", "employees", "personeel"})),
    (SubjectCategory.CLIENT_EMPLOYEE, frozenset({"user", "users", "gebruiker", "gebruikers"})),
    (SubjectCategory.PROSPECT, frozenset({"prospect", "prospects", "lead", "leads"})),
    (SubjectCategory.CLIENT, frozenset({"client", "clients", "klant", "klanten", "opdrachtgever", "opdrachtgevers"})),
    (SubjectCategory.DEBTOR, frozenset({"debtor", "debtors", "debiteur", "debiteuren", "schuldenaar",
                                        "schuldenaars", "schuldenaren"})),
)
KEPT = {C.KEY, C.CASE, C.BUSINESS}


@dataclass(frozen=True)
class Hop:
    column: str
    parent: str
    parent_key: str


@dataclass
class DraftTable:
    live: LiveTable
    proposals: dict[str, Proposal]
    parent: Hop | None = None
    client_path: list[Hop] | None = None
    subject: SubjectCategory = SubjectCategory.DEBTOR

    @property
    def identity_key(self) -> str | None:
        return next((c for c, p in self.proposals.items()
                     if p.category is C.CONTACT and tokens(c) & {"email", "mail", "emailadres", "mailadres"}), None)


def _hops(t: LiveTable) -> list[Hop]:
    return [Hop(fk.columns[0], fk.parent, fk.parent_columns[0]) for fk in t.foreign_keys
            if len(fk.columns) == 1 and fk.parent != t.name]


def _path(tables: Mapping[str, DraftTable], start: str, goal: str) -> list[Hop] | None:
    """The shortest chain of foreign keys from `start` to `goal`."""
    seen = {start}
    queue: deque[tuple[str, list[Hop]]] = deque([(start, [])])
    while queue:
        name, path = queue.popleft()
        if name == goal:
            return path
        for hop in _hops(tables[name].live):
            if hop.parent in tables and hop.parent not in seen:
                seen.add(hop.parent)
                queue.append((hop.parent, [*path, hop]))
    return None


def _subject(name: str) -> SubjectCategory | None:
    words = tokens(name)
    return next((s for s, vocab in SUBJECT_WORDS if words & vocab), None)


def link(tables: dict[str, DraftTable]) -> None:
    """Parents towards identity tables, client paths towards the clients' own table, subjects."""
    identity = {n for n, t in tables.items() if t.identity_key}
    referenced = {n: sum(1 for o in identity for h in _hops(tables[o].live) if h.parent == n) for n in identity}
    client = max((n for n in identity if referenced[n]), key=lambda n: referenced[n], default=None)
    for name, t in tables.items():
        if client is not None:
            t.client_path = [] if name == client else _path(tables, name, client)
        if name in identity:
            continue
        hops = [h for h in _hops(t.live) if h.parent in tables]
        towards = [h for h in hops if h.parent != client and _reaches(tables, h.parent, identity)]
        t.parent = next(iter(towards or [h for h in hops if h.parent == client]), None)
    for name, t in tables.items():
        root, seen = name, {name}
        while tables[root].parent is not None and tables[root].parent.parent not in seen:  # type: ignore[union-attr]
            root = tables[root].parent.parent  # type: ignore[union-attr]
            seen.add(root)
        t.subject = _subject(root) or _subject(name) or SubjectCategory.DEBTOR


def _reaches(tables: Mapping[str, DraftTable], start: str, identity: set[str]) -> bool:
    return any(_path(tables, start, goal) is not None for goal in identity)


def build(live: Mapping[str, LiveTable], sampler: Sampler, today: date) -> dict[str, DraftTable]:
    tables: dict[str, DraftTable] = {}
    for name, t in live.items():
        keys = t.key_columns()
        proposals = {c: propose(name, c, [] if c in keys else sampler(name, c), is_key=c in keys,
                                table_columns=list(t.columns), today=today) for c in t.columns}
        tables[name] = DraftTable(t, proposals)
    link(tables)
    return tables


# --- Writing the draft ------------------------------------------------------------------------


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _hop(h: Hop) -> str:
    key = f", parent_key: {h.parent_key}" if h.parent_key != "id" else ""
    return f"{{column: {h.column}, parent: {h.parent}{key}}}"


def _column(name: str, typ: str, p: Proposal, labels: Mapping[str, str]) -> list[str]:
    erasure = Erasure.KEEP if p.category in KEPT else Erasure.NULL
    evidence = ", ".join(f"{{rule: {_s(e.rule)}, matched: {e.matched}, sampled: {e.sampled}, "
                         f"confidence: {e.confidence}}}" for e in p.evidence)
    return [f"      {name}:",
            f"        category: {p.category.value}",
            f"        erasure: {_s(erasure.value)}",
            f"        type: {_s(typ)}",
            f"        label_nl: {_s(labels.get(name) or name.replace('_', ' '))}",
            f"        review: pending  # proposed with confidence {p.confidence}",
            f"        evidence: [{evidence}]"]


def render(tables: Mapping[str, DraftTable], source: str, labels: Mapping[str, str]) -> str:
    lines = [f"# Draft data map of {source}, written by `privacy datamap generate`.",
             "# Every table and column is `review: pending`: confirm each proposal (set review: confirmed),",
             "# fill in activities and retention, then point PRIVACY_DATA_MAP at this file.",
             "# Evidence holds rules and counts only: no sampled value is written here.",
             "version: 1", "tables:"]
    for name, t in tables.items():
        key = t.live.primary_key[0] if len(t.live.primary_key) == 1 else next(iter(t.live.columns))
        lines += [f"  {name}:", f"    label_nl: {_s(labels.get(name) or name.replace('_', ' '))}",
                  f"    subject: {t.subject.value}", "    activities: [to_be_assigned]", "    retention: []",
                  "    erasure: delete", f"    key: {key}", "    review: pending"]
        if t.identity_key and t.parent is None:
            lines.append(f"    identity_keys: [{t.identity_key}]")
        if t.parent is not None:
            lines.append(f"    parent: {_hop(t.parent)}")
        if t.client_path is not None:
            lines.append(f"    client_path: [{', '.join(_hop(h) for h in t.client_path)}]")
        lines.append("    columns:")
        for col, typ in t.live.columns.items():
            lines += _column(col, typ, t.proposals[col], labels)
    return "\n".join(lines) + "\n"
