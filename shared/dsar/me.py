"""Portal self-service: the signed-in subject's own data, found by its verified e-mail across
all clients; corrections (applied or requested, by who decides); an erasure request for itself."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection

from shared import audit, letters
from shared.datamap import DATA_MAP
from shared.datamap.discovery import find_subject_rows
from shared.db.uow import store_and_platform as both
from shared.deadlines import dsar_deadlines
from shared.deps import Deps
from shared.dsar import intake, rules, texts
from shared.dsar import queries as q
from shared.dsar.execute import apply_changes, payout_notice, root_clients, validate_for
from shared.dsar.export import RESTRICTED, package_rows, restriction_maps
from shared.dsar.models import DsarCreate, MeDataPatch, MeEmailConfirmIn, MeErasureIn, SubjectIn
from shared.dsar.rules import deadline_owner
from shared.dsar.status import DSAR_GROUPS, RequestType, Status, Verification
from shared.errors import Conflict, NotFound
from shared.identity.principal import Principal
from shared.zip_export import plain

ROWS_PER_TABLE = 500  # the portal shows a page; the full copy is an access request (zip)


def _email(principal: Principal) -> str:
    assert principal.email is not None  # authorize() refuses a subject token without one
    return principal.email


def _rows(platform: Connection, name: str, ids: list[int], restricted: dict[int, str]) -> list[dict[str, Any]]:
    """The rows as the access package has them: every mapped column (plain values), then RESTRICTED."""
    keys = [*DATA_MAP[name].columns, RESTRICTED]
    return [dict(zip(keys, map(plain, row), strict=True))
            for batch in package_rows(platform, name, ids, keys[:-1], restricted) for row in batch]


def my_data(deps: Deps, principal: Principal) -> dict[str, Any]:
    now = deps.now()
    email = _email(principal)
    with both(deps.store, deps.platform) as (store, platform):
        rows = find_subject_rows(platform, email)
        shown = {tm.table: rows[tm.table][:ROWS_PER_TABLE] for tm in DATA_MAP if rows.get(tm.table)}
        restricted = restriction_maps(store, shown)
        tables: dict[str, Any] = {
            name: {"count": len(rows[name]), "truncated": len(rows[name]) > len(ids),
                   "rows": _rows(platform, name, ids, restricted[name])}
            for name, ids in shown.items()}
        audit.record(store, principal.actor, "me.data_read", "subject", principal.oid, now,
                     {"tables": {t: v["count"] for t, v in tables.items()}})
    return {"email": email, "tables": tables,
            "note_nl": "Een volledige kopie met de informatie van art. 15 AVG vraagt u aan met een inzageverzoek."}


def _plain_changes(values: dict[str, Any]) -> dict[str, Any]:
    return {f: v.isoformat() if hasattr(v, "isoformat") else v for f, v in values.items()}


def _client_records(platform: Any, found: dict[str, list[int]], only: int | None) -> dict[int, dict[str, list[int]]]:
    """The subject's records that are a client's data (as its debtor or employee), per client (controller)."""
    per: dict[int, dict[str, list[int]]] = {}
    for root in DATA_MAP.processor_roots():
        for row_id, cid in root_clients(platform, root.table, found.get(root.table, [])).items():
            if cid is not None and only in (None, cid):
                per.setdefault(cid, {}).setdefault(root.table, []).append(row_id)
    return per


def _client_rows(rows: dict[str, list[int]]) -> list[int]:
    """The subject's rows in the client table: a client's own contact, whose payout details they are."""
    client = DATA_MAP.client_root()
    return rows.get(client.table, []) if client is not None else []


def rectify_me(deps: Deps, principal: Principal, body: MeDataPatch) -> tuple[dict[str, Any], int]:
    """The subject's own corrections, by who decides (shared.decisions, rectification):

    - Incassotool's own relation: contact fields change at once, after validation; identity,
      financial and KvK fields and the e-mail address become a rectification request that staff
      verify (202). The client hears of every change to its payout details.
    - A client's debtor or employee: every change is a rectification request to that client (202);
      it lands in that client's files only, once the client decides.
    """
    now = deps.now()
    email = _email(principal)
    with both(deps.store, deps.platform) as (store, platform):
        found = find_subject_rows(platform, email)
        own = {} if body.client_id is not None else rules.scoped(found, None)
        per_client = _client_records(platform, found, body.client_id)
        if not own and not per_client:
            raise NotFound("No records were found for your e-mail address")
        scope = {**own, **{t: ids for rows in per_client.values() for t, ids in rows.items()}}
        _, valid = validate_for(scope, body.changes)
        own_roots = [t for t in own if DATA_MAP[t].is_root]
        own_fields = {f: v for f, v in valid.items() if any(f in rules.rectifiable_columns(t) for t in own_roots)}
        direct, checked = rules.split_self_service(own_fields, own_roots)
        out: dict[str, Any] = {"id": None, "fields": sorted(direct), "updated": {}, "recipients": [], "requests": []}
        if direct:
            out["id"], out["updated"] = _apply_own(store, platform, principal, own, direct, now)
        pending: list[tuple[int | None, dict[str, Any]]] = [(None, checked)] if checked else []
        for controller, rows in sorted(per_client.items()):
            roots = [t for t in rows if DATA_MAP[t].is_root]
            fields = {f: v for f, v in valid.items() if any(f in rules.rectifiable_columns(t) for t in roots)}
            if fields:
                pending.append((controller, fields))
        for cid, fields in pending:
            rid = _request(store, principal, email, cid, fields, now)
            if cid is None and "iban" in fields and _client_rows(own):
                payout_notice(store, _client_rows(own), rid, now, done=False)
            out["requests"].append({"id": rid, "client_id": cid, "deadline_owner": deadline_owner(cid).value,
                                    "fields": sorted(fields)})
    if out["requests"]:
        out["id"] = out["requests"][0]["id"]
        return out, 202
    return out, 200


def _apply_own(store: Any, platform: Any, principal: Principal, own: dict[str, list[int]], direct: dict[str, Any],
               now: Any) -> tuple[str, dict[str, int]]:
    """Apply validated contact fields to the own relation's records: a completed request as evidence."""
    request_id = str(uuid.uuid4())
    email = _email(principal)
    valid, updated = apply_changes(platform, own, direct)
    fields = sorted(valid)
    dates = dsar_deadlines(now)
    store.execute(q.new_request({
        "id": request_id, "type": RequestType.RECTIFICATION.value, "status": Status.COMPLETED.value,
        "subject_email": email, "subject_name": None, "subject_details": None, "client_id": None,
        "deadline_owner": deadline_owner(None).value, "channel": "portal", "received_at": now,
        "target_date": dates.target_date, "due_date": dates.due_date,
        "changes": dict.fromkeys(fields, "[toegepast]"),
        "verification_method": Verification.PORTAL_VERIFIED_EMAIL.value, "verified_by": principal.oid,
        "verified_at": now, "result": {"fields": fields, "updated": updated, "recipients": []},
        "created_at": now, "created_by": principal.oid, "created_role": str(principal.role),
        "closed_at": now, "updated_at": now,
    }))
    audit.record(store, principal.actor, "me.rectified", "dsar", request_id, now,
                 {"fields": fields, "updated": updated})
    line, text = texts.rectified(None, request_id[:8], fields, [])
    letters.queue(store, at=now, recipient_kind="subject", recipient=email, topic="dsar.rectified",
                  related_type="dsar", related_id=request_id, subject_line=line, body=text)
    return request_id, updated


