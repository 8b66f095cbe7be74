"""Breach risk: the ENISA severity score and the EDPB outcome (Guidelines 9/2022, Art. 33/34).

SE = DPC × EI + CB, where CB is the sum of the confidentiality, integrity and availability
losses plus 0.5 for malicious intent. The score gives a severity band; the EDPB facts then
decide whom to notify. Reasoning is in Dutch, for the DPO (FG) and the AP.

Pure functions of values: no I/O, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

EI_VALUES = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1"))
CB_VALUES = (Decimal("0"), Decimal("0.25"), Decimal("0.5"))
MALICIOUS_BONUS = Decimal("0.5")
DPC_RANGE = range(1, 5)


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class Outcome(StrEnum):
    REGISTER_ONLY = "register_only"
    NOTIFY_AUTHORITY = "notify_authority"
    NOTIFY_AUTHORITY_AND_SUBJECTS = "notify_authority_and_subjects"


class SubjectsChannel(StrEnum):
    NONE = "none"
    INDIVIDUAL = "individual"
    PUBLIC_COMMUNICATION = "public_communication"


SEVERITY_NL = {
    Severity.LOW: "laag",
    Severity.MEDIUM: "gemiddeld",
    Severity.HIGH: "hoog",
    Severity.VERY_HIGH: "zeer hoog",
}


def _one_of(name: str, value: object, allowed: tuple[Decimal, ...]) -> Decimal:
    """`value` as the matching Decimal from `allowed`, or ValueError naming the field.

    Accepts Decimal, int, str and float (JSON numbers): all allowed values are exact in binary.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    for candidate in allowed:
        if not number.is_nan() and number == candidate:
            return candidate
    raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))}, got {value!r}")


@dataclass(frozen=True, kw_only=True)
class RiskInputs:
    # ENISA inputs
    dpc: int  # data processing context, 1..4 after adjustment for volume and context
    ei: Decimal  # ease of identification
    cb_confidentiality: Decimal
    cb_integrity: Decimal
    cb_availability: Decimal
    malicious: bool
    # EDPB factors, as facts
    special_categories: bool = False  # Art. 9 data
    criminal_data: bool = False  # Art. 10 data
    vulnerable_subjects: bool = False  # children, people in debt trouble, ...
    subjects_max: int | None = None
    data_unintelligible: bool = False  # e.g. encrypted and the key was not compromised
    high_risk_removed_by_measures: bool = False
    disproportionate_effort: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.dpc, bool) or not isinstance(self.dpc, int) or self.dpc not in DPC_RANGE:
            raise ValueError(f"dpc must be an integer from 1 to 4, got {self.dpc!r}")
        # Normalise to the canonical Decimals so the score and its text are always the same.
        object.__setattr__(self, "ei", _one_of("ei", self.ei, EI_VALUES))
        for name in ("cb_confidentiality", "cb_integrity", "cb_availability"):
            object.__setattr__(self, name, _one_of(name, getattr(self, name), CB_VALUES))
        for name in (
            "malicious",
            "special_categories",
            "criminal_data",
            "vulnerable_subjects",
            "data_unintelligible",
            "high_risk_removed_by_measures",
            "disproportionate_effort",
        ):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be a boolean, got {getattr(self, name)!r}")
        if self.subjects_max is not None and (
            isinstance(self.subjects_max, bool)
            or not isinstance(self.subjects_max, int)
            or self.subjects_max < 0
        ):
            raise ValueError(f"subjects_max must be an integer >= 0 or None, got {self.subjects_max!r}")

    @property
    def circumstances(self) -> Decimal:
        bonus = MALICIOUS_BONUS if self.malicious else Decimal(0)
        return self.cb_confidentiality + self.cb_integrity + self.cb_availability + bonus


@dataclass(frozen=True)
class Assessment:
    score: Decimal
    severity: Severity
    outcome: Outcome
    notify_authority: bool
    notify_subjects: bool
    subjects_channel: SubjectsChannel
    reasoning: list[str] = field(default_factory=list)
    authority_reasoning: str = ""
    subjects_reasoning: str = ""


def score(inputs: RiskInputs) -> Decimal:
    """SE = DPC × EI + CB, to two decimals (every possible score is a multiple of 0.25)."""
    return (inputs.dpc * inputs.ei + inputs.circumstances).quantize(Decimal("0.01"))


def severity(se: Decimal) -> Severity:
    if se < 2:
        return Severity.LOW
    if se < 3:
        return Severity.MEDIUM
    if se < 4:
        return Severity.HIGH
    return Severity.VERY_HIGH


