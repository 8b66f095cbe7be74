"""A request's letters (its outbox rows), as each role may read them.

- The FG and staff: every letter, with its recipient's address or client number.
- A client admin (only of its own client's request, else 404): the letters to the subject, sent on
  its behalf, and those to itself; never one to another client (Art. 19) and no addresses.
- The subject (only its own request, else 404): the letters to itself, without the address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared import audit
from shared.deps import Deps
from shared.dsar import queries as q
from shared.dsar import views
from shared.dsar.models import LettersQuery, LetterStatus
from shared.http import paging
from shared.identity.principal import Principal
from shared.letters import outbox
from shared.nl import letter_type


def listing(deps: Deps, principal: Principal, request_id: str, query: LettersQuery) -> dict[str, Any]:
    """One page of the request's letters, the oldest first."""
    now = deps.now()
    kinds = ["subject"] if principal.is_subject else ["subject", "client"] if principal.is_client else None
    stmt = q.letters_of(request_id, kinds=kinds, client_id=principal.client_id if principal.is_client else None)
    with deps.store.begin() as store:
        views.load(store, principal, request_id)
        rows, nxt = paging.earliest_first(store, stmt, outbox.c.created_at, outbox.c.id, query.limit, query.cursor,
                                          kind=datetime)
        audit.record(store, principal.actor, "dsar.letters_read", "dsar", request_id, now, {"count": len(rows)})
    return {"items": [view(r, with_address=principal.is_internal) for r in rows], "next": nxt}


def view(row: Any, *, with_address: bool) -> dict[str, Any]:
    return {"id": row.id, "type": row.topic, "title": letter_type(row.topic), "status": LetterStatus.QUEUED.value,
            "created_at": row.created_at, "sent_at": None, "recipient_kind": row.recipient_kind,
            "recipient": row.recipient if with_address else None, "language": row.language,
            "subject_line": row.subject_line, "text": row.body}
