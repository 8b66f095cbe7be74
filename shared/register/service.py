"""The register service: I/O around the rules, one store transaction per operation.

The seed (shared/register/seed.py) is loaded on first use, idempotently: a seed row is inserted
only when its id is missing, so the FG's changes are never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from shared import audit
from shared.audit import SYSTEM, Actor
from shared.datamap import DATA_MAP
from shared.datamap.watch import last_check
from shared.deps import Deps
from shared.errors import Conflict, InvalidInput, NotFound
from shared.identity.principal import Principal
from shared.register import queries as q
from shared.register import rules
from shared.register.catalogue import CONTROLLER, DPO
from shared.register.models import ActivityCreate, ActivityIn, ProcessorCreate, ProcessorIn
from shared.register.seed import ACTIVITIES, PROCESSORS

Doc = dict[str, Any]
RISK_ASSESSMENT = ("special_categories", "large_scale", "new_technology", "measures_sufficient", "notes")


def _row(r: Any) -> Doc:
    return {"id": r.id, "version": r.version, "doc": r.doc, "updated_at": r.updated_at, "updated_by": r.updated_by}


def _seed_doc(seed: Doc) -> Doc:
    doc = {k: v for k, v in seed.items() if k != "id"}
    if "risk" in doc:
        doc["risk"] = {**doc["risk"], "reviewed_at": None, "reviewed_by": None}
    return doc


def seed_missing(conn: Connection, now: datetime) -> int:
    """Insert the seed rows whose id is missing; returns how many were inserted."""
    added = 0
    for kind, seeds in (("processor", PROCESSORS), ("activity", ACTIVITIES)):
        have = set(conn.execute(q.ids(kind)).scalars())
        for seed in seeds:
            if seed["id"] in have:
                continue
            doc = _seed_doc(seed)
            conn.execute(q.insert_row(kind, seed["id"], doc, now, SYSTEM))
            conn.execute(q.insert_version(kind, seed["id"], 1, "seed", now, SYSTEM, None, doc))
            audit.record(conn, SYSTEM, f"register.{kind}_seeded", f"register_{kind}", seed["id"], now,
                         {"version": 1})
            added += 1
    return added


def ensure_seeded(deps: Deps, attempts: int = 3) -> None:
    """A concurrent first use may insert the same rows (IntegrityError) or, on SQLite, hold the write
    lock (OperationalError): try again, and the retry finds the rows in place."""
    for attempt in range(attempts):
        try:
            with deps.store.begin() as conn:
                seed_missing(conn, deps.now())
            return
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise


def _processors(conn: Connection) -> dict[str, Doc]:
    return {r.id: {"id": r.id, **r.doc} for r in conn.execute(q.all_rows("processor"))}


def _statements(conn: Connection) -> dict[str, str]:
    """Each retention policy as it applies now, in Dutch (the register states the live policies)."""
    from shared.retention.policies import statement_nl
    from shared.retention.service import load_policies

    return {pid: statement_nl(p) for pid, p in load_policies(conn).items()}


def _present(conn: Connection, row: Doc, procs: Mapping[str, Doc] | None = None) -> Doc:
    return rules.present_activity(row, _processors(conn) if procs is None else procs, DATA_MAP, _statements(conn))


def _present_all(conn: Connection) -> list[Doc]:
    procs = _processors(conn)
    return [_present(conn, _row(r), procs) for r in conn.execute(q.all_rows("activity"))]


def recipients_of(conn: Connection, activity_ids: Iterable[str]) -> list[Doc]:
    """The recipients the register names for these activities ({name, kind}; the Art. 15 letter lists them)."""
    wanted, out = set(activity_ids), list[Doc]()
    for r in conn.execute(q.all_rows("activity")):
        if r.id in wanted:
            out += [x for x in r.doc.get("recipients", []) if x["name"] not in {o["name"] for o in out}]
    return out


# --- activities -----------------------------------------------------------------------------------

def list_activities(deps: Deps) -> Doc:
    ensure_seeded(deps)
    with deps.store.connect() as conn:
        return {"controller": dict(CONTROLLER), "dpo": dict(DPO), "activities": _present_all(conn)}


def _activity_doc(body: ActivityIn, before: Doc | None, actor: Actor, now: datetime) -> Doc:
    """The stored document; the review stamp moves when the FG reviews or changes the assessment."""
    doc = body.model_dump(mode="json", exclude={"id", "reviewed"})
    old_risk = (before or {}).get("risk") or {}
    changed = any(old_risk.get(k) != doc["risk"][k] for k in RISK_ASSESSMENT)
    if body.reviewed or (before is not None and changed):
        doc["risk"].update(reviewed_at=now.isoformat(), reviewed_by=actor.oid)
    else:
        doc["risk"].update(reviewed_at=old_risk.get("reviewed_at"), reviewed_by=old_risk.get("reviewed_by"))
    return doc


def _check_activity(conn: Connection, activity_id: str, doc: Doc) -> None:
    errors = rules.activity_errors(activity_id, doc, DATA_MAP, set(_processors(conn)))
    if errors:
        raise InvalidInput("The activity does not fit the register: see errors", errors=errors)


def create_activity(deps: Deps, principal: Principal, body: ActivityCreate) -> Doc:
    ensure_seeded(deps)
    now, actor = deps.now(), principal.actor
    with deps.store.begin() as conn:
        if conn.execute(q.one_row("activity", body.id)).first():
            raise Conflict(f"Activity {body.id!r} exists: change it with PUT")
        doc = _activity_doc(body, None, actor, now)
        _check_activity(conn, body.id, doc)
        conn.execute(q.insert_row("activity", body.id, doc, now, actor))
        conn.execute(q.insert_version("activity", body.id, 1, "create", now, actor, None, doc))
        audit.record(conn, actor, "register.activity_created", "register_activity", body.id, now, {"version": 1})
        row = _row(conn.execute(q.one_row("activity", body.id)).one())
        return _present(conn, row)


def update_activity(deps: Deps, principal: Principal, activity_id: str, body: ActivityIn) -> Doc:
    ensure_seeded(deps)
    now, actor = deps.now(), principal.actor
    with deps.store.begin() as conn:
        found = conn.execute(q.one_row("activity", activity_id)).first()
        if found is None:
            raise NotFound(f"No activity {activity_id!r} in the register")
        before = _row(found)
        doc = _activity_doc(body, before["doc"], actor, now)
        _check_activity(conn, activity_id, doc)
        if doc != before["doc"]:
            _write_update(conn, "activity", before, doc, now, actor)
        row = _row(conn.execute(q.one_row("activity", activity_id)).one())
        return _present(conn, row)


def _write_update(conn: Connection, kind: str, before: Doc, doc: Doc, now: datetime, actor: Actor) -> None:
    version = before["version"] + 1
    if conn.execute(q.update_row(kind, before["id"], before["version"], doc, now, actor)).rowcount != 1:
        raise Conflict(f"The {kind} was changed at the same time: reload and try again")
    conn.execute(q.insert_version(kind, before["id"], version, "update", now, actor, before["doc"], doc))
    audit.record(conn, actor, f"register.{kind}_updated", f"register_{kind}", before["id"], now,
                 {"version": version})


# --- processors -----------------------------------------------------------------------------------

def list_processors(deps: Deps) -> Doc:
    ensure_seeded(deps)
    with deps.store.connect() as conn:
        return {"processors": [rules.present_processor(_row(r)) for r in conn.execute(q.all_rows("processor"))]}


def _check_processor(doc: Doc) -> None:
    errors = rules.processor_errors(doc)
    if errors:
        raise InvalidInput("The processor's transfers are not allowed: see errors", errors=errors)


def create_processor(deps: Deps, principal: Principal, body: ProcessorCreate) -> Doc:
    ensure_seeded(deps)
    now, actor = deps.now(), principal.actor
    doc = body.model_dump(mode="json", exclude={"id"})
    _check_processor(doc)
    with deps.store.begin() as conn:
        if conn.execute(q.one_row("processor", body.id)).first():
            raise Conflict(f"Processor {body.id!r} exists: change it with PUT")
        conn.execute(q.insert_row("processor", body.id, doc, now, actor))
        conn.execute(q.insert_version("processor", body.id, 1, "create", now, actor, None, doc))
        audit.record(conn, actor, "register.processor_created", "register_processor", body.id, now, {"version": 1})
        return rules.present_processor(_row(conn.execute(q.one_row("processor", body.id)).one()))


def update_processor(deps: Deps, principal: Principal, processor_id: str, body: ProcessorIn) -> Doc:
    ensure_seeded(deps)
    now, actor = deps.now(), principal.actor
    doc = body.model_dump(mode="json")
    with deps.store.begin() as conn:
        found = conn.execute(q.one_row("processor", processor_id)).first()
        if found is None:
            raise NotFound(f"No processor {processor_id!r} in the register")
        _check_processor(doc)
        before = _row(found)
        if doc != before["doc"]:
            _write_update(conn, "processor", before, doc, now, actor)
        return rules.present_processor(_row(conn.execute(q.one_row("processor", processor_id)).one()))


# --- the data map and the export ------------------------------------------------------------------

def _map_view(conn: Connection) -> Doc:
    stored = [{"id": r.id, **r.doc} for r in conn.execute(q.all_rows("activity"))]
    view = rules.data_map_view(DATA_MAP, {a["id"] for a in stored})
    view["link_problems"] = rules.link_problems(DATA_MAP, stored)  # the register as stored, against the map
    view["coverage"] = last_check(conn)  # the last nightly check of the map against the live schema
    return view


def data_map(deps: Deps) -> Doc:
    ensure_seeded(deps)
    with deps.store.connect() as conn:
        return _map_view(conn)


def history(deps: Deps, kind: str | None = None, object_id: str | None = None) -> list[Doc]:
    with deps.store.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.versions(kind, object_id))]


def build_export(deps: Deps, principal: Principal, fmt: str) -> Doc:
    """The whole register: controller record, processor records per client, third parties, the data
    map and the change history. Reading the clients' names is a read of personal data: audited."""
    ensure_seeded(deps)
    now = deps.now()
    with deps.platform.connect() as pconn:
        clients = [dict(r._mapping) for r in pconn.execute(q.platform_clients())]
    with deps.store.begin() as conn:
        activities = _present_all(conn)
        processors = [rules.present_processor(_row(r)) for r in conn.execute(q.all_rows("processor"))]
        changes = [dict(r._mapping) for r in conn.execute(q.versions())]
        logs = _instruction_logs(conn, [c["id"] for c in clients])
        map_view = _map_view(conn)
        audit.record(conn, principal.actor, "register.exported", "register", "register", now,
                     {"format": fmt, "activities": len(activities), "clients": len(clients)})
    return {
        "generated_at": now,
        "controller": dict(CONTROLLER),
        "dpo": dict(DPO),
        "activities": activities,
        "processors": processors,
        "processor_records": rules.processor_records(clients, activities, DATA_MAP, processors, logs),
        "data_map": map_view,
        "history": changes,
    }


