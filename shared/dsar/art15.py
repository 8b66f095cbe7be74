"""The facts the Art. 15 letter states: who decides (the client for its data), the register's
recipients by name, the retention as it applies now (a client's own period for its files, where it
set one) and the proof of consent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from shared.datamap import DATA_MAP
from shared.deps import Deps
from shared.dsar import consent, texts
from shared.dsar.controllers import client_name, controller_name, relation_of
from shared.retention.service import load_policies


def retention_lines(policies: Mapping[str, Any], used: Sequence[Any], client_id: int | None,
                    controller: str | None) -> list[str]:
    """The retention of the policies that apply to these tables, from their live values; for a
    client's files the period that client set itself, where it did (retention per controller)."""
    from shared.retention.policies import statement_nl

    lines = []
    for pid in sorted({p for tm in used for p in tm.retention}):
        if pid not in policies:
            continue
        policy = policies[pid]
        line = statement_nl(policy.for_client(client_id))
        if policy.own_period_of(client_id) is not None:
            line += f"; deze termijn heeft {controller} als verwerkingsverantwoordelijke zelf vastgesteld"
        lines.append(line)
    return lines


def facts(deps: Deps, store: Connection, platform: Connection, client_id: int | None,
                rows: Mapping[str, Sequence[int]]) -> texts.Art15Facts:
    """The letter's facts from the live policies (and the client's own periods), the register and
    the platform."""
    from shared.register.service import ensure_seeded, recipients_of

    used = [DATA_MAP[t] for t, ids in rows.items() if ids]
    relation = relation_of(rows)
    name = client_name(platform, client_id)  # read once: the letter names the client twice
    controller = name if any(tm.subject.client_is_controller for tm in used) else None
    retention = retention_lines(load_policies(store), used, client_id, controller)
    ensure_seeded(deps)
    recipients = [f"{controller}, {texts.RELATION_NL[relation][0]} (verwerkingsverantwoordelijke)"] \
        if controller else []
    for r in recipients_of(store, sorted({a for tm in used for a in tm.activities})):
        if r.get("kind") != "client" or not controller:  # the register's generic "the client": named above
            recipients.append(r["name"])
    return texts.Art15Facts(controller_name(name, relation), recipients, retention, controller,
                            relation, consent.proof_lines(store, rows))
