"""Who the controller of a request's data is, and what the subject is to it (its debtor or its
employee), for the letters: the client by name in processor mode, Incassotool otherwise. Whose data
a table holds is the data map's (SubjectCategory.client_is_controller)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from shared.datamap import DATA_MAP
from shared.dsar import queries as q
from shared.dsar import rules, texts


def client_name(platform: Connection, client_id: int | None) -> str | None:
    """The controller's name for a letter "namens" it; None for Incassotool's own relations."""
    if client_id is None:
        return None
    name = platform.execute(q.client_name(client_id)).scalar()
    return name or f"cliënt nr. {client_id}"


def controller_name(name: str | None, relation: str = "debtor") -> str:
    """Who decides about these data, from the client's name (client_name): the client for its
    debtors and its own staff (Incassotool processes for it), else (None) Incassotool."""
    return (f"{name}, {texts.RELATION_NL[relation][0]}; Incassotool verwerkt deze gegevens in zijn opdracht"
            if name else "Incassotool")


def subjects_by_client(platform: Connection, email: str) -> dict[int, set[str]]:
    """The clients whose data the subject's are (controllers), with what it is to each: debtor, employee."""
    out: dict[int, set[str]] = {}
    for cid, subject in platform.execute(q.controller_clients(email)):
        out.setdefault(cid, set()).add(subject)
    return out


def relation_at(platform: Connection, email: str, client_id: int | None) -> str:
    """What the subject is to this client, for the letters: its debtor or its employee."""
    return rules.relation(subjects_by_client(platform, email).get(client_id, ())) if client_id is not None \
        else rules.relation(())


def relation_of(rows: Mapping[str, Sequence[int]]) -> str:
    """What the subject of these rows is to their client, for the letters: debtor or employee."""
    return rules.relation(DATA_MAP[t].subject.value for t, ids in rows.items() if ids)


def for_letter(platform: Connection, row: Any) -> dict[str, Any]:
    """Who decided, for the letter: the client by name (processor mode), and what the subject is to it."""
    return {"controller": client_name(platform, row.client_id),
            "relation": relation_at(platform, row.subject_email, row.client_id)}
