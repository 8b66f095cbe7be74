"""The retention world: a small platform whose every row sits on one side of a policy's boundary, with
its holds and restriction, and the helpers that read it back (used by the retention, holds and route
tests)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select

from shared.alerts import Alert
from shared.datamap.discovery import table
from shared.db.metadata import platform_metadata
from shared.holds import legal_holds
from shared.jobs import run_job
from shared.restrictions import mark

TODAY = date(2026, 11, 24)


NOW = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 03:30 in Amsterdam: the nightly run


T0 = datetime(2019, 5, 1, 10, 0, tzinfo=UTC)


class World:
    """Inserts platform rows and remembers their ids by a name."""

    def __init__(self, conn: Connection, prefix: str):
        self.conn, self.prefix, self.ids, self.tables, self.blobs = conn, prefix, {}, {}, []
        self._n = 0

    def add(self, key: str, tname: str, /, **values: Any) -> int:
        rid = self.conn.execute(insert(table(tname)).values(**values)).inserted_primary_key[0]
        self.ids[key] = rid
        self.tables[key] = tname
        return rid

    def client(self, name: str, ended: date | None = None, email: str | None = None) -> int:
        return self.add(name, "clients", name=f"Bedrijf {name}", email=email or f"{name}@klant.nl",
                        contact_name="Contact", status="ended" if ended else "active",
                        relationship_started_on=date(2015, 1, 1), relationship_ended_on=ended, created_at=T0)

    def debtor(self, name: str, client: str, created: datetime = T0, email: str | None = None) -> int:
        return self.add(name, "debtors", client_id=self.ids[client], kind="consumer", name=f"Debiteur {name}",
                        email=email or f"{name}@debiteur.nl", created_at=created)

    def dossier(self, name: str, client: str, debtor: str, status: str, *, opened: date = date(2019, 1, 1),
                closed: date | None = None, reminder: date | None = None, files: bool = True) -> int:
        self._n += 1
        did = self.add(name, "dossiers", client_id=self.ids[client], debtor_id=self.ids[debtor],
                       reference=f"D{self._n:05d}", status=status, principal_amount=Decimal("100.00"),
                       invoice_due_date=opened, opened_on=opened, closed_on=closed, last_reminder_on=reminder,
                       notes="notitie")
        if files:
            self.add(f"{name}.letter", "letters", dossier_id=did, kind="reminder", sent_on=opened, channel="post",
                     addressee="Debiteur", body="Geachte heer")
            self.add(f"{name}.contact", "contact_registrations", dossier_id=did, kind="call", direction="out",
                     occurred_at=T0, summary="gebeld")
            path = f"test/{self.prefix}/{name}.pdf"
            self.blobs.append((name, path))
            self.add(f"{name}.document", "documents", dossier_id=did, filename="brief.pdf",
                     content_type="application/pdf", blob_path=path, size_bytes=3, created_at=T0)
        return did

    def payment(self, name: str, dossier: str, paid: date) -> int:
        return self.add(name, "payments", dossier_id=self.ids[dossier], amount=Decimal("10.00"), paid_on=paid,
                        payer_name="Betaler", payer_iban="NL00BANK0123456789")


def build_world(conn: Connection, prefix: str) -> World:
    w = World(conn, prefix)
    # Clients: an active one, an ex-client past 5 years (to the day), one just within.
    w.client("active")
    w.client("ex_due", ended=date(2021, 11, 24))
    w.client("ex_kept", ended=date(2021, 11, 25))
    w.client("held_client")
    w.add("ex_due.user", "client_users", client_id=w.ids["ex_due"], name="Gebruiker", email="user@ex.nl",
          created_at=T0)
    w.add("ex_due.user.login", "client_user_logins", client_user_id=w.ids["ex_due.user"],
          occurred_at=datetime(2026, 11, 1, tzinfo=UTC), succeeded=True)
    w.add("ex_kept.user", "client_users", client_id=w.ids["ex_kept"], name="Gebruiker", email="user@kept.nl",
          created_at=T0)
    w.add("user", "client_users", client_id=w.ids["active"], name="Gebruiker", email="user@active.nl", created_at=T0)
    # Fiscal: 7 years after the end of the record's year (cut-off 2019-01-01 on TODAY).
    w.add("inv_due", "client_invoices", client_id=w.ids["active"], number="F2018-1", issued_on=date(2018, 12, 31),
          description="Incasso", amount=Decimal("100.00"), vat_amount=Decimal("21.00"))
    w.add("inv_kept", "client_invoices", client_id=w.ids["active"], number="F2019-1", issued_on=date(2019, 1, 1),
          description="Incasso", amount=Decimal("100.00"), vat_amount=Decimal("21.00"))
    # Logins: 12 months, on the Amsterdam date (23:30 and 00:30 local time on the boundary).
    w.add("login_due", "client_user_logins", client_user_id=w.ids["user"],
          occurred_at=datetime(2025, 11, 24, 22, 30, tzinfo=UTC), succeeded=True)
    w.add("login_kept", "client_user_logins", client_user_id=w.ids["user"],
          occurred_at=datetime(2025, 11, 24, 23, 30, tzinfo=UTC), succeeded=True)
    # Closed files: 60 months after closing.
    w.debtor("closer", "active")
    w.dossier("closed_due", "active", "closer", "paid", closed=date(2021, 11, 24))
    w.debtor("closer2", "active")
    w.dossier("closed_kept", "active", "closer2", "closed", closed=date(2021, 11, 25))
    w.debtor("payer", "active")
    w.dossier("closed_paid", "active", "payer", "written_off", closed=date(2020, 3, 1))
    w.payment("pay_kept", "closed_paid", date(2019, 3, 1))  # fiscal until 2027: the dossier is anonymised
    w.payment("pay_due", "closed_kept", date(2018, 6, 1))
    # Open claims: the period restarts at the last reminder. The sweep deletes none: past their
    # limitation (open_due, open_never_reminded) they are reported to the client, who decides.
    w.debtor("opener", "active")
    w.dossier("open_due", "active", "opener", "open", reminder=date(2021, 11, 23))
    w.dossier("open_kept", "active", "opener", "open", reminder=date(2021, 11, 24))  # still alive today
    w.dossier("open_never_reminded", "active", "opener", "open", opened=date(2021, 6, 1), files=False)
    # Holds and a restriction on otherwise due files.
    w.debtor("held_subject", "active", email="held@debiteur.nl")
    w.dossier("closed_held_subject", "active", "held_subject", "closed", closed=date(2020, 1, 1))
    w.debtor("held_client_debtor", "held_client")
    w.dossier("closed_held_client", "held_client", "held_client_debtor", "closed", closed=date(2020, 1, 1))
    w.debtor("restricted_debtor", "active")
    w.dossier("closed_restricted", "active", "restricted_debtor", "closed", closed=date(2020, 1, 1))
    # Debtors without files: 3 months after creation.
    w.debtor("bare_due", "active", created=datetime(2026, 8, 1, tzinfo=UTC))
    w.debtor("bare_new", "active", created=datetime(2026, 9, 1, tzinfo=UTC))
    # Prospects: kept while a consent holds.
    for name, consents in {
        "p_expired": [(date(2026, 11, 23), None)],
        "p_last_day": [(date(2026, 11, 24), None)],
        "p_withdrawn": [(date(2027, 12, 31), datetime(2026, 11, 24, 1, 0, tzinfo=UTC))],
        "p_one_left": [(date(2025, 1, 1), None), (date(2027, 1, 1), None)],
        "p_none": [],
    }.items():
        w.add(name, "prospects", contact_name="Prospect", email=f"{name}@prospect.nl", source="website",
              created_at=T0)
        for i, (until, withdrawn) in enumerate(consents):
            w.add(f"{name}.consent{i}", "prospect_consents", prospect_id=w.ids[name], purpose="nieuwsbrief",
                  given_at=T0, valid_until=until, withdrawn_at=withdrawn)
    # Staff: 24 months after employment ended; the row stays pseudonymised.
    w.add("staff_due", "staff", name="Oud Medewerker", email="oud@incassotool.nl", role="support",
          employed_from=date(2015, 1, 1), employed_until=date(2024, 11, 24))
    w.add("staff_kept", "staff", name="Recent Vertrokken", email="recent@incassotool.nl", role="support",
          employed_from=date(2015, 1, 1), employed_until=date(2024, 11, 25))
    w.add("staff_login_due", "staff_logins", staff_id=w.ids["staff_due"],
          occurred_at=datetime(2024, 1, 1, tzinfo=UTC), mfa_passed=True)
    return w


GONE = {  # rows the sweep deletes on TODAY
    "inv_due", "pay_due", "login_due", "ex_due.user", "ex_due.user.login", "staff_login_due",
    "closed_due", "closed_due.letter", "closed_due.contact", "closed_due.document", "closer",
    "closed_paid.letter", "closed_paid.contact", "closed_paid.document",
    "bare_due", "p_expired", "p_expired.consent0", "p_withdrawn", "p_withdrawn.consent0", "p_none",
}


ANONYMISED = {"closed_paid", "ex_due", "staff_due"}  # rows that stay, with personal fields erased


def place_holds(deps) -> None:
    with deps.store.begin() as conn:
        for email, client_id in (("held@debiteur.nl", None), (None, "held_client")):
            conn.execute(insert(legal_holds).values(
                id=str(uuid.uuid4()), reason="procedure", subject_email=email,
                client_id=None if client_id is None else WORLD_IDS[client_id], created_at=NOW, created_by="officer"))


WORLD_IDS: dict[str, int] = {}


def snapshot(deps) -> dict[str, list[tuple]]:
    """Every platform row, as values: to compare two databases' end states."""
    out = {}
    with deps.platform.connect() as conn:
        for t in platform_metadata.sorted_tables:
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]
    return out


