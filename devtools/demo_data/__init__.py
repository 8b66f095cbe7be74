"""Synthetic, realistic, deterministic data for an empty platform database (`privacy demo-data`).

`generate()` fills the platform tables (shared/platform/schema.py) with a Dutch debt-collection
platform's data: clients and their users, debtors with their dossiers, letters, payments, contact
registrations and document metadata, Incassotool's invoices to its clients, prospects with their
consents, staff, and the login logs.

- **Deterministic.** One seed gives the same rows, byte for byte: Faker `nl_NL` seeded with
  `seed_instance(seed)` and a `random.Random(seed)`; every date is relative to `now`, which defaults
  to a fixed moment (`DEFAULT_NOW`). The wall clock is never read for data.
- **Work for the suite.** Dates spread over the last ~9 years, so that retention finds closed files
  older than 2 years, open claims whose last written reminder is more than 5 years old, invoices and
  payments older than 7 years, ex-clients whose relationship ended more than 5 years ago, expired or
  withdrawn prospect consents, former staff, debtors without files and old login logs.
- **Known addresses.** A few fixed e-mail addresses (`KNOWN_EMAILS`) exist whatever the seed, one
  per subject category; the demo debtor is a debtor of two clients. They come back in `samples`.
- **E-mail addresses** are lower-case and unique per subject: generated ones carry a serial number
  that is unique over the whole run, or live on a domain of their own client. Only the demo debtor
  shares one address over two debtor rows (one per client), on purpose. All domains are reserved
  (RFC 2606: example.com/.net/.org and the .example top-level domain), so nothing is deliverable.
- **Postcodes** are stored as ``'1234 AB'`` (with the space). **Money** is `Decimal` euros.
- **last_reminder_on** of a dossier is the date of its last written reminder (BW 3:317): the latest
  letter of kind reminder, fourteen_day or summons (an arrangement letter is not a reminder).
- **Limitation facts.** Some open files older than 400 days carry an acknowledgement, pending
  proceedings or a judgment (chosen by the file's id, so no other draw changes).
- **Fast.** Names, streets, cities and companies come from pools drawn once from Faker; rows are
  streamed in batches of `BATCH_ROWS` with explicit ids (executemany, one transaction per batch), so
  memory stays bounded and `subjects=200_000` (> 1M rows) takes minutes, not hours.

SQLAlchemy Core only: SQLite, PostgreSQL (sequences are moved past the explicit ids afterwards) and,
in principle, SQL Server.

The package: `vocabulary` (fixed Dutch vocabularies, money spellings), `draws` (the seeded
primitives), `generator` (staff, clients, prospects), `debtors` (debtors and their dossiers) and
`writer` (the empty check, batched inserts in `platform_metadata.sorted_tables` order).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from devtools.demo_data.debtors import debtor_rows
from devtools.demo_data.generator import Generator, Rows
from devtools.demo_data.vocabulary import KNOWN_EMAILS
from devtools.demo_data.writer import BATCH_ROWS, Progress, Writer, advance_sequences, require_empty, tables
from shared.datamap.model import SubjectCategory

DEFAULT_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

# The generation phases: a parent table and the tables generated with it.
PHASES = (
    ("staff", "staff_logins"),
    ("clients", "client_users", "client_user_logins", "client_invoices"),
    ("debtors", "dossiers", "letters", "payments", "contact_registrations", "documents"),
    ("prospects", "prospect_consents"),
)

# A dependent table's total is extrapolated from its phase's parent until its last batch.
_DRIVERS = {name: phase[0] for phase in PHASES for name in phase[1:]}


def generate(
    engine: Engine,
    *,
    subjects: int = 200,
    seed: int = 1,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fill an empty platform database with synthetic data; return counts and sample subjects.

    `subjects` is the number of debtors; clients are subjects/20 (at least 3), prospects
    subjects/10 (at least 5), staff 10 to 30. Returns
    ``{"counts": {table: rows}, "samples": [{"email", "client_id", "category"}, ...]}``
    with at least one sample of every subject category. `progress(table, done, total)` is called
    after each batch; totals of dependent tables are extrapolated until their last batch.
    Raises ValueError when a platform table already has rows or is missing.
    """
    if subjects < 1:
        raise ValueError("subjects must be at least 1")
    if now is None:
        now = DEFAULT_NOW
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    order = tuple(name for phase in PHASES for name in phase)
    written = tables(order)
    require_empty(engine, written)

    gen = Generator(subjects=subjects, seed=seed, now=now)
    writer = Writer(engine, written, order, progress)
    planned = {"staff": gen.n_staff, "clients": gen.n_clients, "debtors": gen.n_debtors, "prospects": gen.n_prospects}

    def run(rows: Rows, phase: tuple[str, ...]) -> None:
        for name in phase:
            writer.totals[name] = planned.get(name)
        for every, (table, row) in enumerate(rows, 1):
            writer.add(table, row)
            if every % 2_000 == 0:  # keep extrapolated totals of dependent tables up to date
                for name in phase:
                    driver = _DRIVERS.get(name)
                    if driver is not None and gen.ids[driver]:
                        writer.totals[name] = gen.ids[name] * planned[driver] // gen.ids[driver]
        writer.flush()
        for name in phase:  # the phase is written: totals are exact now
            writer.totals[name] = writer.done[name]
            writer.report(name)

    staff, clients, debtors, prospects = PHASES
    run(gen.staff_rows(), staff)
    run(gen.client_rows(), clients)
    run(debtor_rows(gen), debtors)
    run(gen.prospect_rows(), prospects)
    advance_sequences(engine, written)

    samples = (
        [s for s in gen.samples if s["category"] == SubjectCategory.DEBTOR.value]
        + [
            {"email": KNOWN_EMAILS["client"], "client_id": 1, "category": SubjectCategory.CLIENT.value},
        ]
        + [s for s in gen.samples if s["category"] == SubjectCategory.CLIENT.value]
        + [
            {
                "email": KNOWN_EMAILS["client_employee"],
                "client_id": 1,
                "category": SubjectCategory.CLIENT_EMPLOYEE.value,
            },
            {"email": KNOWN_EMAILS["prospect"], "client_id": None, "category": SubjectCategory.PROSPECT.value},
            {"email": KNOWN_EMAILS["staff"], "client_id": None, "category": SubjectCategory.STAFF.value},
        ]
    )
    counts = {name: writer.done[name] for name in order}
    return {"counts": counts, "samples": samples}


__all__ = ["BATCH_ROWS", "DEFAULT_NOW", "KNOWN_EMAILS", "generate"]
