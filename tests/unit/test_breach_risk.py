from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.breaches.risk import (
    CB_VALUES,
    EI_VALUES,
    Outcome,
    RiskInputs,
    Severity,
    SubjectsChannel,
    assess,
    nl,
    score,
    severity,
)

D = Decimal


def inputs(**overrides: Any) -> RiskInputs:
    base: dict[str, Any] = dict(
        dpc=1,
        ei=D("0.25"),
        cb_confidentiality=D("0"),
        cb_integrity=D("0"),
        cb_availability=D("0"),
        malicious=False,
    )
    return RiskInputs(**(base | overrides))


def with_field(i: RiskInputs, name: str, value: object) -> RiskInputs:
    changes: dict[str, Any] = {name: value}
    return replace(i, **changes)


# Inputs by band, with their scores.
LOW = dict(dpc=1, ei=D("1"), cb_confidentiality=D("0.5"))  # 1.5
MEDIUM = dict(dpc=3, ei=D("0.75"), cb_confidentiality=D("0.5"))  # 2.75
HIGH = dict(dpc=3, ei=D("1"), cb_confidentiality=D("0.5"))  # 3.5
VERY_HIGH = dict(dpc=4, ei=D("1"), cb_confidentiality=D("0.5"), malicious=True)  # 5


# --- score and bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (dict(), D("0.25")),  # minimum: 1 × 0.25
        (dict(dpc=3, ei=D("0.75")), D("2.25")),
        (dict(dpc=3, ei=D("0.75"), cb_confidentiality=D("0.5")), D("2.75")),
        (dict(dpc=2, ei=D("0.5"), cb_integrity=D("0.25")), D("1.25")),
        (dict(dpc=2, ei=D("1"), cb_availability=D("0.5")), D("2.5")),
        (dict(dpc=1, ei=D("1"), malicious=True), D("1.5")),
        (
            dict(
                dpc=4,
                ei=D("1"),
                cb_confidentiality=D("0.5"),
                cb_integrity=D("0.5"),
                cb_availability=D("0.5"),
                malicious=True,
            ),
            D("6"),
        ),  # maximum
    ],
)
def test_score_formula(overrides, expected):
    assert score(inputs(**overrides)) == expected
    assert assess(inputs(**overrides)).score == expected


def test_score_is_decimal_with_two_places():
    s = score(inputs(dpc=2, ei=D("0.5")))
    assert isinstance(s, Decimal)
    assert str(s) == "1.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", Severity.LOW),
        ("1.99", Severity.LOW),
        ("2", Severity.MEDIUM),
        ("2.00", Severity.MEDIUM),
        ("2.99", Severity.MEDIUM),
        ("3", Severity.HIGH),
        ("3.99", Severity.HIGH),
        ("4", Severity.VERY_HIGH),
        ("6", Severity.VERY_HIGH),
    ],
)
def test_severity_band_edges(value, expected):
    assert severity(D(value)) is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (dict(dpc=1, ei=D("1"), cb_confidentiality=D("0.5"), cb_integrity=D("0.25")), Severity.LOW),  # 1.75
        (dict(dpc=2, ei=D("1")), Severity.MEDIUM),  # 2
        (dict(dpc=2, ei=D("1"), cb_confidentiality=D("0.5"), cb_integrity=D("0.25")), Severity.MEDIUM),
        (dict(dpc=3, ei=D("1")), Severity.HIGH),  # 3
        (dict(dpc=3, ei=D("1"), cb_confidentiality=D("0.5"), cb_integrity=D("0.25")), Severity.HIGH),  # 3.75
        (dict(dpc=4, ei=D("1")), Severity.VERY_HIGH),  # 4
        (
            dict(
                dpc=2,
                ei=D("1"),
                cb_confidentiality=D("0.5"),
                cb_integrity=D("0.5"),
                cb_availability=D("0.5"),
                malicious=True,
            ),
            Severity.VERY_HIGH,
        ),  # 4 via circumstances
    ],
)
def test_severity_from_inputs(overrides, expected):
    assert assess(inputs(**overrides)).severity is expected


