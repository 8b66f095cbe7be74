"""When an open claim is time-barred (BW 3:307-3:324), from its file's events."""

from __future__ import annotations

from datetime import date

from shared.retention.claims import ClaimFacts, is_time_barred, time_barred_from

DUE = date(2019, 3, 15)


def test_a_claim_without_events_is_barred_five_years_after_the_day_after_it_fell_due():
    facts = ClaimFacts.of(DUE, [])
    assert time_barred_from(facts) == date(2024, 3, 16)
    assert not is_time_barred(facts, date(2024, 3, 15)) and is_time_barred(facts, date(2024, 3, 16))


def test_an_interruption_starts_a_new_period_from_the_day_after_the_last_one():
    # reminders, acknowledgements and payments are interruptions alike (the sweep test feeds each from the platform)
    assert time_barred_from(ClaimFacts.of(DUE, [date(2022, 6, 1)])) == date(2027, 6, 2)
    assert time_barred_from(ClaimFacts.of(DUE, [date(2020, 1, 1), date(2023, 2, 28), None])) == date(2028, 2, 29)


def test_pending_proceedings_suspend_and_their_end_starts_a_new_period():
    pending = ClaimFacts.of(DUE, [], proceedings_started_on=date(2021, 1, 10))
    assert time_barred_from(pending) is None and not is_time_barred(pending, date(2100, 1, 1))
    ended = ClaimFacts.of(DUE, [], proceedings_started_on=date(2021, 1, 10), proceedings_ended_on=date(2022, 9, 30))
    assert time_barred_from(ended) == date(2027, 10, 1)


def test_a_judgment_keeps_the_claim_twenty_years_and_later_payments_restart_from_there():
    judged = ClaimFacts.of(DUE, [date(2020, 5, 1)], proceedings_started_on=date(2020, 9, 1),
                           judgment_on=date(2021, 4, 20))
    assert time_barred_from(judged) == date(2041, 4, 21)
    paid_late = ClaimFacts.of(DUE, [date(2039, 1, 5)], judgment_on=date(2021, 4, 20))
    assert time_barred_from(paid_late) == date(2044, 1, 6)


def test_a_clients_longer_period_only_asks_later():
    assert time_barred_from(ClaimFacts.of(DUE, []), months=84) == date(2026, 3, 16)
