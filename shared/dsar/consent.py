"""Withdrawing consent (Art. 7(3) GDPR): as easy as giving it, through the portal or by staff.

Withdrawal ends the processing at once: every consent of the prospect's records is marked
withdrawn now, so no consent holds any more. The prospect_consent retention policy (period 0)
then deletes the prospect and its consents at the next nightly sweep, with its ledger entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from shared import audit, letters
from shared.audit import Actor
from shared.datamap import DATA_MAP
from shared.datamap.discovery import table
from shared.datamap.model import RetentionTarget
from shared.db.params import chunks
from shared.db.uow import store_and_platform as both
from shared.deps import Deps
from shared.dsar import consent_proof, texts
from shared.dsar.models import ConsentIn
from shared.dsar.status import ConsentChannel
from shared.errors import NotFound
from shared.nl import SIGNATURE

DELETED_BY = "the next nightly retention sweep (policy prospect_consent)"
PROSPECT = "prospect"  # the data map's subject kind of the data processed for direct marketing


def consent_rule() -> RetentionTarget:
    """The map's consent-based retention target: the subjects' table and their consent rows."""
    rule = next((r for targets in DATA_MAP.retention_rules.values() for r in targets
                 if r.due.no_valid is not None and r.due.no_valid.withdrawn), None)
    if rule is None:
        raise NotFound("The data map holds no consent records")
    return rule


def _consents() -> tuple[Any, Any, Any]:
    """(the consent table, its link to the prospect, its withdrawn column), from the data map."""
    rule = consent_rule()
    assert rule.due.no_valid is not None and rule.due.no_valid.withdrawn
    consents = table(rule.due.no_valid.table)
    hop = DATA_MAP[rule.due.no_valid.table].parent
    assert hop is not None, "consent rows hang under their subject"
    return consents, consents.c[hop.column], consents.c[rule.due.no_valid.withdrawn]


def _prospects() -> tuple[Any, Any]:
    """(the prospects' table, its e-mail column), from the data map."""
    rule = consent_rule()
    subjects = table(rule.table)
    return subjects, subjects.c[DATA_MAP[rule.table].identity_keys[0]]


def prospect_ids(platform: Connection, email: str) -> list[int]:
    subjects, email_column = _prospects()
    return [r for (r,) in platform.execute(select(subjects.c.id).where(func.lower(email_column) == email.lower())
                                           .order_by(subjects.c.id))]


def held_consents(platform: Connection, ids: Sequence[int]) -> list[Any]:
    """The consents of these prospects that still hold (not withdrawn)."""
    consents, link, withdrawn = _consents()
    return [r for part in chunks(list(ids)) for r in platform.execute(
        select(consents.c.id, link.label("prospect_id"), consents.c.purpose, consents.c.given_at,
               consents.c.valid_until).where(link.in_(part), withdrawn.is_(None)).order_by(consents.c.id))]


# How the platform's `source` names the channel a prospect came through.
SOURCE_OF_CHANNEL = {"web_form": "website", "event": "fair"}


def _inserted(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def record(deps: Deps, actor: Actor, body: ConsentIn) -> dict[str, Any]:
    """Staff record a consent given by phone, mail, letter or at an event, with its proof: the
    consent in the platform (where the sweep's policy reads it), the proof in the suite's store."""
    now = deps.now()
    consent_proof.check(body, now)
    subjects, email_column = _prospects()
    consents, link, _ = _consents()
    with both(deps.store, deps.platform) as (store, platform):
        found = prospect_ids(platform, body.email)
        if found:
            prospect = found[0]
        elif body.contact_name is None:
            raise consent_proof.bad("contact_name", "required for a prospect not known yet")
        else:
            prospect = _inserted(platform.execute(insert(subjects).values(
                {email_column: body.email, "contact_name": body.contact_name, "company": body.company,
                 "source": SOURCE_OF_CHANNEL.get(body.channel.value, body.channel.value), "created_at": now})))
        consent_id = _inserted(platform.execute(insert(consents).values(
            {link: prospect, "purpose": body.purpose, "given_at": body.given_at, "valid_until": body.valid_until})))
        return consent_proof.insert_proof(store, actor, body, prospect, consent_id, now)


def end_consents(platform: Connection, ids: Sequence[int], now: datetime) -> int:
    """Every consent of these prospects that still holds is withdrawn now; the count."""
    consents, link, withdrawn = _consents()
    return sum(int(platform.execute(update(consents).where(link.in_(part), withdrawn.is_(None))
                                    .values({withdrawn: now})).rowcount or 0) for part in chunks(list(ids)))


def withdraw(deps: Deps, actor: Actor, email: str, channel: ConsentChannel = ConsentChannel.PORTAL) -> dict[str, Any]:
    now = deps.now()
    with both(deps.store, deps.platform) as (store, platform):
        ids = prospect_ids(platform, email)
        if not ids:
            raise NotFound("No prospect with this e-mail address")
        consent_proof.note_withdrawal(store, held_consents(platform, ids), channel, now)  # when and how, ids only
        n = end_consents(platform, ids, now)
        audit.record(store, actor, "consent.withdrawn", "prospect", str(ids[0]), now,
                     {"prospects": len(ids), "consents": n})
        letters.queue(store, at=now, recipient_kind="subject", recipient=email, topic="dsar.consent_withdrawn",
                      related_type="prospect", related_id=str(ids[0]),
                      subject_line="Uw toestemming is ingetrokken",
                      body="Geachte heer, mevrouw,\n\nWij hebben de intrekking van uw toestemming ontvangen "
                           "(art. 7 lid 3 AVG). Wij gebruiken uw gegevens niet meer en verwijderen ze uiterlijk "
                           f"in de nacht na vandaag.\n\n{SIGNATURE}")
    return {"prospects": len(ids), "consents_withdrawn": int(n or 0), "withdrawn_at": now, "deleted_by": DELETED_BY}


def marketing_rows(rows: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """The rows processed for direct marketing: the prospect's (the data map's subject kind)."""
    return {t: list(ids) for t, ids in rows.items() if ids and DATA_MAP[t].subject.value == PROSPECT}


def stop_marketing(store: Connection, platform: Connection, rows: Mapping[str, Sequence[int]], channel: str,
                   now: datetime) -> int:
    """Art. 21(3): the processing for direct marketing stops at once: the prospect's consents end
    now (their proofs note it, with the channel of the objection) and its rows are restricted with
    the objection; the decision, which can only uphold the objection, erases them."""
    prospects = [i for t, ids in marketing_rows(rows).items() if DATA_MAP[t].is_root for i in ids]
    if not prospects:
        return 0
    how = ConsentChannel(channel) if channel in ConsentChannel._value2member_map_ else ConsentChannel.UNRECORDED
    consent_proof.note_withdrawal(store, held_consents(platform, prospects), how, now)
    return end_consents(platform, prospects, now)


def proof_lines(store: Connection, rows: Mapping[str, Sequence[int]]) -> list[str]:
    """The Art. 15 letter's lines on the proof of each consent of the prospects found."""
    try:
        ids = list(rows.get(consent_rule().table, ()))
    except NotFound:  # a data map without consent records
        return []
    return [texts.consent_proof_nl(p.purpose, p.channel, p.given_at, p.valid_until, p.text_version, p.text_sha256,
                                   p.withdrawn_at, p.withdrawal_channel)
            for p in consent_proof.proofs_of(store, ids)] if ids else []
