"""When an open claim becomes time-barred (verjaard), from its file's events. Pure: no I/O.

Dutch civil law, for the claims collected here (payment of a client's invoice, an obligation
from a contract):
- BW 3:307: the claim is barred five years after the day after it fell due (the invoice's due date).
- BW 3:317: a written reminder (a letter of the file, the last reminder) interrupts it ("stuiting");
  BW 3:318: so does an acknowledgement by the debtor, and a (part) payment is one.
  BW 3:319: a new period of the same length starts the day after.
- BW 3:316: instituting proceedings interrupts it; while they run nothing is barred, and the new
  period starts the day after they end (BW 3:319(1)).
- BW 3:324: a judgment can be enforced for twenty years from the day after it.
A claim becomes barred the day after its last period ends (the anniversary itself is still in
time). The period is the open_claim policy's, never below the law's five years (the client's own
where it set one: a longer period only asks the client later); the judgment's 20 years are the
law's. Events before the judgment no longer matter: its 20 years run later.

Being barred does not end the file: the creditor (the client) decides whether it writes the claim
off or keeps pursuing it (the debtor may still pay or not invoke the limitation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.retention.rules import add_months

JUDGMENT_MONTHS = 240  # BW 3:324: twenty years


@dataclass(frozen=True)
class ClaimFacts:
    """One file's facts that the limitation follows (dates; None: did not happen)."""

    due_on: date  # the invoice's due date: the claim is due (opeisbaar) from then
    restarts: tuple[date, ...] = field(default=())  # reminders, letters, acknowledgements, payments
    proceedings_started_on: date | None = None
    proceedings_ended_on: date | None = None
    judgment_on: date | None = None

    @staticmethod
    def of(due_on: date, restarts: Iterable[date | None], proceedings_started_on: date | None = None,
           proceedings_ended_on: date | None = None, judgment_on: date | None = None) -> ClaimFacts:
        return ClaimFacts(due_on, tuple(sorted(d for d in restarts if d is not None)), proceedings_started_on,
                          proceedings_ended_on, judgment_on)


def _barred_after(event: date, months: int) -> date:
    """A period of `months` that starts the day after `event` is over on the day after its anniversary."""
    return add_months(event, months) + timedelta(days=1)


def proceedings_pending(facts: ClaimFacts) -> bool:
    """Proceedings started and neither ended nor decided: the limitation does not run out meanwhile."""
    return (facts.proceedings_started_on is not None and facts.proceedings_ended_on is None
            and facts.judgment_on is None)


def time_barred_from(facts: ClaimFacts, months: int = 60) -> date | None:
    """The first day the claim is time-barred; None while proceedings are pending."""
    if proceedings_pending(facts):
        return None
    if facts.judgment_on is not None:
        later = [d for d in facts.restarts if d > facts.judgment_on]
        ends = [_barred_after(facts.judgment_on, JUDGMENT_MONTHS)] + [_barred_after(d, months) for d in later]
        return max(ends)
    ends = [_barred_after(facts.due_on, months)] + [_barred_after(d, months) for d in facts.restarts]
    if facts.proceedings_ended_on is not None:
        ends.append(_barred_after(facts.proceedings_ended_on, months))
    return max(ends)


def is_time_barred(facts: ClaimFacts, today: date, months: int = 60) -> bool:
    end = time_barred_from(facts, months)
    return end is not None and end <= today
