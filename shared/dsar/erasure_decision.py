"""Who decided an erasure, for its certificate (shared.decisions, erasure).

In processor mode the client's decision that an erasure request is admissible is its erasure
decision, and it names the ground of Art. 17(1) (`art17_ground` with the decision). Incassotool
executes it within the legal floors (holds, open claims, the Bki floor, the fiscal duty), which are
not the client's to waive and which the certificate lists as kept. So no separate erasure step:
the certificate records who decided, when, on what basis (the client itself, or staff on its
instruction, with the instruction's reference), the ground and the exceptions.

For Incassotool's own relations Incassotool decides at completion, and names the ground there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from shared.audit import audit_events
from shared.decisions import Basis
from shared.errors import InvalidInput
from shared.instructions.log import controller_instructions


def _decided_event(store: Connection, request_id: str) -> dict[str, Any]:
    a = audit_events
    found = store.execute(select(a.c.details).where(a.c.object_type == "dsar", a.c.object_id == request_id,
                                                    a.c.action == "dsar.decided")
                          .order_by(a.c.seq.desc()).limit(1)).scalar()
    return dict(found or {})


def instruction_of(store: Connection, instruction_id: str | None) -> dict[str, Any] | None:
    """The instruction as a certificate names it: its id, reference, date and channel."""
    if not instruction_id:
        return None
    t = controller_instructions
    row = store.execute(select(t.c.reference, t.c.received_at, t.c.channel).where(t.c.id == instruction_id)).first()
    if row is None:
        return None
    # Who gave it stays in the client's log: the certificate (and the subject's letter) name no one.
    return {"id": instruction_id, "reference": row.reference, "received_at": row.received_at.isoformat(),
            "channel": row.channel}


def decision_of(store: Connection, row: Any, controller: str | None, completed_by: str | None) -> dict[str, Any]:
    """The decision the certificate records: by the client (processor mode) or by Incassotool."""
    if row.client_id is None:
        return {"controller": "Incassotool", "basis": Basis.INCASSOTOOL.value, "by": completed_by,
                "at": None, "instruction": None, "art17_ground": None}
    event = _decided_event(store, row.id)
    # Taken in by the client's own admin: it forwarded the request, so it decided then.
    basis = event.get("basis") or Basis.CONTROLLER.value
    return {"controller": controller, "basis": basis, "by": row.decided_by,
            "at": row.decided_at.isoformat() if row.decided_at else None,
            "instruction": instruction_of(store, event.get("instruction_id")),
            "art17_ground": event.get("art17_ground")}


def ground_for(decision: dict[str, Any], given: str | None, processor_mode: bool) -> str | None:
    """The Art. 17(1) ground of the erasure. In processor mode it is the client's: staff completing
    the request may repeat it, not set or change it."""
    if not processor_mode:
        return given
    decided = decision.get("art17_ground")
    if given is not None and given != decided:
        raise InvalidInput(
            "In processor mode the client (controller) names the Art. 17(1) ground with its decision "
            f"(POST /dsar/{{id}}/decision with art17_ground); it decided: {decided or 'no ground named'}",
            errors=[{"in": "body", "field": "art17_ground", "message": "the controller's decision",
                     "type": "value_error"}])
    return decided
