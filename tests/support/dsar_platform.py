"""A small platform for the DSAR tests: two clients, a debtor at both, a debtor with a look-alike
e-mail at the first, a client employee (the client's data), a prospect and a staff member
(Incassotool's own relations)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Connection, func, insert, select

from shared.datamap.discovery import table

JAN = "jan@example.nl"


LOOKALIKE = "jan.s@example.nl"  # same client, similar e-mail: must never leak into Jan's answers


PIET = "piet@bakkerij.nl"  # client employee of client 1: client 1 is the controller of his account


OWNER = "eigenaar@bakkerij.nl"  # client 1's contact person: Incassotool's customer relation


MEDEWERKER = "mw@incassotool.nl"  # Incassotool's own staff member: Incassotool is the controller


PROSPECT = "info@prospect.nl"


AT = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


IBAN = "NL91ABNA0417164300"


def seed(conn: Connection) -> dict[str, int]:
    ins = lambda _t, **values: conn.execute(insert(table(_t)).values(**values))  # noqa: E731
    for cid, name, mail in ((1, "Bakkerij De Vries", OWNER), (2, "Garage Bos", "info@garage.nl")):
        ins("clients", id=cid, name=name, email=mail, status="active", relationship_started_on=date(2020, 1, 1),
            read_only=False, created_at=AT, postcode="1000 AA", contact_name="Eigenaar")
    ins("client_users", id=1, client_id=1, name="Piet", email=PIET, phone="0612345678", can_write=True,
        created_at=AT)
    ins("client_user_logins", id=1, client_user_id=1, occurred_at=AT, ip_address="10.0.0.1", succeeded=True)
    debtors = ((1, 1, JAN, "Jan Jansen", "1234 AB"), (2, 1, LOOKALIKE, "Jan Smit", "5678 CD"),
               (3, 2, JAN, "Jan Jansen", "1234 AB"))
    for did, cid, mail, name, pc in debtors:
        ins("debtors", id=did, client_id=cid, kind="consumer", name=name, email=mail, phone="0201234567",
            street="Dorpsstraat 1", postcode=pc, city="Leiden", iban=IBAN, created_at=AT)
    dossiers = ((101, 1, 1, "A-0001", "closed"), (102, 1, 1, "A-0002", "open"), (103, 1, 2, "A-0003", "closed"),
                (201, 2, 3, "B-0001", "closed"))
    for xid, cid, did, ref, status in dossiers:
        ins("dossiers", id=xid, client_id=cid, debtor_id=did, reference=ref, status=status,
            principal_amount=Decimal("125.50"), invoice_due_date=date(2024, 6, 1), opened_on=date(2024, 7, 1),
            closed_on=date(2025, 1, 1) if status == "closed" else None, notes=f"notitie {ref}")
        ins("letters", id=xid, dossier_id=xid, kind="reminder", sent_on=date(2024, 7, 2), channel="post",
            addressee="t.a.v. debiteur", body=f"Aanmaning {ref}")
        ins("contact_registrations", id=xid, dossier_id=xid, kind="call", direction="in", occurred_at=AT,
            summary=f"gesprek {ref}")
    ins("payments", id=1, dossier_id=101, amount=Decimal("50.00"), paid_on=date(2024, 8, 1), payer_iban=IBAN,
        payer_name="J. Jansen")
    ins("documents", id=1, dossier_id=101, filename="factuur.pdf", content_type="application/pdf",
        blob_path="dossiers/101/factuur.pdf", size_bytes=10, created_at=AT)
    ins("prospects", id=1, company="Prospect BV", contact_name="Els", email=PROSPECT, phone="0301234567",
        source="website", created_at=AT)
    ins("prospect_consents", id=1, prospect_id=1, purpose="nieuwsbrief", given_at=AT, valid_until=date(2027, 1, 1))
    ins("staff", id=1, name="Medewerker", email=MEDEWERKER, role="support", phone="0301112233",
        employed_from=date(2020, 1, 1), mfa_enrolled=True)
    ins("staff_logins", id=1, staff_id=1, occurred_at=AT, ip_address="10.0.0.2", mfa_passed=True)
    advance_sequences(conn, ("prospects", "prospect_consents"))  # the suite adds rows to these
    return {"debtor_jan_a": 1, "debtor_lookalike": 2, "debtor_jan_b": 3}


def advance_sequences(conn: Connection, names: tuple[str, ...]) -> None:
    """PostgreSQL: explicit ids leave a serial behind; move it past them, as the platform's would be."""
    if conn.dialect.name != "postgresql":
        return
    for name in names:
        t = table(name)
        top = conn.execute(select(func.coalesce(func.max(t.c.id), 0) + 1)).scalar_one()
        conn.execute(select(func.setval(func.pg_get_serial_sequence(t.name, "id"), top, False)))


def count(conn: Connection, t) -> int:
    return int(conn.execute(select(func.count()).select_from(t)).scalar_one())