def nl(d: Decimal) -> str:
    """A Decimal in Dutch notation without trailing zeros: 2.50 → '2,5'."""
    text = format(d.normalize(), "f")
    return text.replace(".", ",")


def assess(inputs: RiskInputs) -> Assessment:
    se = score(inputs)
    band = severity(se)
    reasoning = [
        f"Ernst (ENISA): DPC {inputs.dpc} × EI {nl(inputs.ei)} + omstandigheden "
        f"{nl(inputs.circumstances)} = {nl(se)} → {SEVERITY_NL[band]}",
        f"Omstandigheden: vertrouwelijkheid {nl(inputs.cb_confidentiality)}, integriteit "
        f"{nl(inputs.cb_integrity)}, beschikbaarheid {nl(inputs.cb_availability)}, "
        f"kwade opzet {nl(MALICIOUS_BONUS) if inputs.malicious else '0'}",
    ]
    if inputs.subjects_max is not None:
        # Volume is already part of the DPC adjustment (ENISA); shown here for the record.
        reasoning.append(f"Aantal betrokkenen: maximaal {inputs.subjects_max}")

    # Risk level per EDPB: the band sets it, the facts can only raise it.
    high_risk = band in (Severity.HIGH, Severity.VERY_HIGH)
    some_risk = band is not Severity.LOW
    sensitive = inputs.special_categories or inputs.criminal_data
    if sensitive and not some_risk:
        some_risk = True
        reasoning.append(
            "Bijzondere of strafrechtelijke persoonsgegevens: schade is waarschijnlijk, "
            "daarom ten minste melding aan de AP."
        )
    # DESIGN CHOICE (not law): sensitive data of vulnerable subjects (children, people in
    # financial distress) is treated as high risk whatever the score, per the EDPB factor
    # "special characteristics of the subjects".
    if sensitive and inputs.vulnerable_subjects and not high_risk:
        high_risk = some_risk = True
        reasoning.append(
            "Bijzondere of strafrechtelijke gegevens van kwetsbare betrokkenen: "
            "behandeld als hoog risico (ontwerpkeuze)."
        )

    notify_authority = some_risk
    if not notify_authority:
        authority_reasoning = (
            f"Geen melding aan de AP: ernst {SEVERITY_NL[band]}, het datalek leidt "
            "waarschijnlijk niet tot een risico (art. 33 lid 1 AVG). Alleen registratie (art. 33 lid 5)."
        )
    else:
        authority_reasoning = (
            "Melding aan de AP binnen 72 uur na ontdekking: het datalek leidt waarschijnlijk "
            f"tot een risico voor betrokkenen (ernst {SEVERITY_NL[band]}; art. 33 lid 1 AVG)."
        )

    channel = SubjectsChannel.NONE
    if not high_risk:
        subjects_reasoning = "Betrokkenen niet informeren: geen hoog risico (art. 34 lid 1 AVG)."
    elif inputs.data_unintelligible:
        subjects_reasoning = (
            "Betrokkenen niet informeren: de gegevens waren onbegrijpelijk voor onbevoegden, "
            "bijvoorbeeld versleuteld met een veilige sleutel (art. 34 lid 3 onder a AVG)."
        )
    elif inputs.high_risk_removed_by_measures:
        subjects_reasoning = (
            "Betrokkenen niet informeren: achteraf genomen maatregelen hebben het hoge risico "
            "weggenomen (art. 34 lid 3 onder b AVG)."
        )
    elif inputs.disproportionate_effort:
        channel = SubjectsChannel.PUBLIC_COMMUNICATION
        subjects_reasoning = (
            "Betrokkenen informeren via een openbare mededeling: individuele berichtgeving "
            "vergt onevenredige inspanning (art. 34 lid 3 onder c AVG)."
        )
    else:
        channel = SubjectsChannel.INDIVIDUAL
        subjects_reasoning = (
            "Betrokkenen onverwijld individueel informeren: het datalek leidt waarschijnlijk "
            "tot een hoog risico (art. 34 lid 1 AVG)."
        )

    notify_subjects = channel is not SubjectsChannel.NONE
    if notify_subjects:
        outcome = Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    elif notify_authority:
        outcome = Outcome.NOTIFY_AUTHORITY
    else:
        outcome = Outcome.REGISTER_ONLY
    reasoning += [authority_reasoning, subjects_reasoning]
    return Assessment(
        score=se,
        severity=band,
        outcome=outcome,
        notify_authority=notify_authority,
        notify_subjects=notify_subjects,
        subjects_channel=channel,
        reasoning=reasoning,
        authority_reasoning=authority_reasoning,
        subjects_reasoning=subjects_reasoning,
    )
