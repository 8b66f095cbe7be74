"""When a DPIA is required, and what its outcome means. Pure rules, no I/O.

Two sources decide (Art. 35(1) and (4) GDPR):
- the Autoriteit Persoonsgegevens' list of processing that always needs a DPIA (Besluit inzake
  lijst van verwerkingen van persoonsgegevens waarvoor een DPIA verplicht is, Stcrt. 2019, 64418);
  debt collection falls under "Financiële situatie";
- the EDPB criteria (WP248 rev.01): two or more met means a DPIA is needed as a rule.
"""

from __future__ import annotations

from enum import StrEnum

SOURCE_AP_LIST = "Autoriteit Persoonsgegevens, Stcrt. 2019, 64418"

# The AP list: code -> Dutch name as the list gives it.
AP_LIST: dict[str, str] = {
    "heimelijk_onderzoek": "Heimelijk onderzoek",
    "zwarte_lijsten": "Zwarte lijsten",
    "fraudebestrijding": "Fraudebestrijding",
    "creditscores": "Creditscores",
    "financiele_situatie": "Financiële situatie",
    "genetische_gegevens": "Genetische persoonsgegevens",
    "biometrische_gegevens": "Biometrische gegevens",
    "samenwerkingsverbanden": "Samenwerkingsverbanden",
    "cameratoezicht": "Cameratoezicht",
    "flexibel_cameratoezicht": "Flexibel cameratoezicht",
    "controle_werknemers": "Controle werknemers",
    "locatiegegevens": "Locatiegegevens",
    "communicatiegegevens": "Communicatiegegevens",
    "internet_of_things": "Internet of things",
    "profilering": "Profilering",
    "observatie_gedrag": "Observatie en beïnvloeding van gedrag",
    "gevoelige_gegevens": "Grootschalige verwerking en/of stelselmatige monitoring van gevoelige gegevens",
}

# The EDPB criteria (WP248 rev.01, III.B.a).
CRITERIA: dict[str, str] = {
    "evaluation_scoring": "Evaluatie of scoretoekenning (ook profilering en voorspelling)",
    "automated_decision": "Geautomatiseerde besluitvorming met rechtsgevolg of vergelijkbaar wezenlijk gevolg",
    "systematic_monitoring": "Stelselmatige monitoring",
    "sensitive_data": "Gevoelige gegevens of gegevens van zeer persoonlijke aard (waaronder financiële gegevens)",
    "large_scale": "Verwerking op grote schaal",
    "matching_datasets": "Koppelen of combineren van gegevensverzamelingen",
    "vulnerable_subjects": "Gegevens over kwetsbare betrokkenen",
    "innovative_technology": "Innovatief gebruik of nieuwe technologische of organisatorische oplossingen",
    "prevents_rights": ("De verwerking belet betrokkenen een recht uit te oefenen of een dienst of contract "
                        "te gebruiken"),
}


class Outcome(StrEnum):
    NOT_REQUIRED = "not_required"  # the screening shows no DPIA is needed (with reasons)
    ACCEPTABLE = "acceptable"  # residual risk acceptable with the measures recorded
    PRIOR_CONSULTATION = "prior_consultation"  # high residual risk: consult the AP first (Art. 36)
    STOPPED = "stopped"  # the processing does not go ahead


OUTCOME_NL = {
    Outcome.NOT_REQUIRED: "Geen DPIA nodig",
    Outcome.ACCEPTABLE: "Restrisico aanvaardbaar met de maatregelen",
    Outcome.PRIOR_CONSULTATION: "Hoog restrisico: voorafgaande raadpleging van de AP (art. 36 AVG)",
    Outcome.STOPPED: "De verwerking gaat niet door",
}


def screening(criteria: list[str], ap_list: list[str]) -> tuple[bool, list[str]]:
    """Is a DPIA required, and why (Dutch sentences)."""
    reasons = [f"Staat op de DPIA-lijst van de AP: {AP_LIST[c]} ({SOURCE_AP_LIST})." for c in ap_list]
    if len(criteria) >= 2:
        reasons.append(f"Voldoet aan {len(criteria)} criteria van de EDPB (WP248): twee of meer betekent in de regel "
                       "een DPIA.")
    required = bool(ap_list) or len(criteria) >= 2
    if not required:
        reasons.append("Niet op de lijst van de AP en minder dan twee EDPB-criteria: een DPIA is niet verplicht; "
                       "leg deze afweging vast.")
    return required, reasons


def outcome_problem(required: bool, outcome: Outcome | None) -> str | None:
    """Why this outcome cannot be recorded for this screening, or None."""
    if outcome is Outcome.NOT_REQUIRED and required:
        return "The screening shows a DPIA is required: record the assessment's outcome instead of not_required"
    return None
