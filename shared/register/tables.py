"""Store tables of the register area.

An activity or processor is one JSON document with a version number; every change (the seed too)
writes a row to `register_versions` with the whole document before and after, because the
register is evidence. The unique (kind, object_id, version) also stops two concurrent updates
from both winning.
"""

from sqlalchemy import Column, Integer, String, Table, UniqueConstraint

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

register_activities = Table(
    "register_activities",
    md,
    Column("id", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", JsonDoc, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

register_processors = Table(
    "register_processors",
    md,
    Column("id", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", JsonDoc, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

register_versions = Table(
    "register_versions",
    md,
    Column("id", Id, primary_key=True),
    Column("kind", String(16), nullable=False),  # activity | processor
    Column("object_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("change", String(16), nullable=False),  # seed | create | update
    Column("at", UtcDateTime, nullable=False),
    Column("actor_oid", String(64), nullable=False),
    Column("actor_role", String(32), nullable=False),
    Column("before", JsonDoc),
    Column("after", JsonDoc, nullable=False),
    UniqueConstraint("kind", "object_id", "version"),
)