def test_enums_are_strings():
    assert Severity.VERY_HIGH == "very_high"
    assert Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS == "notify_authority_and_subjects"
    assert SubjectsChannel.PUBLIC_COMMUNICATION == "public_communication"
    assert str(Severity.LOW) == "low"


# --- outcomes ---------------------------------------------------------------------------------


def test_low_registers_only():
    a = assess(inputs(**LOW))
    assert (a.severity, a.outcome) == (Severity.LOW, Outcome.REGISTER_ONLY)
    assert not a.notify_authority and not a.notify_subjects
    assert a.subjects_channel is SubjectsChannel.NONE
    assert "Geen melding aan de AP" in a.authority_reasoning


@pytest.mark.parametrize("fact", ["special_categories", "criminal_data"])
def test_low_with_sensitive_data_notifies_authority(fact):
    a = assess(inputs(**LOW, **{fact: True}))
    assert a.severity is Severity.LOW  # the band is the score's; the outcome is raised
    assert a.outcome is Outcome.NOTIFY_AUTHORITY
    assert a.notify_authority and not a.notify_subjects
    assert any("schade is waarschijnlijk" in line for line in a.reasoning)


def test_low_with_vulnerable_subjects_alone_registers_only():
    assert assess(inputs(**LOW, vulnerable_subjects=True)).outcome is Outcome.REGISTER_ONLY


@pytest.mark.parametrize("band", [LOW, MEDIUM])
@pytest.mark.parametrize("fact", ["special_categories", "criminal_data"])
def test_sensitive_data_of_vulnerable_subjects_is_high_risk(band, fact):
    a = assess(inputs(**band, vulnerable_subjects=True, **{fact: True}))
    assert a.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert a.subjects_channel is SubjectsChannel.INDIVIDUAL
    assert any("ontwerpkeuze" in line for line in a.reasoning)


def test_medium_notifies_authority():
    a = assess(inputs(**MEDIUM))
    assert (a.severity, a.outcome) == (Severity.MEDIUM, Outcome.NOTIFY_AUTHORITY)
    assert a.notify_authority and not a.notify_subjects
    assert "72 uur" in a.authority_reasoning
    assert "geen hoog risico" in a.subjects_reasoning


@pytest.mark.parametrize(("band", "expected"), [(HIGH, Severity.HIGH), (VERY_HIGH, Severity.VERY_HIGH)])
def test_high_notifies_authority_and_subjects(band, expected):
    a = assess(inputs(**band))
    assert a.severity is expected
    assert a.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert a.notify_authority and a.notify_subjects
    assert a.subjects_channel is SubjectsChannel.INDIVIDUAL
    assert "individueel" in a.subjects_reasoning


@pytest.mark.parametrize(
    ("fact", "article"),
    [("data_unintelligible", "onder a"), ("high_risk_removed_by_measures", "onder b")],
)
@pytest.mark.parametrize("band", [HIGH, VERY_HIGH])
def test_art34_exceptions_a_and_b_skip_subjects(band, fact, article):
    a = assess(inputs(**band, **{fact: True}))
    assert a.outcome is Outcome.NOTIFY_AUTHORITY
    assert a.notify_authority and not a.notify_subjects
    assert a.subjects_channel is SubjectsChannel.NONE
    assert article in a.subjects_reasoning


@pytest.mark.parametrize("band", [HIGH, VERY_HIGH])
def test_art34_exception_c_public_communication(band):
    a = assess(inputs(**band, disproportionate_effort=True))
    assert a.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert a.notify_subjects
    assert a.subjects_channel is SubjectsChannel.PUBLIC_COMMUNICATION
    assert "openbare mededeling" in a.subjects_reasoning
    assert "onder c" in a.subjects_reasoning


