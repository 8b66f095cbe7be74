"""The SQL statements of the exits area, as small builders: the services run them, and a test
compiles each with the SQL Server dialect."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Insert, Select, Update, insert, null, select, update

from shared.datamap import exit_facts as facts
from shared.exits.status import EXIT_GROUPS, ExitStatus, ViewerStatus
from shared.exits.tables import exits, viewer_accounts


def exit_by_id(exit_id: str) -> Select[Any]:
    return select(exits).where(exits.c.id == exit_id)


def exit_list(client_id: int | None, status: ExitStatus | None) -> Select[Any]:
    """Exits to page through, newest first (the caller adds the order and the keyset)."""
    stmt = select(exits)
    if client_id is not None:
        stmt = stmt.where(exits.c.client_id == client_id)
    if status is not None:
        stmt = stmt.where(exits.c.status == status.value)
    return stmt


def open_exit_of(client_id: int) -> Select[Any]:
    return select(exits.c.id).where(exits.c.client_id == client_id,
                                    exits.c.status.in_(EXIT_GROUPS.values("open")))


def insert_exit(values: dict[str, Any]) -> Insert:
    return insert(exits).values(**values)


def update_exit(exit_id: str, **values: Any) -> Update:
    return update(exits).where(exits.c.id == exit_id).values(**values)


def update_exit_if(exit_id: str, from_status: ExitStatus, /, **values: Any) -> Update:
    """A guarded transition: only from the status read, so a concurrent change loses cleanly."""
    return update(exits).where(exits.c.id == exit_id, exits.c.status == from_status.value).values(**values)


def exits_to_watch() -> Select[Any]:
    """Exits that need the timer: open ones (reminders, effective dates, resumes)."""
    return (select(exits.c.id).where(exits.c.status.in_(EXIT_GROUPS.values("open")))
            .order_by(exits.c.effective_date, exits.c.id))


def exports_to_refresh() -> Select[Any]:
    """Exits that offer an export (from the notice until destruction), oldest notice first."""
    e = exits
    return (select(e.c.id, e.c.client_id, e.c.export_blob, e.c.export_built_at, e.c.export_counts)
            .where(e.c.status.in_(EXIT_GROUPS.values("export_available"))).order_by(e.c.created_at, e.c.id))


# --- the platform's side, through the data map's exit facts (shared/datamap/exit_facts.py) ----


def client_row(client_id: int) -> Select[Any]:
    """The client with its `status` (NULL when the map groups none). The caller compares it with the
    map's `ended` group: SQL Server takes no boolean expression in a select list."""
    c = facts.client()
    status = c.status if c.status is not None else null()
    return select(c.table.c.id, status.label("status")).where(c.table.c.id == client_id)


def end_client(client_id: int, ended_on: date, *, read_only: bool | None = None) -> Update | None:
    """The client's relationship ended: its status, the day, and the read-only flag, as far as the
    map has them (None when it has none of them)."""
    c = facts.client()
    values: dict[Any, Any] = {}
    if c.status is not None:
        values[c.status] = c.ended[0]
    if c.ended_on is not None:
        values[c.ended_on] = ended_on
    if read_only is not None and c.read_only is not None:
        values[c.read_only] = read_only
    return update(c.table).where(c.table.c.id == client_id).values(values) if values else None


def revoke_write(client_id: int) -> list[Update]:
    return [update(f.table).where(f.client == client_id).values({f.flag: False}) for f in facts.write_flags()]


def _fee_invoices() -> facts.FeeInvoices:
    found = facts.fee_invoices()
    if found is None:
        raise LookupError("the data map names no table for the viewer fee (exit.fee_invoices)")
    return found


def _invoice_columns(f: facts.FeeInvoices) -> Select[Any]:
    return select(f.client.label("client_id"), f.number.label("number"), f.issued_on.label("issued_on"),
                  f.amount.label("amount"), f.vat.label("vat_amount"), f.paid_on.label("paid_on"))


