from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared import holidays as h
from shared.holidays import easter_sunday, holiday_names, holidays, is_holiday, is_working_day

# Easter Sundays from published tables.
KNOWN_EASTER = {
    1961: date(1961, 4, 2),
    2000: date(2000, 4, 23),
    2008: date(2008, 3, 23),
    2011: date(2011, 4, 24),  # late
    2019: date(2019, 4, 21),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2038: date(2038, 4, 25),  # latest possible
    2285: date(2285, 3, 22),  # earliest possible
}


@pytest.mark.parametrize(("year", "expected"), KNOWN_EASTER.items())
def test_easter_sunday_known_dates(year, expected):
    assert easter_sunday(year) == expected


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    e = easter_sunday(year)
    assert e.weekday() == 6
    assert date(year, 3, 22) <= e <= date(year, 4, 25)


def test_holidays_2026_complete():
    assert holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 27),  # King's Day (a Monday)
        date(2026, 5, 5),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_holidays_2025_kings_day_moves_to_saturday_26_april():
    assert date(2025, 4, 27).weekday() == 6
    days = holidays(2025)
    assert date(2025, 4, 26) in days
    assert date(2025, 4, 27) not in days


def test_holidays_2024():
    assert holidays(2024) == {
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 4, 27),
        date(2024, 5, 5),
        date(2024, 5, 9),
        date(2024, 5, 20),
        date(2024, 12, 25),
        date(2024, 12, 26),
    }


def test_liberation_day_every_year_not_only_lustrum():
    for year in (2021, 2022, 2023, 2025, 2026):
        assert is_holiday(date(year, 5, 5))


def test_ascension_on_liberation_day_2016():
    assert date(2016, 5, 5) in holidays(2016)
    assert len(holidays(2016)) == 8


def test_names_are_dutch():
    names = holiday_names(2026)
    assert names[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert names[date(2026, 4, 27)] == "Koningsdag"
    assert len(names) == 9


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2025, 4, 26),
    ],
)
def test_is_holiday(d):
    assert is_holiday(d)
    assert not is_working_day(d)


@pytest.mark.parametrize(
    "d",
    [date(2026, 4, 5), date(2026, 5, 24)],  # Easter and Whit Sunday: Sundays, not in the list
)
def test_sundays_are_not_working_days(d):
    assert not is_holiday(d)
    assert not is_working_day(d)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 5, 15), True),  # Friday after Ascension: only a holiday if decreed
        (date(2026, 12, 24), True),
        (date(2026, 12, 31), True),
    ],
)
def test_is_working_day(d, expected):
    assert is_working_day(d) is expected


def test_extra_days_by_argument():
    bridge = date(2026, 5, 15)
    assert is_holiday(bridge, extra=[bridge])
    assert not is_working_day(bridge, extra=(bridge,))
    assert bridge in holidays(2026, extra=[bridge])
    # Extras from other years do not leak in.
    assert holidays(2027, extra=[bridge]) == holidays(2027)


def test_extra_days_by_module_data(monkeypatch):
    bridge = date(2026, 5, 15)
    monkeypatch.setattr(h, "EXTRA_DAYS", frozenset({bridge}))
    assert is_holiday(bridge)
    assert bridge in holidays(2026)


def test_rules_are_extendable_data():
    assert all(isinstance(name, str) and callable(rule) for name, rule in h.RULES)
    assert len(h.RULES) == 9


def test_holidays_do_not_mutate_cache():
    before = holidays(2026)
    holidays(2026, extra=[date(2026, 6, 1)])
    assert holidays(2026) == before
    assert date(2026, 6, 1) not in holidays(2026)


@given(st.integers(min_value=1900, max_value=2200))
def test_holiday_properties(year):
    days = holidays(year)
    # 8 when Ascension falls on 5 May (Easter on 27 March, e.g. 2016).
    assert len(days) == (8 if easter_sunday(year) == date(year, 3, 27) else 9)
    assert all(d.year == year for d in days)
    e = easter_sunday(year)
    assert e - timedelta(days=2) in days and e + timedelta(days=1) in days
    assert (e + timedelta(days=39)).weekday() == 3  # Ascension is a Thursday
    assert (e + timedelta(days=50)).weekday() == 0  # Whit Monday
    (kings,) = [d for d, name in holiday_names(year).items() if name == "Koningsdag"]
    assert kings in days and kings.weekday() != 6 and kings.month == 4 and kings.day in (26, 27)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_working_day_definition(d):
    assert is_working_day(d) == (d.weekday() < 5 and d not in holidays(d.year))