def present(deps, w: World) -> set[str]:
    """The names of the world's rows still in the database."""
    found = set()
    with deps.platform.connect() as conn:
        for tname in set(w.tables.values()):
            t = table(tname)
            ids = {r for (r,) in conn.execute(select(t.c.id))}
            found |= {n for n, tn in w.tables.items() if tn == tname and w.ids[n] in ids}
    return found


def sweep(deps) -> dict[str, Any]:
    from functions.retention import retention_sweep

    return run_job(deps, "retention_sweep", retention_sweep, Alert.RETENTION_SWEEP_FAILED)


def fill_world(d, prefix: str | None = None, *, holds: bool = True) -> World:
    """The world, with (by default) its two holds and one restriction."""
    with d.platform.begin() as conn:
        w = build_world(conn, prefix or uuid.uuid4().hex)
    WORLD_IDS.clear()
    WORLD_IDS.update(w.ids)
    if not holds:
        return w
    place_holds(d)
    with d.store.begin() as conn:
        mark(conn, table="dossiers", row_ids=[w.ids["closed_restricted"]], kind="restriction", reason="betwist",
             since=NOW)
    return w


def sweep_at(deps, clock, at: datetime) -> dict[str, Any]:
    """The nightly sweep run at `at`, as the timer runs it; its evidence (it must succeed)."""
    from functions.retention import retention_sweep

    clock.set(at)
    run = run_job(deps, "retention_sweep", retention_sweep, Alert.RETENTION_SWEEP_FAILED)
    assert run["status"] == "succeeded", run
    return run["evidence"]
