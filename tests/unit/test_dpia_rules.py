"""When the DPIA register says a DPIA is required."""

from shared.dpia.rules import AP_LIST, CRITERIA, Outcome, outcome_problem, screening


def test_debt_collection_is_on_the_ap_list_so_a_dpia_is_required_even_without_criteria():
    required, reasons = screening([], ["financiele_situatie"])
    assert required
    assert reasons == ["Staat op de DPIA-lijst van de AP: Financiële situatie (Autoriteit Persoonsgegevens, "
                       "Stcrt. 2019, 64418)."]


def test_two_edpb_criteria_require_a_dpia_and_one_does_not():
    assert screening(["large_scale", "sensitive_data"], [])[0]
    required, reasons = screening(["large_scale"], [])
    assert not required and "niet verplicht" in reasons[0]


def test_not_required_is_refused_as_outcome_when_the_screening_requires_one():
    assert outcome_problem(True, Outcome.NOT_REQUIRED)
    assert outcome_problem(False, Outcome.NOT_REQUIRED) is None
    assert outcome_problem(True, Outcome.PRIOR_CONSULTATION) is None


def test_the_ap_list_has_its_seventeen_kinds_and_the_edpb_nine_criteria():
    assert len(AP_LIST) == 17 and len(CRITERIA) == 9
