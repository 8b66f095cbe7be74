"""The suite's own records have a retention too: policies beside the platform's, run by the sweep.

- dsar_records: a request record is the proof of how a request was handled (Art. 5(2) and 12
  GDPR). It is kept 5 years after the request closed: the AP can fine a violation until five years
  after it (Awb 5:45(1)), and a complaint about the handling can come that late. Then it is
  reduced to ids: the subject's e-mail becomes `erased:<id>`, the name, the details the subject
  gave, the requested changes and every free-text reason are emptied; type, dates, status, the
  decisions' actors (staff ids), the client id and the result (counts, no personal data) stay.
  The request's recorded doubts and its objection decision lose their free-text reasons too (they
  may describe the person); what was asked, when, by whom and the outcome stay.
- letters_outbox: delivery reads a letter from the outbox when it is queued; 30 days later (time
  to resend a returned letter) its recipient address and its text go. Kept: the type, subject
  line, the request or object it belongs to and the moment: the proof that a letter went out.
- access_packages: an access or portability package is deleted 30 days after its request closed
  (shared/retention/packages.py), and at once when the subject is erased (shared/dsar/execute.py).
- The audit trail stays: it holds ids and counts only (shared/audit.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, literal, not_, or_, select, update

from shared import audit
from shared.db.params import chunks
from shared.deps import Deps
from shared.dsar.tables import dsar_doubts, objection_decisions
from shared.dsar.tables import dsar_requests as R
from shared.letters import outbox as O
from shared.retention import packages
from shared.retention.policies import OWN_ORDER, Policy
from shared.retention.rules import amsterdam_date, day_start_utc, months_cutoff

REDUCED = "erased:"  # the e-mail of a request record reduced to ids starts with this
SUBJECT_KINDS = ("subject", "public")  # recipients that are a person's address (a client's id is not)


def reduce_requests(deps: Deps, policy: Policy, now: datetime, run_id: str) -> dict[str, Any]:
    """Closed request records past the policy's period, reduced to ids (one transaction per 500)."""
    months = policy.period_months or 0
    # closed on or before the last due day (Amsterdam dates): `months` have passed since
    cutoff = day_start_utc(months_cutoff(amsterdam_date(now), months) + timedelta(days=1))
    due = and_(R.c.closed_at.is_not(None), R.c.closed_at < cutoff, not_(R.c.subject_email.startswith(REDUCED)))
    with deps.store.connect() as store:
        ids = list(store.execute(select(R.c.id).where(due).order_by(R.c.id)).scalars())
    for part in chunks(ids, 500):
        with deps.store.begin() as store:  # set-based: one statement per table and part
            store.execute(update(R).where(R.c.id.in_(part)).values(
                subject_email=literal(REDUCED, String) + cast(R.c.id, String), subject_name=None,
                subject_details=None, changes=None, reason=None, extension_reason=None, decision_reason=None,
                reject_reason=None, updated_at=now))
            store.execute(update(dsar_doubts).where(dsar_doubts.c.request_id.in_(part)).values(reason=""))
            store.execute(update(objection_decisions).where(objection_decisions.c.request_id.in_(part))
                          .values(reasons=""))
            audit.record(store, audit.SYSTEM, "retention.request_records_reduced", "retention_policy", policy.id,
                         now, {"run_id": run_id, "rows": len(part)})
    return {"rule": policy.id, "months": months, "reduced": len(ids)}


def reduce_letters(deps: Deps, policy: Policy, now: datetime, run_id: str) -> dict[str, Any]:
    """Letters queued more than the policy's days ago lose their recipient address and text."""
    days = policy.period_days or 0
    cutoff = now - timedelta(days=days)
    due = and_(O.c.created_at <= cutoff, or_(O.c.body != "", O.c.recipient_kind.in_(SUBJECT_KINDS)
                                              & O.c.recipient.is_not(None)))
    with deps.store.begin() as store:
        n = store.execute(update(O).where(due).values(body="")).rowcount
        store.execute(update(O).where(O.c.created_at <= cutoff, O.c.recipient_kind.in_(SUBJECT_KINDS),
                                      O.c.recipient.is_not(None)).values(recipient=None))
        if n:
            audit.record(store, audit.SYSTEM, "retention.letters_reduced", "retention_policy", policy.id, now,
                         {"run_id": run_id, "rows": n})
    return {"rule": policy.id, "days": days, "reduced": n}


def apply(deps: Deps, policies: dict[str, Policy], now: datetime, run_id: str) -> dict[str, Any]:
    """The sweep's last step: each own-records policy, with its evidence (counts only)."""
    out: dict[str, Any] = {}
    steps = {"dsar_records": reduce_requests, "letters_outbox": reduce_letters,
             "access_packages": lambda d, p, n, r: packages.drop_old_packages(d, n, r, days=p.period_days or 0)}
    for pid in OWN_ORDER:
        policy = policies[pid]
        out[pid] = steps[pid](deps, policy, now, run_id) if policy.enabled else {"rule": pid, "enabled": False}
    return out
