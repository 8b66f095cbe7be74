"""Exits and viewer accounts: the services behind the HTTP functions. One unit of work per
operation; bad input raises before anything is written."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from shared import audit, letters
from shared.clock import CALLER_CLOCK_SKEW
from shared.datamap import exit_facts
from shared.db.params import chunks
from shared.db.uow import store_and_platform as units
from shared.deps import Deps
from shared.errors import Conflict, Gone, InvalidInput, NotFound, RuleViolation
from shared.exits import queries as q
from shared.exits import rules, texts
from shared.exits.export import drop_export
from shared.exits.models import (
    ExitCreate,
    ExitListQuery,
    ExitOut,
    ExitUpdate,
    ExportInfo,
    ExportLink,
    ExportPreparing,
    ViewerAccountList,
    ViewerAccountOut,
    ViewerListQuery,
)
from shared.exits.status import EXIT_GROUPS, Choice, ExitStatus, ViewerStatus
from shared.exits.tables import exits
from shared.http import paging
from shared.identity.principal import Principal
from shared.identity.roles import Role
from shared.storage import EXPORTS


def exit_out(row: Any) -> ExitOut:
    export = None
    if row.export_blob and row.export_built_at:
        export = ExportInfo(built_at=row.export_built_at, sha256=row.export_sha256 or "",
                            counts=row.export_counts or {})
    return ExitOut(
        id=row.id, client_id=row.client_id, choice=Choice(row.choice), status=ExitStatus(row.status),
        requested_at=row.requested_at, effective_date=row.effective_date, created_at=row.created_at,
        cancelled_at=row.cancelled_at, reminder_sent_at=row.reminder_sent_at, waiting_reason=row.waiting_reason,
        export=export, destroyed_at=row.destroyed_at, certificate=row.certificate,
        certificate_text=row.certificate_text,
    )


def load_exit(conn: Connection, principal: Principal, exit_id: str) -> Any:
    """The exit, within the caller's reach: another client's exit is a 404, like a missing one."""
    row = conn.execute(q.exit_by_id(exit_id)).first()
    if row is None:
        raise NotFound("No such exit")
    principal.require_client(row.client_id, "exit")
    return row


def _check_backdate(deps: Deps, principal: Principal, body: ExitCreate, now: datetime) -> dict[str, Any]:
    """A staff `requested_at` comes with a reason and the letter's reference, and lies within the
    recent past; an older one only when the Privacy Officer enters it (the approval, audited).
    Without this an exit could be backdated past its effective date: no chance to cancel, and the
    next nightly run destroys the data. Returns the audit details."""
    if body.requested_at is None:
        return {}
    missing = [f for f in ("requested_reason", "letter_reference") if not getattr(body, f)]
    if missing:
        raise InvalidInput("A notice received by letter needs the reason and the letter's reference", errors=[
            {"in": "body", "field": f, "message": "required with requested_at", "type": "missing"} for f in missing])
    days = (now - body.requested_at).days
    limit = deps.settings.exit_backdate_days
    officer = principal.role is Role.OFFICER
    if days > limit and not officer:
        raise RuleViolation(f"requested_at lies {days} days back, more than {limit}: only the Privacy Officer "
                            "may enter an older notice (that is the approval, and it is audited)",
                            errors=[{"in": "body", "field": "requested_at", "type": "needs_officer",
                                     "message": f"more than {limit} days ago"}])
    return {"letter_reference": body.letter_reference, "reason": body.requested_reason, "backdated_days": days,
            "officer_approved": days > limit}


def _require_viewer_support(choice: Choice) -> None:
    """A retain exit becomes a viewer account, which needs the data map's fee invoice table and
    the client's read-only flag (shared/datamap/exit_facts.py)."""
    if choice is Choice.RETAIN and not exit_facts.viewer_supported():
        raise RuleViolation("This platform offers no viewer account: its data map names no fee invoice table "
                            "or no read-only flag of the client. Choose delete.", errors=[
                                {"in": "body", "field": "choice", "type": "no_viewer_account",
                                 "message": "retain is not offered on this platform"}])


