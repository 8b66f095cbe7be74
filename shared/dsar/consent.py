"""Withdrawing consent (Art. 7(3) GDPR): as easy as giving it, through the portal or by staff.

Withdrawal ends the processing at once: every consent of the prospect's records is marked
withdrawn now, so no consent holds any more. The prospect_consent retention policy (period 0)
then deletes the prospect and its consents at the next nightly sweep, with its ledger entries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from shared import audit, letters
from shared.audit import Actor
from shared.datamap import DATA_MAP
from shared.datamap.discovery import table
from shared.datamap.model import RetentionTarget
from shared.db.uow import store_and_platform as both
from shared.deps import Deps
from shared.errors import NotFound
from shared.nl import SIGNATURE

DELETED_BY = "the next nightly retention sweep (policy prospect_consent)"


def consent_rule() -> RetentionTarget:
    """The map's consent-based retention target: the subjects' table and their consent rows."""
    rule = next((r for targets in DATA_MAP.retention_rules.values() for r in targets
                 if r.due.no_valid is not None and r.due.no_valid.withdrawn), None)
    if rule is None:
        raise NotFound("The data map holds no consent records")
    return rule


def withdraw(deps: Deps, actor: Actor, email: str) -> dict[str, Any]:
    now = deps.now()
    rule = consent_rule()
    assert rule.due.no_valid is not None and rule.due.no_valid.withdrawn
    subjects, consents = table(rule.table), table(rule.due.no_valid.table)
    email_column = subjects.c[DATA_MAP[rule.table].identity_keys[0]]
    hop = DATA_MAP[rule.due.no_valid.table].parent
    assert hop is not None, "consent rows hang under their subject"
    link = consents.c[hop.column]
    withdrawn = consents.c[rule.due.no_valid.withdrawn]
    with both(deps.store, deps.platform) as (store, platform):
        ids = [r for (r,) in platform.execute(select(subjects.c.id)
                                              .where(func.lower(email_column) == email.lower()))]
        if not ids:
            raise NotFound("No prospect with this e-mail address")
        n = platform.execute(update(consents).where(link.in_(ids), withdrawn.is_(None))
                             .values({withdrawn: now})).rowcount
        audit.record(store, actor, "consent.withdrawn", "prospect", str(ids[0]), now,
                     {"prospects": len(ids), "consents": n})
        letters.queue(store, at=now, recipient_kind="subject", recipient=email, topic="dsar.consent_withdrawn",
                      related_type="prospect", related_id=str(ids[0]),
                      subject_line="Uw toestemming is ingetrokken",
                      body="Geachte heer, mevrouw,\n\nWij hebben de intrekking van uw toestemming ontvangen "
                           "(art. 7 lid 3 AVG). Wij gebruiken uw gegevens niet meer en verwijderen ze uiterlijk "
                           f"in de nacht na vandaag.\n\n{SIGNATURE}")
    return {"prospects": len(ids), "consents_withdrawn": int(n or 0), "withdrawn_at": now, "deleted_by": DELETED_BY}
