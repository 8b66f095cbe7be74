"""Dutch public holidays for counting legal time limits (Algemene termijnenwet art. 3).

Art. 3(1) lists the recognised holidays, art. 3(2) adds Good Friday, and art. 3(3) lets the
government add further days by decree (published in the Staatscourant, typically a few years
ahead, e.g. the Friday after Ascension Day). The fixed rules are data in `RULES`; decreed days
go in `EXTRA_DAYS` or are passed per call as `extra`. Leaving a decreed day out only makes a
deadline earlier, never later, so the default errs on the safe side.

Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian / Meeus-Jones-Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _easter_offset(days: int) -> Callable[[int], date]:
    return lambda year: easter_sunday(year) + timedelta(days=days)


def _kings_day(year: int) -> date:
    # Celebrated on 27 April, or on Saturday 26 April when the 27th is a Sunday.
    d = date(year, 4, 27)
    return d - timedelta(days=1) if d.weekday() == 6 else d


# (name, rule: year -> date). Easter Sunday and Whit Sunday are Sundays anyway, so not listed.
RULES: tuple[tuple[str, Callable[[int], date]], ...] = (
    ("Nieuwjaarsdag", lambda year: date(year, 1, 1)),
    ("Goede Vrijdag", _easter_offset(-2)),  # art. 3(2)
    ("Tweede Paasdag", _easter_offset(1)),
    ("Koningsdag", _kings_day),
    ("Bevrijdingsdag", lambda year: date(year, 5, 5)),  # every year for the Atw, not only lustrum years
    ("Hemelvaartsdag", _easter_offset(39)),
    ("Tweede Pinksterdag", _easter_offset(50)),
    ("Eerste Kerstdag", lambda year: date(year, 12, 25)),
    ("Tweede Kerstdag", lambda year: date(year, 12, 26)),
)

# Days equated with holidays by decree (art. 3(3)). Extend as decrees are published.
EXTRA_DAYS: frozenset[date] = frozenset()


@lru_cache(maxsize=256)
def _rule_days(year: int) -> frozenset[date]:
    # Cached per year: the deadline watch asks for the same years every 15 minutes.
    return frozenset(rule(year) for _, rule in RULES)


def holidays(year: int, extra: Iterable[date] = ()) -> frozenset[date]:
    """All holidays of `year`: the rules, `EXTRA_DAYS`, and any `extra` dates in that year."""
    added = {d for d in (*EXTRA_DAYS, *extra) if d.year == year}
    base = _rule_days(year)
    return base | added if added else base


def holiday_names(year: int) -> dict[date, str]:
    """The rule-based holidays of `year` with their Dutch names (for display)."""
    return {rule(year): name for name, rule in RULES}


def is_holiday(d: date, extra: Iterable[date] = ()) -> bool:
    return d in _rule_days(d.year) or d in EXTRA_DAYS or d in frozenset(extra)


def is_working_day(d: date, extra: Iterable[date] = ()) -> bool:
    """Not a Saturday, a Sunday or a holiday."""
    return d.weekday() < 5 and not is_holiday(d, extra)
