"""`privacy demo-data`: synthetic platform data that is deterministic, consistent and complete."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, text

import shared.platform.schema  # noqa: F401  (registers the platform tables)
from devtools.demo_data import DEFAULT_NOW, KNOWN_EMAILS, generate
from shared.datamap.model import SubjectCategory
from shared.db.engines import build_engine
from shared.db.metadata import platform_metadata
from shared.platform.schema import (
    client_invoices,
    client_users,
    clients,
    debtors,
    dossiers,
    letters,
    payments,
    prospect_consents,
    prospects,
    staff,
)
from tests.support.databases import PG_ENV, fresh_database

SUBJECTS = 150
NOW = DEFAULT_NOW
TODAY = NOW.date()
EMAIL_TABLES = ("clients", "client_users", "debtors", "prospects", "staff")
CATEGORY_TABLE = {
    SubjectCategory.DEBTOR.value: debtors,
    SubjectCategory.CLIENT.value: clients,
    SubjectCategory.CLIENT_EMPLOYEE.value: client_users,
    SubjectCategory.PROSPECT.value: prospects,
    SubjectCategory.STAFF.value: staff,
}


def _platform_engine(url: str) -> Engine:
    engine = build_engine(url)
    platform_metadata.create_all(engine, checkfirst=False)  # a fresh database; no reflection queries
    return engine


def _sqlite(tmp: Path, name: str) -> Engine:
    return _platform_engine(f"sqlite:///{tmp / name}")


def _norm(value: Any) -> str:
    """One spelling per value, whatever the backend returns (Decimal scale, timezone)."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return repr(value)


def _digest(engine: Engine) -> str:
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in platform_metadata.sorted_tables:
            h.update(table.name.encode())
            for row in conn.execute(select(table).order_by(table.c.id)):
                h.update("|".join(_norm(v) for v in row).encode() + b"\n")
    return h.hexdigest()


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in platform_metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, Any], list]]:
    engine = _sqlite(tmp_path_factory.mktemp("demo"), "seed1.sqlite")
    calls: list[tuple[str, int, int]] = []
    summary = generate(engine, subjects=SUBJECTS, seed=1, progress=lambda t, d, n: calls.append((t, d, n)))
    yield engine, summary, calls
    engine.dispose()


def test_same_seed_gives_identical_data_and_another_seed_differs(demo, tmp_path: Path) -> None:
    engine, summary, _ = demo
    again = _sqlite(tmp_path, "again.sqlite")
    other = _sqlite(tmp_path, "other.sqlite")
    try:
        assert generate(again, subjects=SUBJECTS, seed=1) == summary
        assert _digest(again) == _digest(engine)
        generate(other, subjects=SUBJECTS, seed=2)
        assert _digest(other) != _digest(engine)
    finally:
        again.dispose()
        other.dispose()


def test_every_table_of_the_schema_has_rows_and_the_summary_counts_are_real(demo) -> None:
    engine, summary, _ = demo
    real = _counts(engine)
    assert set(summary["counts"]) == set(real)  # every platform table, no more
    assert summary["counts"] == real
    assert all(n > 0 for n in real.values()), real
    assert real["debtors"] == SUBJECTS
    assert real["clients"] == SUBJECTS // 20
    assert 10 <= real["staff"] <= 30


def test_progress_is_reported_per_table_and_ends_at_the_real_counts(demo) -> None:
    _, summary, calls = demo
    last: dict[str, tuple[int, int]] = {}
    for table, done, total in calls:
        assert 0 <= done <= total
        last[table] = (done, total)
    assert last == {t: (n, n) for t, n in summary["counts"].items()}


def test_samples_cover_every_subject_category_and_exist(demo) -> None:
    engine, summary, _ = demo
    samples = summary["samples"]
    assert {s["category"] for s in samples} == {c.value for c in SubjectCategory}
    assert all(set(s) == {"email", "client_id", "category"} for s in samples)
    with engine.connect() as conn:
        for s in samples:
            table = CATEGORY_TABLE[s["category"]]
            query = select(func.count()).select_from(table).where(table.c.email == s["email"])
            if table is clients:
                query = query.where(clients.c.id == s["client_id"])
            elif "client_id" in table.c:
                query = query.where(table.c.client_id == s["client_id"])
            else:
                assert s["client_id"] is None
            assert conn.execute(query).scalar_one() == 1, s
    known = {(s["category"], s["email"]) for s in samples}
    assert {(c, e) for c, e in KNOWN_EMAILS.items()} <= known
    # the demo debtor is a debtor of two clients: a request that spans clients
    demo_debtor = [s for s in samples if s["email"] == KNOWN_EMAILS["debtor"]]
    assert len({s["client_id"] for s in demo_debtor}) == 2


