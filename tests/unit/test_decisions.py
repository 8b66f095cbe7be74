"""The one rule of who decides: what each caller may decide, and the table the docs show."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.datamap.model import SubjectCategory
from shared.decisions import (
    SUBJECTS_NL,
    Basis,
    Decision,
    IncassotoolRole,
    authorize,
    markdown_table,
    role_for,
    role_of_subject,
    rule,
    subjects_table,
)
from shared.errors import Forbidden, InvalidInput
from shared.identity.principal import Principal
from shared.identity.roles import Role
from shared.instructions.models import InstructionIn

INSTRUCTION = InstructionIn(reference="mail 1", received_at=datetime(2026, 1, 1, tzinfo=UTC), channel="email",
                            given_by="M. de Vries")  # type: ignore[arg-type]


def who(role: Role, client_id: int | None = None) -> Principal:
    return Principal(oid="x", roles=frozenset({role}), mfa=True, client_id=client_id, role=role)


@pytest.mark.parametrize("decision", [Decision.ADMISSIBILITY, Decision.REFUSAL, Decision.EXTENSION])
def test_in_processor_mode_only_the_controller_decides(decision):
    assert authorize(decision, who(Role.CLIENT, 1), 1) is Basis.CONTROLLER
    assert authorize(decision, who(Role.STAFF), 1, INSTRUCTION) is Basis.INSTRUCTION
    assert authorize(decision, who(Role.OFFICER), 1, INSTRUCTION) is Basis.INSTRUCTION
    for caller in (who(Role.STAFF), who(Role.OFFICER), who(Role.CLIENT, 2), who(Role.OPS), who(Role.SUBJECT)):
        with pytest.raises(Forbidden):
            authorize(decision, caller, 1)


def test_for_its_own_relations_incassotool_decides():
    assert authorize(Decision.REFUSAL, who(Role.STAFF), None) is Basis.INCASSOTOOL
    for caller in (who(Role.CLIENT, 1), who(Role.OPS), who(Role.SUBJECT)):
        with pytest.raises(Forbidden):
            authorize(Decision.REFUSAL, caller, None)


@pytest.mark.parametrize("decision", list(Decision))
def test_an_instruction_where_the_caller_decides_itself_is_refused(decision):
    """Recording a controller's instruction that nobody gave would make the evidence false."""
    for caller, client_id in ((who(Role.CLIENT, 1), 1), (who(Role.OFFICER), None)):
        with pytest.raises(InvalidInput) as refused:
            authorize(decision, caller, client_id, INSTRUCTION)
        assert refused.value.errors[0]["field"] == "instruction"


def test_the_role_follows_whose_data_it_is():
    assert role_for([]) is IncassotoolRole.CONTROLLER
    assert role_for([1, 2]) is IncassotoolRole.PROCESSOR
    assert role_for([1], own_relations=True) is IncassotoolRole.BOTH
    assert len(rule(Decision.BREACH_FILING, IncassotoolRole.BOTH)) == 2


def test_every_decision_has_a_rule_for_each_role():
    for decision in Decision:
        for role in (IncassotoolRole.CONTROLLER, IncassotoolRole.PROCESSOR):
            (r,) = rule(decision, role)
            assert r.decides and r.executes and r.records


def test_the_docs_show_this_table():
    docs = (Path(__file__).parents[2] / "docs" / "decisions.md").read_text(encoding="utf-8")
    assert markdown_table() in docs


def test_a_clients_debtors_and_employees_are_its_data_its_contact_person_incassotools():
    assert role_of_subject(SubjectCategory.DEBTOR) is IncassotoolRole.PROCESSOR
    assert role_of_subject(SubjectCategory.CLIENT_EMPLOYEE) is IncassotoolRole.PROCESSOR
    for own in (SubjectCategory.CLIENT, SubjectCategory.PROSPECT, SubjectCategory.STAFF):
        assert role_of_subject(own) is IncassotoolRole.CONTROLLER
    assert set(SUBJECTS_NL) == set(SubjectCategory)


def test_the_docs_show_whose_data_each_subject_is():
    docs = (Path(__file__).parents[2] / "docs" / "decisions.md").read_text(encoding="utf-8")
    assert subjects_table() in docs
