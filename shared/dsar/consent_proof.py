"""Proof of a prospect's consent (Art. 7(1) GDPR): the version and hash of the text shown, the
channel and the moment, and its end (`valid_until`).

The consent itself lives in the platform (prospect_consents: the sweep's policy prospect_consent
reads it); the proof is the suite's own record (`consent_proofs`), keyed by the platform's ids
and holding no personal data. That is why it may outlive the prospect: after a withdrawal the
sweep deletes the prospect and its consents, and the proof stays as the accountability record
of what was agreed and when it was withdrawn, and through which channel.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared import audit
from shared.audit import Actor
from shared.clock import CALLER_CLOCK_SKEW
from shared.db.params import chunks
from shared.deadlines import receipt_day
from shared.dsar.models import ConsentIn
from shared.dsar.status import ConsentChannel
from shared.dsar.tables import consent_proofs
from shared.errors import InvalidInput

P = consent_proofs.c
LONGEST_MONTHS = 60  # a consent for marketing that runs longer than five years is not specific any more


def bad(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}",
                        errors=[{"in": "body", "field": field, "message": message, "type": "value_error"}])


def check(body: ConsentIn, now: datetime) -> None:
    """422 for a proof that cannot be true: given in the future, or ending before it began."""
    if body.given_at > now + CALLER_CLOCK_SKEW:
        raise bad("given_at", "in the future")
    given = receipt_day(body.given_at)
    if body.valid_until <= given:
        raise bad("valid_until", "must lie after the day the consent was given")
    if (body.valid_until - given).days > LONGEST_MONTHS * 31:
        raise bad("valid_until", f"a consent lasts at most {LONGEST_MONTHS // 12} years; ask again after that")


def view(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in ("id", "prospect_id", "consent_id", "purpose", "text_version",
                                         "text_sha256", "channel", "given_at", "valid_until", "recorded_at",
                                         "withdrawn_at", "withdrawal_channel")}


def insert_proof(store: Connection, actor: Actor, body: ConsentIn, prospect_id: int, consent_id: int,
                 now: datetime) -> dict[str, Any]:
    proof_id = str(uuid.uuid4())
    store.execute(insert(consent_proofs).values(
        id=proof_id, prospect_id=prospect_id, consent_id=consent_id, purpose=body.purpose,
        text_version=body.text_version, text_sha256=body.text_sha256, channel=body.channel.value,
        given_at=body.given_at, valid_until=body.valid_until, recorded_at=now, recorded_by=actor.oid[:64]))
    audit.record(store, actor, "consent.recorded", "prospect", str(prospect_id), now,
                 {"consent_id": consent_id, "proof": proof_id, "channel": body.channel.value})
    return view(store.execute(select(consent_proofs).where(P.id == proof_id)).one())


def proofs_of(store: Connection, prospect_ids: Sequence[int]) -> list[Any]:
    return [r for part in chunks(list(prospect_ids)) for r in store.execute(
        select(consent_proofs).where(P.prospect_id.in_(part)).order_by(P.given_at))]


def note_withdrawal(store: Connection, held: Sequence[Any], channel: ConsentChannel, now: datetime) -> int:
    """Keep when and how the consents that still held (platform rows: id, prospect_id, purpose,
    given_at, valid_until) were withdrawn. A consent from before proofs were kept gets a proof
    record now (text and channel `unrecorded`), so every withdrawal leaves its record."""
    known = {r.consent_id for r in proofs_of(store, sorted({c.prospect_id for c in held}))}
    fresh = [c for c in held if c.id not in known]
    if fresh:
        store.execute(insert(consent_proofs), [
            {"id": str(uuid.uuid4()), "prospect_id": c.prospect_id, "consent_id": c.id, "purpose": c.purpose,
             "text_version": ConsentChannel.UNRECORDED.value, "text_sha256": "",
             "channel": ConsentChannel.UNRECORDED.value, "given_at": c.given_at, "valid_until": c.valid_until,
             "recorded_at": now, "recorded_by": "system"} for c in fresh])
    ids = [c.id for c in held]
    return sum(int(store.execute(update(consent_proofs).where(P.consent_id.in_(part), P.withdrawn_at.is_(None))
                                 .values(withdrawn_at=now, withdrawal_channel=channel.value)).rowcount or 0)
               for part in chunks(ids))
