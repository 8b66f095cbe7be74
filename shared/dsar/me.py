"""Portal self-service: the signed-in subject's own data, found by its verified e-mail across
all clients; rectification of its own root records; an erasure request for itself."""

from __future__ import annotations

import uuid
from typing import Any

from shared import audit, letters
from shared.datamap import DATA_MAP
from shared.datamap.discovery import fetch_rows, find_subject_rows
from shared.db.uow import store_and_platform as both
from shared.deadlines import dsar_deadlines
from shared.deps import Deps
from shared.dsar import queries as q
from shared.dsar import service, texts
from shared.dsar.execute import apply_changes, inform_clients, recipients_for, root_clients
from shared.dsar.export import restriction_map
from shared.dsar.models import DsarCreate, MeDataPatch, MeErasureIn, SubjectIn
from shared.dsar.rules import deadline_owner
from shared.dsar.status import RequestType, Status, Verification
from shared.errors import NotFound
from shared.identity.principal import Principal
from shared.zip_export import plain

ROWS_PER_TABLE = 500  # the portal shows a page; the full copy is an access request (zip)


def _email(principal: Principal) -> str:
    assert principal.email is not None  # authorize() refuses a subject token without one
    return principal.email


def my_data(deps: Deps, principal: Principal) -> dict[str, Any]:
    now = deps.now()
    email = _email(principal)
    with both(deps) as (store, platform):
        rows = find_subject_rows(platform, email)
        tables: dict[str, Any] = {}
        for tm in DATA_MAP:
            ids = rows.get(tm.table)
            if not ids:
                continue
            shown = ids[:ROWS_PER_TABLE]
            restricted = restriction_map(store, tm.table, shown)
            tables[tm.table] = {
                "count": len(ids), "truncated": len(ids) > len(shown),
                "rows": [{**{c: plain(r.get(c)) for c in tm.columns}, "_restricted": restricted.get(r["id"])}
                         for r in fetch_rows(platform, tm.table, shown)],
            }
        audit.record(store, principal.actor, "me.data_read", "subject", principal.oid, now,
                     {"tables": {t: v["count"] for t, v in tables.items()}})
    return {"email": email, "tables": tables,
            "note_nl": "Een volledige kopie met de informatie van art. 15 AVG vraagt u aan met een inzageverzoek."}


def rectify_me(deps: Deps, principal: Principal, body: MeDataPatch) -> dict[str, Any]:
    """Apply the subject's own corrections at once, record them as a completed rectification
    request, and tell the clients whose debtor records changed (Art. 19)."""
    now = deps.now()
    email = _email(principal)
    request_id = str(uuid.uuid4())
    with both(deps) as (store, platform):
        found = find_subject_rows(platform, email, client_id=body.client_id)
        if body.client_id is not None:  # only records held for that client
            found = {t: ids for t, ids in found.items() if DATA_MAP[t].client_path is not None}
            if "debtors" in found:
                found["debtors"] = [r for r, c in root_clients(platform, "debtors", found["debtors"]).items()
                                    if c == body.client_id]
        found = {t: ids for t, ids in found.items() if ids}
        if not found:
            raise NotFound("No records were found for your e-mail address")
        valid, updated = apply_changes(platform, found, body.changes)
        recipients = recipients_for(platform, found)
        fields = sorted(valid)
        dates = dsar_deadlines(now)
        store.execute(q.new_request({
            "id": request_id, "type": RequestType.RECTIFICATION.value, "status": Status.COMPLETED.value,
            "subject_email": email, "subject_name": None, "subject_details": None, "client_id": body.client_id,
            "deadline_owner": deadline_owner(body.client_id).value, "channel": "portal", "received_at": now,
            "target_date": dates.target_date, "due_date": dates.due_date,
            "changes": dict.fromkeys(fields, "[toegepast]"),
            "verification_method": Verification.PORTAL_VERIFIED_EMAIL.value, "verified_by": principal.oid,
            "verified_at": now, "result": {"fields": fields, "updated": updated, "recipients": recipients},
            "created_at": now, "created_by": principal.oid, "created_role": str(principal.role),
            "closed_at": now, "updated_at": now,
        }))
        audit.record(store, principal.actor, "me.rectified", "dsar", request_id, now,
                     {"fields": fields, "updated": updated})
        inform_clients(store, recipients, request_id[:8], request_id, fields, now)
        line, text = texts.rectified(None, request_id[:8], fields, [r["description_nl"] for r in recipients])
        letters.queue(store, at=now, recipient_kind="subject", recipient=email, topic="dsar.rectified",
                      related_type="dsar", related_id=request_id, subject_line=line, body=text)
    return {"id": request_id, "fields": fields, "updated": updated, "recipients": recipients}


def erasure_for_me(deps: Deps, principal: Principal, body: MeErasureIn) -> tuple[dict[str, Any], bool]:
    request = DsarCreate(type=RequestType.ERASURE, subject=SubjectIn(email=_email(principal), name=body.name),
                         client_id=body.client_id, channel="portal")  # type: ignore[arg-type]
    return service.create(deps, principal, request)
