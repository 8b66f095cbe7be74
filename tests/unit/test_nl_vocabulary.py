"""The one Dutch vocabulary: its formats, and that no other texts module formats dates or amounts."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from shared import nl

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_dates_moments_amounts_periods():
    assert nl.date_nl(date(2027, 1, 1)) == "1 januari 2027"
    assert nl.date_nl("2027-12-31") == "31 december 2027"
    # 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
    assert nl.date_nl(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1 januari 2027"
    assert nl.moment_nl(datetime(2026, 7, 1, 12, 5, tzinfo=UTC)) == "1 juli 2026 om 14:05"
    # The hour the clocks go back shows twice on the wall clock: then the zone is named.
    assert nl.moment_nl(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "25 oktober 2026 om 02:30 (CEST)"
    assert nl.moment_nl(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "25 oktober 2026 om 02:30 (CET)"
    assert nl.euro(Decimal("150")) == "€ 150,00"
    assert nl.euro(Decimal("1234.5")) == "€ 1.234,50"
    assert nl.euro(Decimal("-3.1")) == "€ -3,10"
    assert (nl.period_nl(60), nl.period_nl(12), nl.period_nl(18), nl.period_nl(1)) == \
        ("5 jaar", "1 jaar", "18 maanden", "1 maand")


def test_naive_moment_refused():
    with pytest.raises(ValueError):
        nl.moment_nl(datetime(2026, 1, 1, 12, 0))


def test_fg_and_remedies_name_the_routes():
    assert nl.FG.name in nl.SIGNATURE
    assert "Autoriteit Persoonsgegevens" in nl.REMEDIES_NL and "zes weken" in nl.REMEDIES_NL
    assert "art. 35 lid 2 UAVG" in nl.REMEDIES_NL


def test_labels_are_dutch():
    assert nl.table_label("payments") == "betalingen"
    assert nl.category_label("financial").startswith("financiële")


# Formats a reader sees: strftime/format specs for dates, month names, euro signs built by hand.
FORBIDDEN = [
    (re.compile(r"strftime\("), "strftime"),
    (re.compile(r"%d-%m|%Y-%m-%d %H|:%d-%m|:%H:%M"), "a date format"),
    (re.compile(r'"(januari|februari|maart|oktober)"'), "a month name"),
    (re.compile(r"€ \{|€ \d"), "a hand-made amount"),
]


def test_no_other_module_formats_dates_or_amounts():
    offenders = []
    for path in sorted(SHARED.rglob("*.py")):
        if path.name == "nl.py" and path.parent == SHARED:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                offenders.append(f"{path.relative_to(SHARED)}:{line}: {what}")
    assert offenders == []


def test_every_letter_the_suite_queues_has_a_dutch_title():
    """The console lists a request's letters by their Dutch type: a topic without one shows as code."""
    source = "\n".join(p.read_text() for p in SHARED.rglob("*.py"))
    topics = set(re.findall(r'topic="([a-z0-9_.]+)"', source))
    topics |= {"dsar.restriction", "dsar.objection"}  # execute.mark's f"dsar.{kind}"
    assert len(topics) > 15
    assert sorted(topics - nl.LETTER_TYPE_NL.keys()) == []
    assert nl.letter_type("dsar.acknowledged") == "ontvangstbevestiging"
