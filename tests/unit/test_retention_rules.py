"""Retention due dates: the legal boundaries, day by day, and the inverse the sweep queries with."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.retention.rules import (
    add_months,
    amsterdam_date,
    closed_file_due,
    consent_end,
    day_start_utc,
    ex_client_due,
    fiscal_cutoff,
    fiscal_due,
    is_due,
    log_due,
    months_cutoff,
    open_claim_cutoff,
    open_claim_due,
    prospect_due,
    prospect_is_due,
    staff_due,
)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31))
periods = st.integers(min_value=0, max_value=240)


# --- Fiscal: AWR art. 52(4), kept to the end of the 7th year after the record's year ---------


@pytest.mark.parametrize(("record", "due"), [
    (date(2018, 1, 1), date(2026, 1, 1)),
    (date(2018, 12, 31), date(2026, 1, 1)),
    (date(2019, 1, 1), date(2027, 1, 1)),
    (date(2020, 2, 29), date(2028, 1, 1)),
])
def test_fiscal_records_are_kept_until_the_end_of_the_seventh_year_after(record, due):
    assert fiscal_due(record) == due


def test_a_fiscal_record_is_not_due_on_new_years_eve_and_due_on_new_years_day():
    assert not fiscal_due(date(2018, 6, 1)) <= date(2025, 12, 31)
    assert fiscal_due(date(2018, 6, 1)) <= date(2026, 1, 1)


@given(dates, dates)
def test_fiscal_cutoff_is_the_exact_inverse_of_the_due_date(record, today):
    assert (fiscal_due(record) <= today) == (record < fiscal_cutoff(today))


# --- Periods in months ------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2021, 11, 24), 60, date(2026, 11, 24)),
    (date(2026, 1, 31), 1, date(2026, 3, 1)),  # 31 Feb does not exist: kept one day longer
    (date(2024, 2, 29), 12, date(2025, 3, 1)),  # a leap day plus a year
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 5, 5), 0, date(2026, 5, 5)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@given(dates, periods)
def test_add_months_never_gives_less_than_the_period(start, months):
    end = add_months(start, months)
    assert end >= start
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) in (months, months + 1)


@given(dates, dates, periods)
def test_months_cutoff_is_the_exact_inverse_of_add_months(trigger, today, months):
    assert (add_months(trigger, months) <= today) == (trigger <= months_cutoff(today, months))


@given(dates, dates, periods)
def test_is_due_agrees_with_the_cutoff(trigger, today, months):
    assert is_due(trigger, months, today) == (trigger <= months_cutoff(today, months))


def test_no_trigger_event_means_not_due():
    assert not is_due(None, 0, date(2100, 1, 1))


def test_negative_periods_are_refused():
    with pytest.raises(ValueError):
        add_months(date(2026, 1, 1), -1)
    with pytest.raises(ValueError):
        months_cutoff(date(2026, 1, 1), -1)


# --- The policies' rules ----------------------------------------------------------------------


def test_a_closed_consumer_file_is_due_on_the_anniversary_of_closing():
    assert closed_file_due(date(2024, 3, 31), 24) == date(2026, 3, 31)
    assert closed_file_due(date(2021, 11, 24), 60) == date(2026, 11, 24)


@pytest.mark.parametrize(("opened", "reminder", "due"), [
    (date(2019, 1, 1), None, date(2024, 1, 2)),
    (date(2019, 1, 1), date(2021, 6, 1), date(2026, 6, 2)),  # a reminder restarts the period (BW 3:319)
    (date(2021, 1, 1), date(2020, 1, 1), date(2026, 1, 2)),  # a reminder before opening changes nothing
])
def test_an_open_claim_restarts_at_each_written_reminder(opened, reminder, due):
    assert open_claim_due(opened, reminder, 60) == due


@given(dates, st.one_of(st.none(), dates), periods)
def test_an_open_claim_is_never_due_before_its_reminder_period_ends(opened, reminder, months):
    due = open_claim_due(opened, reminder, months)
    assert due > add_months(opened, months)
    if reminder:
        assert due > add_months(reminder, months)


@given(dates, st.one_of(st.none(), dates), dates, periods)
def test_open_claim_cutoff_is_the_exact_inverse(opened, reminder, today, months):
    cut = open_claim_cutoff(today, months)
    within = opened <= cut and (reminder is None or reminder <= cut)
    assert (open_claim_due(opened, reminder, months) <= today) == within


def test_a_claim_reminded_five_years_ago_today_is_still_alive():
    assert open_claim_due(date(2019, 1, 1), date(2021, 11, 24), 60) == date(2026, 11, 25)


def test_ex_client_and_staff_periods():
    assert ex_client_due(date(2021, 11, 24), 60) == date(2026, 11, 24)
    assert staff_due(date(2024, 11, 24), 24) == date(2026, 11, 24)


def test_login_dates_are_amsterdam_dates():
    # 23:30 UTC on 30 June is 01:30 on 1 July in Amsterdam (summer time).
    assert log_due(datetime(2025, 6, 30, 23, 30, tzinfo=UTC), 12) == date(2026, 7, 1)
    assert log_due(datetime(2025, 6, 30, 21, 30, tzinfo=UTC), 12) == date(2026, 6, 30)


def test_amsterdam_dates_and_day_starts():
    assert amsterdam_date(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == date(2026, 11, 24)  # winter: +1
    assert day_start_utc(date(2026, 11, 24)) == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    assert day_start_utc(date(2026, 7, 1)) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)  # summer: +2
    with pytest.raises(ValueError):
        amsterdam_date(datetime(2026, 1, 1))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_an_instant_is_before_the_next_amsterdam_day_start(instant):
    day = amsterdam_date(instant)
    assert day_start_utc(day) <= instant < day_start_utc(day + timedelta(days=1))


# --- Prospects: only while a consent holds ----------------------------------------------------


def test_a_consent_holds_through_its_last_valid_day():
    assert consent_end(date(2026, 11, 24), None) == date(2026, 11, 25)
    assert not prospect_is_due([(date(2026, 11, 24), None)], date(2026, 11, 24))
    assert prospect_is_due([(date(2026, 11, 24), None)], date(2026, 11, 25))


def test_a_withdrawn_consent_ends_on_the_day_of_withdrawal():
    withdrawn = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 24 Nov in Amsterdam
    assert consent_end(date(2030, 1, 1), withdrawn) == date(2026, 11, 24)
    assert prospect_is_due([(date(2030, 1, 1), withdrawn)], date(2026, 11, 24))


def test_a_prospect_stays_while_any_consent_holds_and_goes_without_one():
    assert not prospect_is_due([(date(2020, 1, 1), None), (date(2027, 1, 1), None)], date(2026, 11, 24))
    assert prospect_is_due([], date(2026, 11, 24))
    assert prospect_due([]) is None


@given(st.lists(st.tuples(dates, st.none()), max_size=4), dates)
def test_a_prospect_is_due_exactly_when_no_consent_is_valid_today(consents, today):
    assert prospect_is_due(consents, today) == all(until < today for until, _ in consents)


def test_the_duty_that_binds_longest_is_recorded():
    from shared.retention.rules import binding_duty, kept_row_ended

    assert binding_duty({}) == (None, None)
    assert binding_duty({"fiscal": date(2032, 1, 1), "bki_floor": date(2027, 1, 1)}) == ("fiscal", date(2032, 1, 1))
    # an open-ended duty (a running claim, a hold) wins over any date
    assert binding_duty({"fiscal": date(2032, 1, 1), "legal_claim": None}) == ("legal_claim", None)
    assert kept_row_ended("fiscal", date(2032, 1, 1), date(2032, 1, 1))
    assert not kept_row_ended("fiscal", date(2032, 1, 1), date(2031, 12, 31))
    assert not kept_row_ended("legal_claim", None, date(2100, 1, 1)) and kept_row_ended(None, None, date(2020, 1, 1))