def _instruction_logs(conn: Connection, client_ids: list[int]) -> dict[int, list[Doc]]:
    from shared.instructions import log as instructions

    logs: dict[int, list[Doc]] = {}
    for r in conn.execute(instructions.of_clients(client_ids)):
        logs.setdefault(r.client_id, []).append(instructions.view(r))
    return logs


def processor_record(deps: Deps, principal: Principal, client_id: int) -> Doc:
    """The Art. 30(2) record of one client: the officer and staff, or that client itself (others: 404)."""
    principal.require_client(client_id, "client")
    ensure_seeded(deps)
    now = deps.now()
    with deps.platform.connect() as pconn:
        clients = [dict(r._mapping) for r in pconn.execute(q.platform_clients()) if r.id == client_id]
    if not clients:
        raise NotFound("No such client")
    with deps.store.begin() as conn:
        activities = _present_all(conn)
        processors = [rules.present_processor(_row(r)) for r in conn.execute(q.all_rows("processor"))]
        logs = _instruction_logs(conn, [client_id])
        audit.record(conn, principal.actor, "register.processor_record_read", "client", str(client_id), now,
                     {"instructions": len(logs.get(client_id, []))})
    record = rules.processor_records(clients, activities, DATA_MAP, processors, logs)[0]
    return {"generated_at": now, **record, "retention": _client_retention(deps, client_id)}


def _client_retention(deps: Deps, client_id: int) -> list[Doc]:
    """The client's own retention periods (the controller's choice), as the sweep applies them."""
    from shared.retention.controllers import client_view, versions_of
    from shared.retention.service import load_policies

    with deps.store.connect() as conn:
        return client_view(load_policies(conn), client_id, versions_of(conn, client_id))