def create_exit(deps: Deps, principal: Principal, body: ExitCreate) -> ExitOut:
    principal.require_client(body.client_id, "client")
    now = deps.clock.now()
    if body.requested_at is not None and not principal.is_internal:
        raise InvalidInput("Only staff may set requested_at (for a notice received by letter)", errors=[
            {"in": "body", "field": "requested_at", "message": "only staff may set this field",
             "type": "forbidden_field"}])
    notice_at = body.requested_at or now
    if notice_at > now + CALLER_CLOCK_SKEW:
        raise InvalidInput("requested_at lies in the future", errors=[
            {"in": "body", "field": "requested_at", "message": "must not be in the future", "type": "future"}])
    backdate = _check_backdate(deps, principal, body, now)
    _require_viewer_support(body.choice)
    effective = rules.effective_date(notice_at)
    exit_id = str(uuid.uuid4())
    try:
        with units(deps.store, deps.platform) as (store, platform):
            client = platform.execute(q.client_row(body.client_id)).first()
            if client is None:
                raise NotFound("No such client")
            existing = store.execute(q.open_exit_of(body.client_id)).scalar()
            if existing:
                raise Conflict("This client already has an open exit", existing_id=existing)
            if client.status is not None and client.status in exit_facts.client().ended:
                raise RuleViolation("The relationship with this client has already ended")
            store.execute(q.insert_exit({
                "id": exit_id, "client_id": body.client_id, "open_client_id": body.client_id,
                "choice": body.choice.value, "status": ExitStatus.NOTICE_GIVEN.value,
                "requested_at": notice_at, "effective_date": effective, "created_at": now,
                "created_by": principal.actor.oid, "updated_at": now,
            }))
            audit.record(store, principal.actor, "exit.notice_given", "exit", exit_id, now,
                         {"client_id": body.client_id, "choice": body.choice.value,
                          "effective_date": effective.isoformat(), "by_letter": body.requested_at is not None,
                          **backdate})
            if backdate.get("officer_approved"):
                audit.record(store, principal.actor, "exit.backdate_approved", "exit", exit_id, now, backdate)
            subject, text = texts.notice_letter(exit_id, effective, body.choice.value)
            letters.queue(store, at=now, recipient_kind="client", recipient=str(body.client_id),
                          topic="exit_notice", related_type="exit", related_id=exit_id,
                          subject_line=subject, body=text)
            row = store.execute(q.exit_by_id(exit_id)).one()
    except IntegrityError:
        # A concurrent notice for the same client won the unique open-exit index.
        with deps.store.connect() as conn:
            existing = conn.execute(q.open_exit_of(body.client_id)).scalar()
        raise Conflict("This client already has an open exit", existing_id=existing) from None
    return exit_out(row)


def get_exit(deps: Deps, principal: Principal, exit_id: str) -> ExitOut:
    with deps.store.connect() as conn:
        return exit_out(load_exit(conn, principal, exit_id))


def list_exits(deps: Deps, principal: Principal, query: ExitListQuery) -> dict[str, Any]:
    """Newest first. A client admin sees only its own client's exits; naming another client is a
    404, as for one exit of another client."""
    client_id = query.client_id
    if principal.is_client:
        principal.require_client(client_id if client_id is not None else principal.client_id, "client")
        client_id = principal.client_id
    with deps.store.connect() as conn:
        rows, nxt = paging.newest_first(conn, q.exit_list(client_id, query.status), exits.c.created_at,
                                        exits.c.id, query.limit, query.cursor)
    return {"items": [exit_out(r) for r in rows], "next": nxt}


def _changeable(row: Any, now: Any) -> None:
    refusal = rules.change_refusal(ExitStatus(row.status), row.effective_date, now)
    if refusal:
        raise RuleViolation(refusal)


