"""Every statement the register service runs, behind a small function so that a test can compile
each one for SQL Server (tests/unit/test_register_tsql.py). SQLAlchemy Core only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Select, Table, Update, insert, select, update

from shared.audit import Actor
from shared.datamap.discovery import client_summary, client_table
from shared.register.tables import register_activities, register_processors, register_versions

TABLES: dict[str, Table] = {"activity": register_activities, "processor": register_processors}


def all_rows(kind: str) -> Select[Any]:
    table = TABLES[kind]
    return select(table).order_by(table.c.id)


def one_row(kind: str, object_id: str) -> Select[Any]:
    table = TABLES[kind]
    return select(table).where(table.c.id == object_id)


def ids(kind: str) -> Select[Any]:
    return select(TABLES[kind].c.id)


def insert_row(kind: str, object_id: str, doc: dict[str, Any], at: datetime, actor: Actor) -> Insert:
    return insert(TABLES[kind]).values(id=object_id, version=1, doc=doc, updated_at=at, updated_by=actor.oid)


def update_row(kind: str, object_id: str, expected_version: int, doc: dict[str, Any], at: datetime,
               actor: Actor) -> Update:
    """Compare-and-set on the version: a concurrent writer makes this touch no row."""
    table = TABLES[kind]
    return (update(table).where(table.c.id == object_id, table.c.version == expected_version)
            .values(version=expected_version + 1, doc=doc, updated_at=at, updated_by=actor.oid))


def insert_version(kind: str, object_id: str, version: int, change: str, at: datetime, actor: Actor,
                   before: dict[str, Any] | None, after: dict[str, Any]) -> Insert:
    return insert(register_versions).values(
        id=str(uuid.uuid4()), kind=kind, object_id=object_id, version=version, change=change, at=at,
        actor_oid=actor.oid, actor_role=actor.role, before=before, after=after,
    )


def versions(kind: str | None = None, object_id: str | None = None) -> Select[Any]:
    q = select(register_versions).order_by(register_versions.c.at, register_versions.c.kind,
                                           register_versions.c.object_id, register_versions.c.version)
    if kind:
        q = q.where(register_versions.c.kind == kind)
    if object_id:
        q = q.where(register_versions.c.object_id == object_id)
    return q


def platform_clients() -> Select[Any]:
    """The controllers Incassotool processes for (Art. 30(2)): name and contact only."""
    return select(*client_summary()).order_by(client_table().c.id)