def test_emails_are_lower_case_and_unique_per_subject(demo) -> None:
    engine, _, _ = demo
    owners: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for name in EMAIL_TABLES:
            table = platform_metadata.tables[name]
            for (email,) in conn.execute(select(table.c.email).where(table.c.email.is_not(None))):
                assert email == email.lower() and re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+", email), email
                owners.setdefault(email, set()).add(name)
        debtor_dupes = (
            conn.execute(
                select(debtors.c.email)
                .where(debtors.c.email.is_not(None))
                .group_by(debtors.c.email)
                .having(func.count() > 1)
            )
            .scalars()
            .all()
        )
        per_table_dupes = {
            name: conn.execute(
                select(platform_metadata.tables[name].c.email)
                .group_by(platform_metadata.tables[name].c.email)
                .having(func.count() > 1)
            )
            .scalars()
            .all()
            for name in EMAIL_TABLES
            if name != "debtors"
        }
    assert all(len(tables) == 1 for tables in owners.values())  # one address, one kind of subject
    assert debtor_dupes == [KNOWN_EMAILS["debtor"]]  # only the demo debtor, at two clients
    assert all(dupes == [] for dupes in per_table_dupes.values()), per_table_dupes


def test_referential_integrity_holds(demo) -> None:
    engine, _, _ = demo
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        for table in platform_metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent = fk.column.table
                orphans = conn.execute(
                    select(func.count())
                    .select_from(table)
                    .where(fk.parent.is_not(None), ~select(parent.c.id).where(fk.column == fk.parent).exists())
                ).scalar_one()
                assert orphans == 0, f"{table.name}.{fk.parent.name}"
        # a dossier belongs to its debtor's client
        mismatched = conn.execute(
            select(func.count())
            .select_from(dossiers.join(debtors, dossiers.c.debtor_id == debtors.c.id))
            .where(dossiers.c.client_id != debtors.c.client_id)
        ).scalar_one()
        assert mismatched == 0


def test_the_data_is_consistent(demo) -> None:
    engine, _, _ = demo
    with engine.connect() as conn:
        files = {r.id: r for r in conn.execute(select(dossiers))}
        sent: dict[int, list[tuple[str, date]]] = {}
        for r in conn.execute(select(letters)):
            sent.setdefault(r.dossier_id, []).append((r.kind, r.sent_on))
        client_rows = conn.execute(select(clients)).all()
        paid = conn.execute(select(payments.c.dossier_id, payments.c.paid_on, payments.c.amount)).all()
        for table in platform_metadata.sorted_tables:
            for column in table.c:
                if column.name.endswith(("_at", "_on", "_from", "_until")) and column.name != "valid_until":
                    latest = conn.execute(select(func.max(column))).scalar_one()
                    if latest is not None:
                        limit = NOW if isinstance(latest, datetime) else TODAY
                        assert latest <= limit, f"{table.name}.{column.name} in the future: {latest}"
    for f in files.values():
        assert re.fullmatch(r"D\d{4}-\d{6,}", f.reference)
        assert f.status in ("open", "paid", "closed", "written_off")
        assert (f.closed_on is None) == (f.status == "open")
        assert f.invoice_due_date < f.opened_on
        assert f.closed_on is None or f.closed_on >= f.opened_on
        assert isinstance(f.principal_amount, Decimal) and f.principal_amount > 0
        end = f.closed_on or TODAY
        assert all(f.opened_on <= day <= end for _, day in sent.get(f.id, []))
        reminders = [day for kind, day in sent.get(f.id, []) if kind != "arrangement"]
        assert f.last_reminder_on == (max(reminders) if reminders else None)
    assert {kind for ls in sent.values() for kind, _ in ls} == {"reminder", "fourteen_day", "summons", "arrangement"}
    for dossier_id, paid_on, amount in paid:
        assert files[dossier_id].opened_on <= paid_on and amount > 0
    for c in client_rows:
        assert re.fullmatch(r"\d{8}", c.kvk_number)
        assert re.fullmatch(r"\d{4} [A-Z]{2}", c.postcode)
        assert (c.status == "ended") == (c.relationship_ended_on is not None)
    ended = {c.id: c.relationship_ended_on for c in client_rows if c.relationship_ended_on}
    for f in files.values():
        if f.client_id in ended:  # an ex-client has no open files
            assert f.status != "open" and f.closed_on <= ended[f.client_id]


