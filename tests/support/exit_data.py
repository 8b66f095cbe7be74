"""A client's data for the exit tests: seeded across every client-scoped platform table, counted back,
and the nightly exit processing run as the timer runs it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select

from shared.datamap.discovery import client_rows_query
from shared.datamap.platform_map import DATA_MAP
from shared.platform import schema as s
from shared.storage import DOCUMENTS

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


@dataclass
class Seeded:
    client_id: int
    debtor_emails: list[str] = field(default_factory=list)
    user_emails: list[str] = field(default_factory=list)
    blob_paths: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def seed_staff(conn: Connection) -> int:
    existing = conn.execute(select(s.staff.c.id)).scalar()
    if existing:
        return existing
    conn.execute(insert(s.staff).values(id=1, name="Medewerker Een", email="mw1@incassotool.nl", role="collector",
                                        employed_from=date(2020, 1, 1)))
    return 1


def seed_client(conn: Connection, client_id: int, *, debtors: int = 3, dossiers_per: int = 2,
                users: int = 2) -> Seeded:
    """A client with a full tree. Ids are offset by client_id * 10_000 so clients never collide."""
    staff_id = seed_staff(conn)
    base = client_id * 10_000
    out = Seeded(client_id)
    conn.execute(insert(s.clients).values(
        id=client_id, name=f"Bakkerij {client_id} B.V.", kvk_number=f"{client_id:08d}", contact_name="J. de Vries",
        email=f"info@client{client_id}.nl", phone="0201234567", street="Dorpsstraat 1", postcode="1234AB",
        city="Leiden", iban="NL91ABNA0417164300", status="active", relationship_started_on=date(2020, 1, 1),
        read_only=False, created_at=T0))
    for u in range(users):
        uid = base + u + 1
        email = f"user{u}@client{client_id}.nl"
        out.user_emails.append(email)
        conn.execute(insert(s.client_users).values(id=uid, client_id=client_id, name=f"Gebruiker {u}", email=email,
                                                   can_write=True, created_at=T0))
        conn.execute(insert(s.client_user_logins).values(id=uid, client_user_id=uid, occurred_at=T0,
                                                         ip_address="192.0.2.1", succeeded=True))
    doc = 0
    for d in range(debtors):
        did = base + d + 1
        email = f"debiteur{d}@client{client_id}.nl"
        out.debtor_emails.append(email)
        conn.execute(insert(s.debtors).values(id=did, client_id=client_id, kind="consumer", name=f"Debiteur {d}",
                                              email=email, phone="0612345678", birth_date=date(1980, 1, 1),
                                              iban="NL02RABO0123456789", created_at=T0))
        for k in range(dossiers_per):
            xid = base + d * 10 + k + 1
            conn.execute(insert(s.dossiers).values(
                id=xid, client_id=client_id, debtor_id=did, reference=f"D{client_id}-{d}-{k}", status="open",
                principal_amount=Decimal("125.50"), invoice_due_date=date(2025, 12, 1), opened_on=date(2026, 1, 2),
                notes="Belt altijd na 17:00"))
            conn.execute(insert(s.letters).values(id=xid, dossier_id=xid, kind="reminder", sent_on=date(2026, 1, 3),
                                                  channel="post", addressee=f"Debiteur {d}", body="Geachte heer"))
            conn.execute(insert(s.contact_registrations).values(
                id=xid, dossier_id=xid, kind="call", direction="in", occurred_at=T0, summary="Belde over de vordering",
                staff_id=staff_id))
            if k == 0:  # one payment per debtor: a fiscal record
                conn.execute(insert(s.payments).values(id=xid, dossier_id=xid, amount=Decimal("25.00"),
                                                       paid_on=date(2026, 1, 5), payer_iban="NL02RABO0123456789",
                                                       payer_name=f"Debiteur {d}"))
            doc += 1
            path = f"client{client_id}/dossier{xid}/brief.pdf"
            out.blob_paths.append(path)
            conn.execute(insert(s.documents).values(id=xid, dossier_id=xid, filename="brief debiteur.pdf",
                                                    content_type="application/pdf", blob_path=path, size_bytes=5,
                                                    created_at=T0))
    conn.execute(insert(s.client_invoices).values(id=base + 1, client_id=client_id, number=f"F{client_id}-2025-1",
                                                  issued_on=date(2025, 12, 31), description="Incassokosten",
                                                  amount=Decimal("100.00"), vat_amount=Decimal("21.00"),
                                                  paid_on=date(2026, 1, 8)))
    out.rows = client_counts(conn, client_id)
    return out


def client_counts(conn: Connection, client_id: int) -> dict[str, int]:
    counts = {}
    for tm in DATA_MAP.client_scoped():
        q = client_rows_query(tm, client_id).subquery()
        counts[tm.table] = conn.execute(select(func.count()).select_from(q)).scalar()
    return counts


def client_rows(conn: Connection, client_id: int, name: str) -> list[dict[str, Any]]:
    t = s.clients.metadata.tables[name]
    ids = [r for (r,) in conn.execute(client_rows_query(DATA_MAP[name], client_id))]
    return [dict(r._mapping) for r in conn.execute(select(t).where(t.c.id.in_(ids)))] if ids else []


def run_exit_processing(deps: Any) -> dict[str, Any]:
    from functions.exits import exit_processing
    from shared.jobs import run_job

    return run_job(deps, "exit_processing", exit_processing)


def at_amsterdam_day(day: date, hour: int = 3) -> datetime:
    """03:00 UTC on `day`: the nightly run, on that Amsterdam day."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def days(n: int) -> timedelta:
    return timedelta(days=n)


ADMIN = "Client.Admin"
NOTICE = datetime(2026, 1, 10, 9, tzinfo=UTC)
EFFECTIVE = date(2026, 3, 11)


def two_clients_with_files(blob_deps):
    """Clients 1 and 2 seeded (2 with one debtor), their document files in Azurite: (deps, one, two)."""
    deps = blob_deps
    with deps.platform.begin() as conn:
        one = seed_client(conn, 1)
        two = seed_client(conn, 2, debtors=1)
    for path in one.blob_paths + two.blob_paths:
        deps.blobs.upload(DOCUMENTS, path, b"%PDF-", overwrite=True)
    return deps, one, two


def notice(client, clock, choice="delete", client_id=1) -> dict:
    clock.set(NOTICE)
    resp = client.post("exits", {"client_id": client_id, "choice": choice}, role=ADMIN, client_id=client_id)
    assert resp.status == 201, resp.body
    assert resp.json()["effective_date"] == EFFECTIVE.isoformat()
    return resp.json()
