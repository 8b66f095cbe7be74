"""The log of the controllers' instructions (Art. 28(3)(a), Art. 29 GDPR), per client.

When staff record a decision that a client gave by mail or phone, the instruction is the
evidence: its reference, when it came in, the channel and who gave it. One row per decision
taken on an instruction; the officer and that client read the log, and the processor record
(Art. 30(2)) exports it. Audit events hold the instruction's id, never the names.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Integer, Select, String, Table, insert, select

from shared import audit
from shared.actor import Actor
from shared.clock import CALLER_CLOCK_SKEW
from shared.db.metadata import store_metadata as md
from shared.db.types import Id, UtcDateTime
from shared.errors import InvalidInput
from shared.instructions.models import InstructionIn, InstructionOut

controller_instructions = Table(
    "controller_instructions",
    md,
    Column("id", Id, primary_key=True),
    Column("client_id", Integer, nullable=False, index=True),
    Column("decision", String(32), nullable=False),  # shared.decisions.Decision
    Column("object_type", String(32), nullable=False),  # dsar | breach | retention
    Column("object_id", String(64), nullable=False),
    Column("reference", String(100), nullable=False),  # the client's mail or ticket reference
    Column("received_at", UtcDateTime, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("given_by", String(200), nullable=False),  # the client's contact who gave it
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)




def record(conn: Connection, actor: Actor, *, client_id: int, decision: str, object_type: str, object_id: str,
           instruction: InstructionIn, now: datetime) -> str:
    """Log the instruction in the caller's transaction (with the decision it supports)."""
    if instruction.received_at > now + CALLER_CLOCK_SKEW:
        raise InvalidInput("The instruction cannot have been received in the future",
                           errors=[{"in": "body", "field": "instruction.received_at", "message": "in the future",
                                    "type": "value_error"}])
    instruction_id = str(uuid.uuid4())
    conn.execute(insert(controller_instructions).values(
        id=instruction_id, client_id=client_id, decision=decision, object_type=object_type, object_id=object_id,
        reference=instruction.reference.strip(), received_at=instruction.received_at,
        channel=instruction.channel.value, given_by=instruction.given_by.strip(), recorded_by=actor.oid,
        recorded_at=now))
    audit.record(conn, actor, "instruction.recorded", "client", str(client_id), now,
                 {"instruction_id": instruction_id, "decision": decision, "object_type": object_type,
                  "object_id": object_id})
    return instruction_id


def of_client(client_id: int, limit: int | None = None) -> Select[Any]:
    t = controller_instructions
    stmt = select(t).where(t.c.client_id == client_id).order_by(t.c.recorded_at, t.c.id)
    return stmt.limit(limit) if limit else stmt


def of_clients(client_ids: list[int]) -> Select[Any]:
    t = controller_instructions
    return select(t).where(t.c.client_id.in_(client_ids)).order_by(t.c.client_id, t.c.recorded_at, t.c.id)


def view(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in InstructionOut.model_fields}


def log_for(deps: Any, principal: Any, client_id: int, limit: int) -> dict[str, Any]:
    """The client's instruction log: the officer, or that client itself (others: 404)."""
    principal.require_client(client_id, "client")
    now = deps.now()
    with deps.store.begin() as conn:
        rows = conn.execute(of_client(client_id, limit)).all()
        audit.record(conn, principal.actor, "instruction.log_read", "client", str(client_id), now,
                     {"count": len(rows)})
    return {"items": [view(r) for r in rows], "next": None}