def update_exit(deps: Deps, principal: Principal, exit_id: str, body: ExitUpdate) -> ExitOut:
    now = deps.clock.now()
    with deps.store.begin() as store:
        row = load_exit(store, principal, exit_id)
        _changeable(row, now)
        _require_viewer_support(body.choice)
        if row.choice != body.choice.value:
            done = store.execute(q.update_exit_if(exit_id, ExitStatus.NOTICE_GIVEN, choice=body.choice.value,
                                                  updated_at=now)).rowcount
            if not done:
                raise Conflict("The exit changed meanwhile; read it again")
            audit.record(store, principal.actor, "exit.choice_changed", "exit", exit_id, now,
                         {"client_id": row.client_id, "from": row.choice, "to": body.choice.value})
        return exit_out(store.execute(q.exit_by_id(exit_id)).one())


def cancel_exit(deps: Deps, principal: Principal, exit_id: str) -> ExitOut:
    now = deps.clock.now()
    with deps.store.begin() as store:
        row = load_exit(store, principal, exit_id)
        _changeable(row, now)
        done = store.execute(q.update_exit_if(
            exit_id, ExitStatus.NOTICE_GIVEN, status=ExitStatus.CANCELLED.value, open_client_id=None,
            cancelled_at=now, updated_at=now)).rowcount
        if not done:
            raise Conflict("The exit changed meanwhile; read it again")
        audit.record(store, principal.actor, "exit.cancelled", "exit", exit_id, now,
                     {"client_id": row.client_id, "export_deleted": bool(row.export_blob)})
        out = exit_out(store.execute(q.exit_by_id(exit_id)).one())
    if row.export_blob:
        # The export is a copy of the client's data: it goes with the cancelled exit. Should this
        # fail, the nightly exit_processing deletes it (drop_closed_exports).
        drop_export(deps, exit_id, row.export_blob)
        out.export = None
    return out


# --- the exit export: built ahead by the nightly timer (export.py), handed out here -----------

def _require_available(row: Any) -> None:
    status = ExitStatus(row.status)
    if status in EXIT_GROUPS["export_available"]:
        return
    why = {ExitStatus.CANCELLED: "the exit was cancelled",
           ExitStatus.DESTROYING: "the client's data are being destroyed"}.get(
        status, "the client's data were destroyed")
    raise Gone(f"The export is no longer available: {why}", slug="gone")


PREPARING = ("The export is being prepared: the nightly exit_processing builds it after the notice "
             "(staff can start that run at once). Try again after the next nightly run.")


def export_for(deps: Deps, principal: Principal, exit_id: str, download: bool) -> ExportLink | ExportPreparing:
    """A short-lived link to the export built ahead (shared.exits.export), never a build here.
    Not built yet: ExportPreparing (202). `download` is audited as a download: the caller is sent
    to the same link, and Blob storage streams the zip."""
    with deps.store.connect() as store:
        row = load_exit(store, principal, exit_id)
    _require_available(row)
    if row.export_blob is None:
        return ExportPreparing(detail=PREPARING)
    now = deps.clock.now()
    minutes = deps.settings.export_link_minutes
    url = deps.blobs.read_link(EXPORTS, row.export_blob, now, minutes)  # no connection held meanwhile
    action = "exit.export_downloaded" if download else "exit.export_link_issued"
    with deps.store.begin() as store:
        audit.record(store, principal.actor, action, "exit", exit_id, now,
                     {"client_id": row.client_id, "sha256": row.export_sha256, "minutes": minutes})
    return ExportLink(url=url, expires_at=now + timedelta(minutes=minutes), built_at=row.export_built_at,
                      sha256=row.export_sha256)


# --- viewer accounts -------------------------------------------------------------------------


def _invoices(platform: Connection, numbers: list[str]) -> dict[str, Any]:
    if not numbers:
        return {}
    found: dict[str, Any] = {}
    for part in chunks(numbers):
        found.update({r.number: r for r in platform.execute(q.invoices_by_numbers(part))})
    return found