def _request(store: Any, principal: Principal, email: str, client_id: int | None, fields: dict[str, Any],
             now: Any) -> str:
    """A rectification request: to the client (controller) for its debtor's records, or for staff to
    verify for Incassotool's own relation. Its changes wait in the request until it is decided."""
    if store.execute(q.open_duplicate(email, RequestType.RECTIFICATION.value, client_id)).first() is not None:
        raise Conflict("An earlier correction of yours still waits for a decision; it must be decided first")
    request = DsarCreate(type=RequestType.RECTIFICATION, subject=SubjectIn(email=email), client_id=client_id,
                         channel="portal", changes=_plain_changes(fields))  # type: ignore[arg-type]
    rid = intake.insert_request(store, principal, request, client_id, now, now, staff_verify=client_id is None)
    if "email" in fields:
        line, text = texts.confirm_new_email(rid)
        letters.queue(store, at=now, recipient_kind="subject", recipient=fields["email"], topic="dsar.confirm_email",
                      related_type="dsar", related_id=rid, subject_line=line, body=text)
    return rid


def confirm_email(deps: Deps, principal: Principal, body: MeEmailConfirmIn) -> dict[str, Any]:
    """The subject signed in with the new address of a pending rectification: it is now proven."""
    now = deps.now()
    with deps.store.begin() as store:
        row = store.execute(q.by_id(body.request_id)).first() if _is_uuid(body.request_id) else None
        wanted = (row.changes or {}).get("email") if row is not None else None
        if row is None or wanted != _email(principal) or not DSAR_GROUPS.is_open(Status(row.status)):
            raise NotFound("No open correction asks for this e-mail address")
        details = {**(row.subject_details or {}), "new_email_verified_at": now.isoformat()}
        store.execute(q.set_fields(row.id, {"subject_details": details, "updated_at": now}))
        audit.record(store, principal.actor, "dsar.new_email_verified", "dsar", row.id, now)
    return {"id": row.id, "new_email_verified_at": now}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def erasure_for_me(deps: Deps, principal: Principal, body: MeErasureIn) -> tuple[dict[str, Any], bool]:
    request = DsarCreate(type=RequestType.ERASURE, subject=SubjectIn(email=_email(principal), name=body.name),
                         client_id=body.client_id, channel="portal")  # type: ignore[arg-type]
    return intake.create(deps, principal, request)
