"""Pure rules of exits and viewer accounts: functions of values, `now` passed in.

Legal and contractual dates are Europe/Amsterdam days (shared.deadlines.receipt_day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from shared.deadlines import add_months, days_until, exit_effective_date, receipt_day
from shared.exits.status import EXIT_GROUPS, ExitStatus

REMINDER_DAYS_BEFORE = 14  # the reminder to the client before the effective date
RENEWAL_WARNING_DAYS = 30  # the renewal warning before a viewer year ends
# The nightly run rebuilds an export older than this (edits in place show up within a week; new or
# removed rows are caught the next night by the row counts: shared.exits.export.stale_reason).
EXPORT_MAX_AGE = timedelta(days=7)

# The viewer account fee (design choice): EUR 150,00 a year excluding VAT, plus 21% VAT,
# invoiced for the year ahead and to be paid before that year ends.
VIEWER_FEE = Decimal("150.00")
VAT_RATE = Decimal("0.21")
CENT = Decimal("0.01")


def today(now: datetime) -> date:
    return receipt_day(now)


def effective_date(notice_at: datetime) -> date:
    return exit_effective_date(notice_at)


def is_effective(effective: date, now: datetime) -> bool:
    """The exit is applied on or after its effective date."""
    return days_until(effective, now) <= 0


def change_refusal(status: ExitStatus, effective: date, now: datetime) -> str | None:
    """Why the choice may not change or the exit not be cancelled now; None when it may."""
    if status not in EXIT_GROUPS["changeable"]:
        return f"The exit is {status.value}; only an exit with notice given can change"
    if is_effective(effective, now):
        return f"The effective date {effective.isoformat()} has been reached; the exit can no longer change"
    return None


def reminder_due(effective: date, now: datetime, sent_at: datetime | None) -> bool:
    """The 14-day reminder: once, from 14 days before the effective date until that date."""
    return sent_at is None and 0 < days_until(effective, now) <= REMINDER_DAYS_BEFORE


def export_stale(built_at: datetime | None, now: datetime) -> bool:
    return built_at is None or now - built_at > EXPORT_MAX_AGE


# --- viewer accounts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    amount: Decimal  # excluding VAT
    vat_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.amount + self.vat_amount


def viewer_fee() -> Fee:
    return Fee(VIEWER_FEE, (VIEWER_FEE * VAT_RATE).quantize(CENT, rounding=ROUND_HALF_UP))


def period_end(start: date) -> date:
    """A viewer year: from `start` up to and including the day before the same date a year later."""
    return add_months(start, 12) - timedelta(days=1)


def fee_invoice_number(client_id: int, period_start: date) -> str:
    """One invoice per client and viewer year: the number is the idempotence key (max 20 chars)."""
    number = f"VA{period_start:%Y%m%d}-{client_id}"
    if len(number) > 20:
        raise ValueError("client id too long for the invoice number")
    return number


def renewal_warning_due(end: date, now: datetime, warned_for: date | None) -> bool:
    return warned_for != end and 0 <= days_until(end, now) <= RENEWAL_WARNING_DAYS


class ViewerOutcome(StrEnum):
    CONTINUE = "continue"  # the year runs
    ROLL_OVER = "roll_over"  # the year ended; the next one was renewed and paid in time
    LAPSE = "lapse"  # not renewed or not paid by the year's end: destroy the data


def viewer_outcome(end: date, now: datetime, current_paid_on: date | None,
                   next_paid_on: date | None, next_invoiced: bool) -> ViewerOutcome:
    """At the end of a viewer year, the account goes on only when this year's fee was paid and
    the next year's fee was invoiced (renewed) and paid, both by this year's end."""
    if days_until(end, now) >= 0:
        return ViewerOutcome.CONTINUE
    paid = current_paid_on is not None and current_paid_on <= end
    renewed = next_invoiced and next_paid_on is not None and next_paid_on <= end
    return ViewerOutcome.ROLL_OVER if paid and renewed else ViewerOutcome.LAPSE