def viewer_out(row: Any, invoices: Mapping[str, Any]) -> ViewerAccountOut:
    number = rules.fee_invoice_number(row.client_id, row.period_start)
    next_start = row.period_end + timedelta(days=1)
    current = invoices.get(number)
    renewed = invoices.get(rules.fee_invoice_number(row.client_id, next_start))
    return ViewerAccountOut(
        id=row.id, client_id=row.client_id, exit_id=row.exit_id, status=ViewerStatus(row.status),
        period_start=row.period_start, period_end=row.period_end, fee_invoice=number,
        fee_amount=current.amount if current is not None else None,
        fee_vat=current.vat_amount if current is not None else None,
        fee_paid_on=current.paid_on if current is not None else None,
        renewed_until=rules.period_end(next_start) if renewed is not None else None,
        renewal_warned_for=row.renewal_warned_for, lapsed_at=row.lapsed_at,
    )


def _numbers(rows: list[Any]) -> list[str]:
    out = []
    for r in rows:
        out.append(rules.fee_invoice_number(r.client_id, r.period_start))
        out.append(rules.fee_invoice_number(r.client_id, r.period_end + timedelta(days=1)))
    return out


def _viewers(deps: Deps, client_id: int | None) -> list[ViewerAccountOut]:
    with deps.store.connect() as store:
        rows = list(store.execute(q.viewer_list(client_id)))
    with deps.platform.connect() as platform:
        invoices = _invoices(platform, _numbers(rows))
    return [viewer_out(r, invoices) for r in rows]


def list_viewers(deps: Deps, principal: Principal, query: ViewerListQuery | None = None) -> ViewerAccountList:
    """Staff see every viewer account; a client admin only its own client's (another client named
    in `client_id` is a 404)."""
    client_id = query.client_id if query else None
    if principal.is_client:
        principal.require_client(client_id if client_id is not None else principal.client_id, "client")
        client_id = principal.client_id
    return ViewerAccountList(items=_viewers(deps, client_id))


def viewer_of_client(deps: Deps, principal: Principal, client_id: int) -> ViewerAccountOut:
    """One client's viewer account: 404 when it has none, or when it is another client's."""
    principal.require_client(client_id, "viewer account")
    found = _viewers(deps, client_id)
    if not found:
        raise NotFound("No such viewer account")
    return found[0]


def issue_fee_invoice(platform: Connection, client_id: int, period_start: Any, issued_on: Any) -> tuple[str, Any]:
    """The year's fee as Incassotool's invoice to the client (kept 7 years: fiscal)."""
    fee = rules.viewer_fee()
    number = rules.fee_invoice_number(client_id, period_start)
    end = rules.period_end(period_start)
    platform.execute(q.insert_invoice(
        client_id, number, issued_on,
        f"Inkijkaccount {texts.d(period_start)} t/m {texts.d(end)}", fee.amount, fee.vat_amount))
    return number, fee


def renew_viewer(deps: Deps, principal: Principal, client_id: int) -> ViewerAccountOut:
    principal.require_client(client_id, "viewer account")
    now = deps.clock.now()
    with units(deps.store, deps.platform) as (store, platform):
        row = store.execute(q.viewer_of(client_id)).first()
        if row is None:
            raise NotFound("No such viewer account")
        if row.status != ViewerStatus.ACTIVE.value:
            raise RuleViolation("The viewer account has lapsed; its data were destroyed")
        next_start = row.period_end + timedelta(days=1)
        number = rules.fee_invoice_number(client_id, next_start)
        if platform.execute(q.invoice_by_number(number)).first() is not None:
            raise Conflict("The next year is already renewed", invoice=number)
        number, fee = issue_fee_invoice(platform, client_id, next_start, rules.today(now))
        audit.record(store, principal.actor, "viewer.renewed", "viewer_account", row.id, now,
                     {"client_id": client_id, "invoice": number, "period_start": next_start.isoformat()})
        subject, text = texts.renewed_letter(client_id, next_start, rules.period_end(next_start), number, fee.total)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(client_id), topic="viewer_renewed",
                      related_type="viewer_account", related_id=row.id, subject_line=subject, body=text)
        invoices = _invoices(platform, _numbers([row]))
        return viewer_out(row, invoices)