def test_retention_has_work_to_do(demo) -> None:
    engine, _, _ = demo
    two_years, five_years, seven_years = (TODAY - timedelta(days=365 * n) for n in (2, 5, 7))
    with engine.connect() as conn:

        def count(table, *where) -> int:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

        assert count(dossiers, dossiers.c.closed_on < two_years) > 0
        assert count(dossiers, dossiers.c.status == "open", dossiers.c.last_reminder_on < five_years) > 0
        assert (
            count(
                dossiers,
                dossiers.c.status == "open",
                dossiers.c.opened_on < two_years,
                dossiers.c.last_reminder_on > TODAY - timedelta(days=365),
            )
            > 0
        )
        # open claims with each limitation fact: an acknowledgement, pending proceedings, a judgment
        is_open = dossiers.c.status == "open"
        assert count(dossiers, is_open, dossiers.c.acknowledged_on.is_not(None)) > 0
        assert count(dossiers, is_open, dossiers.c.proceedings_started_on.is_not(None),
                     dossiers.c.proceedings_ended_on.is_(None)) > 0
        assert count(dossiers, is_open, dossiers.c.judgment_on < TODAY) > 0
        assert count(client_invoices, client_invoices.c.issued_on < seven_years) > 0
        assert count(payments, payments.c.paid_on < seven_years) > 0
        assert count(clients, clients.c.status == "ended") > 0
        assert count(prospect_consents, prospect_consents.c.valid_until < TODAY) > 0
        assert count(prospect_consents, prospect_consents.c.withdrawn_at.is_not(None)) > 0
        assert count(staff, staff.c.employed_until < TODAY) > 0
        assert count(debtors, ~select(dossiers.c.id).where(dossiers.c.debtor_id == debtors.c.id).exists()) > 0
        blob_paths = conn.execute(
            text("SELECT d.blob_path, x.client_id, x.id FROM documents d JOIN dossiers x ON x.id = d.dossier_id")
        ).all()
    assert blob_paths
    for path, client_id, dossier_id in blob_paths:
        assert re.fullmatch(rf"documents/{client_id}/{dossier_id}/[0-9a-f-]{{36}}\.pdf", path), path


def test_a_database_with_rows_is_refused_and_left_unchanged(demo) -> None:
    engine, _, _ = demo
    before = _digest(engine)
    with pytest.raises(ValueError, match="not empty"):
        generate(engine, subjects=10)
    assert _digest(engine) == before


def test_bad_input_is_refused(tmp_path: Path) -> None:
    bare = build_engine(f"sqlite:///{tmp_path / 'bare.sqlite'}")
    with pytest.raises(ValueError, match="tables missing"):
        generate(bare)
    engine = _sqlite(tmp_path, "empty.sqlite")
    with pytest.raises(ValueError, match="timezone"):
        generate(engine, now=datetime(2026, 11, 1, 12))
    with pytest.raises(ValueError, match="subjects"):
        generate(engine, subjects=0)
    assert set(_counts(engine).values()) == {0}
    bare.dispose()
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"needs {PG_ENV}")
def test_postgres_gives_the_same_data_and_new_rows_get_fresh_ids(tmp_path: Path) -> None:
    subjects = 60
    with fresh_database("postgres", tmp_path) as url:  # a database of its own, dropped after
        engine = _platform_engine(url)
        try:
            summary = generate(engine, subjects=subjects, seed=7)
            assert summary["counts"] == _counts(engine)
            reference = _sqlite(tmp_path, "reference.sqlite")
            assert generate(reference, subjects=subjects, seed=7) == summary
            assert _digest(engine) == _digest(reference)
            reference.dispose()
            with engine.begin() as conn:  # the id sequences were moved past the explicit ids
                new_id = conn.execute(
                    insert(staff)
                    .values(
                        name="Nieuw",
                        email="nieuw@incassotool.example",
                        role="support",
                        employed_from=TODAY,
                        mfa_enrolled=True,
                    )
                    .returning(staff.c.id)
                ).scalar_one()
            assert new_id == summary["counts"]["staff"] + 1
        finally:
            engine.dispose()