def invoices_by_numbers(numbers: list[str]) -> Select[Any]:
    f = _fee_invoices()
    return _invoice_columns(f).where(f.number.in_(numbers))


def stored_files(files: facts.FileTable, ids: list[int]) -> Select[Any]:
    """Each row's key, its file's name (None when the map has no name column) and where it is stored."""
    name = files.name if files.name is not None else null()
    return select(files.key, name.label("name"), files.path).where(files.key.in_(ids)).order_by(files.key)


def closed_exports() -> Select[Any]:
    """Exports of cancelled or destroyed exits whose deletion failed earlier."""
    closed = [ExitStatus.CANCELLED.value, ExitStatus.DESTROYED.value]
    return select(exits.c.id, exits.c.export_blob).where(exits.c.status.in_(closed), exits.c.export_blob.isnot(None))


def set_export(exit_id: str, current: str | None, **values: Any) -> Update:
    """Guarded on the blob a build started from (a concurrent build that won keeps its own) and on
    the exit still offering an export (a cancel or destruction meanwhile wins)."""
    same = exits.c.export_blob.is_(None) if current is None else exits.c.export_blob == current
    available = exits.c.status.in_(EXIT_GROUPS.values("export_available"))
    return update(exits).where(exits.c.id == exit_id, same, available).values(**values)


def forget_export(exit_id: str, blob: str) -> Update:
    return update(exits).where(exits.c.id == exit_id, exits.c.export_blob == blob).values(export_blob=None)


def invoice_by_number(number: str) -> Select[Any]:
    f = _fee_invoices()
    return _invoice_columns(f).where(f.number == number)


def insert_invoice(client_id: int, number: str, issued_on: date, description: str,
                   amount: Decimal, vat_amount: Decimal) -> Insert:
    f = _fee_invoices()
    return insert(f.table).values({f.client: client_id, f.number: number, f.issued_on: issued_on,
                                   f.description: description, f.amount: amount, f.vat: vat_amount})


def viewer_of(client_id: int) -> Select[Any]:
    return select(viewer_accounts).where(viewer_accounts.c.client_id == client_id)


def viewer_list(client_id: int | None = None) -> Select[Any]:
    stmt = select(viewer_accounts).order_by(viewer_accounts.c.period_end, viewer_accounts.c.client_id)
    return stmt if client_id is None else stmt.where(viewer_accounts.c.client_id == client_id)


def active_viewers() -> Select[Any]:
    return (select(viewer_accounts).where(viewer_accounts.c.status == ViewerStatus.ACTIVE.value)
            .order_by(viewer_accounts.c.period_end, viewer_accounts.c.client_id))


def insert_viewer(values: dict[str, Any]) -> Insert:
    return insert(viewer_accounts).values(**values)


def update_viewer(viewer_id: str, **values: Any) -> Update:
    return update(viewer_accounts).where(viewer_accounts.c.id == viewer_id).values(**values)


def mark_renewal_warned(viewer_id: str, end: date, at: Any) -> Update:
    """Once per viewer year: only when not yet warned for this period end."""
    v = viewer_accounts
    return update(v).where(v.c.id == viewer_id, (v.c.renewal_warned_for.is_(None)) | (v.c.renewal_warned_for != end)
                           ).values(renewal_warned_for=end, updated_at=at)


def roll_over_viewer(viewer_id: str, old_end: date, start: date, end: date, at: Any) -> Update:
    v = viewer_accounts
    return update(v).where(v.c.id == viewer_id, v.c.period_end == old_end).values(
        period_start=start, period_end=end, updated_at=at)


def mark_reminder_sent(exit_id: str, at: Any) -> Update:
    return update(exits).where(exits.c.id == exit_id, exits.c.status == ExitStatus.NOTICE_GIVEN.value,
                               exits.c.reminder_sent_at.is_(None)).values(reminder_sent_at=at, updated_at=at)

