"""Shared data and helpers of the backup tests (no tests here)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, insert, inspect, select, update

from shared import ledger
from shared.datamap.erasure import ERASED_TEXT
from shared.db.metadata import platform_metadata, store_metadata
from shared.platform import schema as p
from shared.storage import BACKUPS, DOCUMENTS

DEBTOR_EMAIL = "jan.jansen@example.nl"
DEBTOR_NAME = "Jan Jansen"
OTHER_EMAIL = "piet.pieters@example.nl"
DOC_BYTES = b"%PDF-1.4 aanmaning aan Jan Jansen, Dorpsstraat 1"
AT = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)


def seed(engine: Engine, blobs=None) -> None:
    """A few platform rows with every kind of value (Decimal, date, aware datetime, NULL)."""
    with engine.begin() as c:
        c.execute(insert(p.clients), [{"id": 1, "name": "Bakkerij De Vries", "email": "info@devries.nl",
                                       "status": "active", "relationship_started_on": date(2020, 1, 1),
                                       "read_only": False, "created_at": AT}])
        c.execute(insert(p.staff), [{"id": 1, "name": "Medewerker", "email": "m@incassotool.nl", "role": "agent",
                                     "employed_from": date(2021, 3, 1), "mfa_enrolled": True}])
        c.execute(insert(p.debtors), [
            {"id": 1, "client_id": 1, "kind": "consumer", "name": DEBTOR_NAME, "email": DEBTOR_EMAIL,
             "phone": "0612345678", "birth_date": date(1980, 5, 17), "iban": "NL91ABNA0417164300", "created_at": AT},
            {"id": 2, "client_id": 1, "kind": "consumer", "name": "Piet Pieters", "email": OTHER_EMAIL,
             "phone": None, "birth_date": None, "iban": None, "created_at": AT},
        ])
        c.execute(insert(p.dossiers), [
            {"id": 1, "client_id": 1, "debtor_id": 1, "reference": "D-0001", "status": "open",
             "principal_amount": Decimal("1234.56"), "invoice_due_date": date(2026, 9, 1),
             "opened_on": date(2026, 10, 1), "notes": "Belt terug"},
            {"id": 2, "client_id": 1, "debtor_id": 2, "reference": "D-0002", "status": "open",
             "principal_amount": Decimal("99.95"), "invoice_due_date": date(2026, 9, 1),
             "opened_on": date(2026, 10, 1), "notes": None},
        ])
        c.execute(insert(p.payments), [{"id": 1, "dossier_id": 1, "amount": Decimal("10.00"),
                                        "paid_on": date(2026, 10, 15), "payer_name": DEBTOR_NAME}])
        c.execute(insert(p.contact_registrations), [{"id": 1, "dossier_id": 1, "kind": "call", "direction": "in",
                                                     "occurred_at": AT, "summary": "Jan belde", "staff_id": 1}])
        c.execute(insert(p.documents), [{"id": 1, "dossier_id": 1, "filename": "aanmaning.pdf",
                                         "content_type": "application/pdf", "blob_path": "dossier-1/aanmaning.pdf",
                                         "size_bytes": len(DOC_BYTES), "created_at": AT}])
    if blobs is not None:
        blobs.upload(DOCUMENTS, "dossier-1/aanmaning.pdf", DOC_BYTES, overwrite=True)


def dump_all(engine: Engine) -> dict[str, list[tuple]]:
    out = {}
    with engine.connect() as c:
        names = set(inspect(c).get_table_names())
        for md in (store_metadata, platform_metadata):
            for t in md.sorted_tables:
                if t.name in names:
                    out[t.name] = [tuple(r) for r in c.execute(select(t).order_by(*t.primary_key.columns))]
    return out


def target_url(tmp_path: Path, name: str = "restored") -> str:
    return f"sqlite:///{tmp_path / f'{name}.sqlite'}"


def prepare(deps):
    """Empty containers (Azurite lives for the whole session) and the seed rows."""
    for container in (BACKUPS, DOCUMENTS):
        for name in deps.blobs.list(container):
            deps.blobs.delete(container, name)
    seed(deps.platform, deps.blobs)
    return deps


def flip_byte(deps, blob: str, at: int) -> None:
    data = bytearray(deps.blobs.download(BACKUPS, blob))
    data[at] ^= 0x01
    deps.blobs.upload(BACKUPS, blob, bytes(data), overwrite=True)


def erase_debtor_one(deps, at: datetime) -> None:
    """What the erasure service does: ledger first (store), then the platform rows."""
    with deps.store.begin() as store:
        plat = store  # the local default: one database (two writers would lock SQLite)
        for table, ids in (("documents", [1]), ("contact_registrations", [1]), ("payments", [1])):
            ledger.append(store, at=at, source="dsar", source_id="r-1", rule="art17", table=table, row_ids=ids,
                          action="delete")
        ledger.append(store, at=at, source="dsar", source_id="r-1", rule="art17", table="dossiers", row_ids=[1],
                      action="anonymise", columns=["notes"])
        ledger.append(store, at=at, source="dsar", source_id="r-1", rule="art17", table="debtors", row_ids=[1],
                      action="anonymise", columns=["name", "email", "phone", "iban"])
        for t in (p.documents, p.contact_registrations, p.payments):
            plat.execute(delete(t).where(t.c.id == 1))
        plat.execute(update(p.dossiers).where(p.dossiers.c.id == 1).values(notes=None))
        plat.execute(update(p.debtors).where(p.debtors.c.id == 1)
                     .values(name=ERASED_TEXT, email=None, phone=None, iban=None))
    assert deps.store is deps.platform


def assert_debtor_one_erased(url: str) -> None:
    with create_engine(url).connect() as c:
        debtor = c.execute(select(p.debtors).where(p.debtors.c.id == 1)).one()
        assert DEBTOR_NAME not in (debtor.name or "") and debtor.email != DEBTOR_EMAIL
        assert debtor.phone != "0612345678" and debtor.iban != "NL91ABNA0417164300"
        assert debtor.name == ERASED_TEXT  # NOT NULL: the marker, per the data map
        assert c.execute(select(p.payments)).all() == []
        assert c.execute(select(p.contact_registrations)).all() == []
        assert c.execute(select(p.documents)).all() == []
        assert c.execute(select(p.dossiers.c.notes).where(p.dossiers.c.id == 1)).scalar() is None
        other = c.execute(select(p.debtors).where(p.debtors.c.id == 2)).one()
        assert other.email == OTHER_EMAIL  # the other subject is untouched
