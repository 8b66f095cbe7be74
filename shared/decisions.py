"""Who decides what: controller and processor (Art. 24, 28 and 29 GDPR), in one place.

For its own relations (clients as customers, prospects, its own staff) Incassotool is the
controller and decides itself. For a client's debtors and the client's own staff in the platform
it is the processor: the client decides, and Incassotool executes, on a documented instruction
(Art. 28(3)(a)). A breach may touch both. Whose data a subject category is, is said once, in the
data map's subject definition (SubjectCategory.client_is_controller); `role_of_subject` reads it.

Every service asks `authorize` (or reads `RULES`) before it takes one of these decisions; none
checks roles of its own for them. Pure: no I/O. The table in docs/decisions.md is this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.datamap.model import SubjectCategory
from shared.errors import Forbidden, InvalidInput
from shared.identity.principal import Principal
from shared.identity.roles import Role


class Decision(StrEnum):
    ADMISSIBILITY = "admissibility"  # is a data subject request admissible
    REFUSAL = "refusal"  # refuse a request, with its grounds (Art. 12(4), (5))
    EXTENSION = "extension"  # two more months (Art. 12(3))
    RECTIFICATION = "rectification"  # change the data (Art. 16)
    ERASURE = "erasure"  # erase, and what is kept (Art. 17)
    BREACH_FILING = "breach_filing"  # notify the AP (Art. 33(1))
    SUBJECT_NOTICE = "subject_notice"  # tell the subjects of a breach (Art. 34)
    RETENTION = "retention"  # how long data are kept
    RESTRICTION_LIFT = "restriction_lift"  # lift a restriction (Art. 18), after the Art. 18(3) notice
    CLAIM_END = "claim_end"  # write off or keep pursuing a time-barred open claim (the creditor's call)
    OBJECTION = "objection"  # compelling legitimate grounds override an objection, or not (Art. 21(1))
    IDENTITY_DOUBT = "identity_doubt"  # a reasonable doubt about the requester's identity (Art. 12(6))


class IncassotoolRole(StrEnum):
    CONTROLLER = "controller"  # Incassotool's own relations
    PROCESSOR = "processor"  # a client's data: the client is the controller
    BOTH = "both"  # a breach that touches both


class Basis(StrEnum):
    """On what footing a decision was taken: recorded with it."""

    INCASSOTOOL = "incassotool"  # Incassotool decides as controller
    CONTROLLER = "controller"  # the client decided itself, in the suite (Client.Admin)
    INSTRUCTION = "instruction"  # staff recorded the client's documented instruction
    MANDATE = "mandate"  # Incassotool acts for the client under a recorded mandate (AP filing)


@dataclass(frozen=True)
class Rule:
    decides: str
    executes: str
    records: str


_OWN = "Incassotool (FG, staff)"
_CLIENT = "the client (controller): its Client.Admin in the suite, or staff on its instruction"

RULES: dict[tuple[Decision, IncassotoolRole], Rule] = {
    (Decision.ADMISSIBILITY, IncassotoolRole.CONTROLLER): Rule(_OWN, "Incassotool", "decision, by whom, reason"),
    (Decision.ADMISSIBILITY, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool", "decision, by whom, the instruction in the client's log"),
    (Decision.REFUSAL, IncassotoolRole.CONTROLLER): Rule(_OWN, "Incassotool", "ground, reasons, letter"),
    (Decision.REFUSAL, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, letter on behalf of the client", "ground, reasons, the instruction"),
    (Decision.EXTENSION, IncassotoolRole.CONTROLLER): Rule(_OWN, "Incassotool", "new due date, reason"),
    (Decision.EXTENSION, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, letter on behalf of the client", "new due date, reason, the instruction"),
    (Decision.RECTIFICATION, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool, after validation; financial and identity fields after staff verify (MFA)",
        "Incassotool", "fields changed (not their values), the client told of payout changes"),
    (Decision.RECTIFICATION, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, in that client's files only", "a rectification request to the client"),
    (Decision.ERASURE, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool, with the Art. 17(3) assessment", "Incassotool",
        "certificate (decided by Incassotool, the ground, what was kept), ledger"),
    (Decision.ERASURE, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT + ", with the Art. 17(1) ground; within the legal floors", "Incassotool",
        "certificate (who decided and when, the instruction's reference, the client's ground, the Art. 17(3) "
        "exceptions), ledger"),
    (Decision.BREACH_FILING, IncassotoolRole.CONTROLLER): Rule("Incassotool (FG)", "Incassotool",
                                                               "decision, AP notification"),
    (Decision.BREACH_FILING, IncassotoolRole.PROCESSOR): Rule(
        "the client, after Incassotool's Art. 33(2) notice", "the client; Incassotool only with a recorded mandate",
        "the notice per client with its clock, the client's AP reference"),
    (Decision.SUBJECT_NOTICE, IncassotoolRole.CONTROLLER): Rule("Incassotool (FG)", "Incassotool",
                                                                "notification, letters"),
    (Decision.SUBJECT_NOTICE, IncassotoolRole.PROCESSOR): Rule(
        "the client", "prepared by Incassotool in the client's name", "letters on behalf of the client"),
    (Decision.BREACH_FILING, IncassotoolRole.BOTH): Rule(
        "Incassotool for its own relations; each affected client for its data",
        "Incassotool files its own part; each client files its own", "both of the rows above"),
    (Decision.SUBJECT_NOTICE, IncassotoolRole.BOTH): Rule(
        "Incassotool for its own relations; each client for its data",
        "Incassotool; letters about a client's data in that client's name", "both of the rows above"),
    (Decision.RESTRICTION_LIFT, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool's FG (Privacy.Officer)", "Incassotool", "the Art. 18(3) notice first, then the decision, reason"),
    (Decision.RESTRICTION_LIFT, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, notice on behalf of the client", "the notice, the decision, the instruction"),
    (Decision.CLAIM_END, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool, for its own claims (its invoices to clients)", "Incassotool", "decision, reason"),
    (Decision.CLAIM_END, IncassotoolRole.PROCESSOR): Rule(
        "the client (the creditor): its Client.Admin in the suite, or staff on its instruction",
        "Incassotool: the file is closed, or kept", "the decision, reason, the instruction"),
    (Decision.OBJECTION, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool (FG, staff); no weighing for direct marketing (Art. 21(3))", "Incassotool",
        "overriding or not, the reasons; a stop and erasure, or the refusal letter"),
    (Decision.OBJECTION, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, letter on behalf of the client", "overriding or not, the reasons, the instruction"),
    (Decision.IDENTITY_DOUBT, IncassotoolRole.CONTROLLER): Rule(
        "Incassotool (FG, staff)", "Incassotool", "the doubt's reason, what is asked, the pause"),
    (Decision.IDENTITY_DOUBT, IncassotoolRole.PROCESSOR): Rule(
        _CLIENT, "Incassotool, letter on behalf of the client", "the doubt's reason, what is asked, the instruction"),
    (Decision.RETENTION, IncassotoolRole.CONTROLLER): Rule("Incassotool (FG): its policies", "the nightly sweep",
                                                           "policy versions, audit"),
    (Decision.RETENTION, IncassotoolRole.PROCESSOR): Rule(
        "the client, within the legal floors (Bki, fiscal)", "the nightly sweep", "the client's versioned setting"),
}


def rule(decision: Decision, role: IncassotoolRole) -> list[Rule]:
    """The rule(s) for a decision: a breach of both kinds follows both rows."""
    if role is IncassotoolRole.BOTH:
        return [RULES[(decision, IncassotoolRole.CONTROLLER)], RULES[(decision, IncassotoolRole.PROCESSOR)]]
    return [RULES[(decision, role)]]


def role_for(client_ids: Iterable[int | None], own_relations: bool = False) -> IncassotoolRole:
    """Incassotool's role from whose data a matter concerns: a client's (processor), its own
    relations (controller), or both."""
    clients = [c for c in client_ids if c is not None]
    if clients and own_relations:
        return IncassotoolRole.BOTH
    return IncassotoolRole.PROCESSOR if clients else IncassotoolRole.CONTROLLER


def role_of_subject(subject: SubjectCategory) -> IncassotoolRole:
    """Incassotool's role for a subject category's data: processor for the client's data (its
    debtors, its own staff's accounts), controller for Incassotool's own relations."""
    return IncassotoolRole.PROCESSOR if subject.client_is_controller else IncassotoolRole.CONTROLLER


SUBJECTS_NL = {  # who each category of the data map is (English, for the docs table)
    SubjectCategory.DEBTOR: "a client's debtors",
    SubjectCategory.CLIENT_EMPLOYEE: "a client's own staff using the platform (their accounts and logins)",
    SubjectCategory.CLIENT: "the client as Incassotool's customer: its contact person or sole trader "
                            "(contact and billing data)",
    SubjectCategory.PROSPECT: "prospective clients",
    SubjectCategory.STAFF: "Incassotool's own staff",
}


def subjects_table() -> str:
    """Whose data each subject category is: the table docs/decisions.md shows."""
    lines = ["| subject (data map) | who they are | Incassotool is | who decides on their requests |",
             "|---|---|---|---|"]
    for subject, who in SUBJECTS_NL.items():
        role = role_of_subject(subject)
        decides = "the client (controller)" if role is IncassotoolRole.PROCESSOR else "Incassotool"
        lines.append(f"| `{subject.value}` | {who} | {role.value} | {decides} |")
    return "\n".join(lines)


ACTS_FOR_INCASSOTOOL = frozenset({Role.OFFICER, Role.STAFF})
OFFICER_DECIDES = frozenset({Decision.RESTRICTION_LIFT})  # for its own relations, only the FG


def authorize(decision: Decision, principal: Principal, client_id: int | None,
              instruction: Any | None = None) -> Basis:
    """May this caller take this decision on a matter of `client_id` (None: Incassotool's own)?

    Returns the basis to record, or raises Forbidden (403) and nothing may change. In processor
    mode only the controller decides: that client's Client.Admin, or staff who record the
    controller's instruction (reference, received_at, channel, given_by) as evidence. An
    instruction given where the caller decides itself is refused (422): it would record a
    controller's instruction that nobody gave.
    """
    basis = _basis(decision, principal, client_id, instruction)
    if instruction is not None and basis is not Basis.INSTRUCTION:
        raise InvalidInput("instruction is only for staff recording a client's decision (processor mode)",
                           errors=[{"in": "body", "field": "instruction", "message": "not applicable",
                                    "type": "extra_forbidden"}])
    return basis


def _basis(decision: Decision, principal: Principal, client_id: int | None, instruction: Any | None) -> Basis:
    what = decision.value
    if client_id is None:
        if decision in OFFICER_DECIDES and principal.role is not Role.OFFICER:
            raise Forbidden(f"For Incassotool's own relations the FG (Privacy.Officer) decides on {what}")
        if principal.role in ACTS_FOR_INCASSOTOOL:
            return Basis.INCASSOTOOL
        raise Forbidden(f"Incassotool is the controller here: only its staff decide on {what}")
    if principal.is_client:
        if principal.client_id == client_id:
            return Basis.CONTROLLER
        raise Forbidden(f"Only the controller (client {client_id}) decides on {what}")
    if principal.role in ACTS_FOR_INCASSOTOOL:
        if instruction is not None:
            return Basis.INSTRUCTION
        raise Forbidden(
            f"Incassotool is the processor for this request: the client (controller) decides on {what}. "
            "Record the client's instruction as evidence: instruction {reference, received_at, channel, "
            "given_by} (Art. 28(3)(a) AVG)", needs="instruction")
    raise Forbidden(f"This role does not decide on {what}")


def table_rows() -> list[tuple[str, str, str, str, str]]:
    """(decision, role, decides, executes, records): the table that docs/decisions.md shows."""
    return [(d.value, r.value, x.decides, x.executes, x.records) for (d, r), x in RULES.items()]


def markdown_table() -> str:
    lines = ["| decision | Incassotool is | who decides | who executes | what is recorded |",
             "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in table_rows()]
    return "\n".join(lines)