def test_art34_unintelligible_wins_over_disproportionate_effort():
    a = assess(inputs(**HIGH, data_unintelligible=True, disproportionate_effort=True))
    assert a.subjects_channel is SubjectsChannel.NONE
    assert not a.notify_subjects


def test_art34_exception_applies_to_design_choice_high_risk_too():
    a = assess(inputs(**LOW, special_categories=True, vulnerable_subjects=True, data_unintelligible=True))
    assert a.outcome is Outcome.NOTIFY_AUTHORITY


@pytest.mark.parametrize(
    "fact", ["data_unintelligible", "high_risk_removed_by_measures", "disproportionate_effort"]
)
@pytest.mark.parametrize("band", [LOW, MEDIUM])
def test_art34_exceptions_change_nothing_below_high(band, fact):
    assert assess(inputs(**band, **{fact: True})).outcome == assess(inputs(**band)).outcome


# --- Dutch reasoning --------------------------------------------------------------------------


def test_reasoning_headline_in_dutch():
    a = assess(inputs(**MEDIUM))
    assert a.reasoning[0] == "Ernst (ENISA): DPC 3 × EI 0,75 + omstandigheden 0,5 = 2,75 → gemiddeld"
    assert a.reasoning[1] == (
        "Omstandigheden: vertrouwelijkheid 0,5, integriteit 0, beschikbaarheid 0, kwade opzet 0"
    )
    assert a.reasoning[-2:] == [a.authority_reasoning, a.subjects_reasoning]


def test_reasoning_very_high_with_malice():
    a = assess(inputs(**VERY_HIGH, subjects_max=1200))
    assert a.reasoning[0] == "Ernst (ENISA): DPC 4 × EI 1 + omstandigheden 1 = 5 → zeer hoog"
    assert "kwade opzet 0,5" in a.reasoning[1]
    assert "Aantal betrokkenen: maximaal 1200" in a.reasoning


@pytest.mark.parametrize(
    ("value", "text"), [("2.75", "2,75"), ("2.50", "2,5"), ("4.00", "4"), ("0.25", "0,25"), ("0", "0")]
)
def test_nl_number_format(value, text):
    assert nl(D(value)) == text


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dpc", 0),
        ("dpc", 5),
        ("dpc", -1),
        ("dpc", True),
        ("dpc", 2.0),
        ("dpc", "3"),
        ("dpc", None),
        ("ei", D("0.3")),
        ("ei", D("0")),
        ("ei", D("2")),
        ("ei", "abc"),
        ("ei", None),
        ("ei", True),
        ("ei", D("NaN")),
        ("ei", float("nan")),
        ("ei", D("sNaN")),
        ("ei", [1]),
        ("cb_confidentiality", D("0.75")),
        ("cb_confidentiality", D("-0.25")),
        ("cb_integrity", D("1")),
        ("cb_integrity", "x"),
        ("cb_availability", D("0.1")),
        ("cb_availability", None),
        ("malicious", "yes"),
        ("malicious", 1),
        ("special_categories", None),
        ("criminal_data", 0),
        ("vulnerable_subjects", "false"),
        ("data_unintelligible", 1),
        ("high_risk_removed_by_measures", None),
        ("disproportionate_effort", "true"),
        ("subjects_max", -1),
        ("subjects_max", True),
        ("subjects_max", 1.5),
        ("subjects_max", "10"),
    ],
)
def test_invalid_inputs_raise_value_error_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        inputs(**{field: value})


def test_inputs_are_keyword_only_and_frozen():
    with pytest.raises(TypeError):
        RiskInputs(1, D("1"), D("0"), D("0"), D("0"), False)  # type: ignore[misc]
    i = inputs()
    with pytest.raises(AttributeError):
        i.dpc = 4  # type: ignore[misc]


