"""Where personal data may go: the EU/EEA, the adequacy decisions, and the safeguards (Art. 44-49).

The one place for these lists. Countries are ISO 3166-1 alpha-2 codes. The adequacy list follows
the European Commission's decisions (Art. 45); extend it here when the Commission adds one.
"""

from __future__ import annotations

from enum import StrEnum

EU = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
EEA = EU | {"IS", "LI", "NO"}

# Art. 45 decisions that cover every recipient in the country.
ADEQUATE = {
    "AD": "Andorra", "AR": "Argentinië", "CA": "Canada (commerciële organisaties, PIPEDA)",
    "CH": "Zwitserland", "FO": "Faeröer", "GB": "Verenigd Koninkrijk", "GG": "Guernsey",
    "IL": "Israël", "IM": "Isle of Man", "JE": "Jersey", "JP": "Japan", "KR": "Zuid-Korea",
    "NZ": "Nieuw-Zeeland", "UY": "Uruguay",
}

# The EU-US Data Privacy Framework (adequacy decision of 10 July 2023) covers only certified
# organisations, so a US recipient needs the safeguard `dpf` (or another one) recorded.
DPF_COUNTRY = "US"


class Safeguard(StrEnum):
    ADEQUACY = "adequacy"  # Art. 45: the country has an adequacy decision
    DPF = "dpf"  # Art. 45: EU-US Data Privacy Framework, the recipient is certified
    SCC = "scc"  # Art. 46(2)(c): standard contractual clauses
    BCR = "bcr"  # Art. 47: binding corporate rules
    DEROGATION = "derogation"  # Art. 49: a specific derogation (explicit consent, contract, ...)


SAFEGUARD_NL = {
    Safeguard.ADEQUACY: "adequaatheidsbesluit (art. 45 AVG)",
    Safeguard.DPF: "EU-US Data Privacy Framework (adequaatheidsbesluit 10 juli 2023, gecertificeerde ontvanger)",
    Safeguard.SCC: "standaardcontractbepalingen (art. 46 lid 2 sub c AVG)",
    Safeguard.BCR: "bindende bedrijfsvoorschriften (art. 47 AVG)",
    Safeguard.DEROGATION: "specifieke afwijking (art. 49 AVG)",
}


def in_eea(country: str) -> bool:
    return country.upper() in EEA


def is_third_country(country: str | None) -> bool:
    return bool(country) and not in_eea(str(country))


def transfer_problem(country: str, safeguard: Safeguard | str | None) -> str | None:
    """Why a transfer to `country` with `safeguard` is refused, or None when it is allowed."""
    code = country.upper()
    if code in EEA:
        return None
    if code in ADEQUATE and safeguard in (None, Safeguard.ADEQUACY):
        return None
    if safeguard is None:
        return (f"a transfer to {code}, outside the EU/EEA and without an adequacy decision, needs a "
                f"recorded safeguard (one of {', '.join(s.value for s in Safeguard)})")
    if safeguard == Safeguard.ADEQUACY:
        return f"{code} has no adequacy decision: record another safeguard"
    if safeguard == Safeguard.DPF and code != DPF_COUNTRY:
        return f"the EU-US Data Privacy Framework covers only transfers to the US, not to {code}"
    return None