@pytest.mark.parametrize("value", [0.75, "0.75", D("0.750"), D("0.75")])
def test_ei_accepts_json_numbers_and_normalises(value):
    i = inputs(ei=value)
    assert i.ei == D("0.75") and str(i.ei) == "0.75"


def test_int_values_are_accepted():
    i = inputs(ei=1, cb_confidentiality=0, subjects_max=0)
    assert i.ei == D("1") and i.cb_confidentiality == D("0")


# --- properties -------------------------------------------------------------------------------

RANK = {Outcome.REGISTER_ONLY: 0, Outcome.NOTIFY_AUTHORITY: 1, Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: 2}

risk_inputs = st.builds(
    RiskInputs,
    dpc=st.integers(1, 4),
    ei=st.sampled_from(EI_VALUES),
    cb_confidentiality=st.sampled_from(CB_VALUES),
    cb_integrity=st.sampled_from(CB_VALUES),
    cb_availability=st.sampled_from(CB_VALUES),
    malicious=st.booleans(),
    special_categories=st.booleans(),
    criminal_data=st.booleans(),
    vulnerable_subjects=st.booleans(),
    subjects_max=st.none() | st.integers(0, 10**9),
    data_unintelligible=st.booleans(),
    high_risk_removed_by_measures=st.booleans(),
    disproportionate_effort=st.booleans(),
)


def _raises(i: RiskInputs) -> list[RiskInputs]:
    """Every copy of `i` with one ENISA input raised to a higher allowed value."""
    out = [replace(i, dpc=v) for v in range(i.dpc + 1, 5)]
    out += [replace(i, ei=v) for v in EI_VALUES if v > i.ei]
    for name in ("cb_confidentiality", "cb_integrity", "cb_availability"):
        out += [with_field(i, name, v) for v in CB_VALUES if v > getattr(i, name)]
    if not i.malicious:
        out.append(replace(i, malicious=True))
    return out


@given(risk_inputs)
def test_score_is_monotone_in_each_input(i):
    base = assess(i)
    for higher in _raises(i):
        a = assess(higher)
        assert a.score > base.score  # every input has a positive weight
        assert list(Severity).index(a.severity) >= list(Severity).index(base.severity)
        assert RANK[a.outcome] >= RANK[base.outcome]


@given(risk_inputs)
def test_assessment_is_consistent(i):
    a = assess(i)
    assert a.score == i.dpc * i.ei + i.cb_confidentiality + i.cb_integrity + i.cb_availability + (
        D("0.5") if i.malicious else 0
    )
    assert a.severity is severity(a.score)
    assert a.notify_authority == (a.outcome is not Outcome.REGISTER_ONLY)
    assert a.notify_subjects == (a.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS)
    assert a.notify_subjects == (a.subjects_channel is not SubjectsChannel.NONE)
    assert not a.notify_subjects or a.notify_authority
    if a.severity is not Severity.LOW:
        assert a.notify_authority
    if i.special_categories or i.criminal_data:
        assert a.notify_authority
    assert a.reasoning and all(isinstance(line, str) and line for line in a.reasoning)
    assert a.authority_reasoning and a.subjects_reasoning


@given(risk_inputs, st.sampled_from(("special_categories", "criminal_data", "vulnerable_subjects")))
def test_risk_facts_never_lower_the_outcome(i, fact):
    assert RANK[assess(with_field(i, fact, True)).outcome] >= RANK[assess(i).outcome]


@given(
    risk_inputs,
    st.sampled_from(("data_unintelligible", "high_risk_removed_by_measures", "disproportionate_effort")),
)
def test_art34_exceptions_never_add_obligations(i, fact):
    with_exception = assess(with_field(i, fact, True))
    without = assess(with_field(i, fact, False))
    assert with_exception.notify_authority == without.notify_authority  # Art. 34 is about subjects only
    assert with_exception.notify_subjects <= without.notify_subjects
    assert with_exception.severity is without.severity
