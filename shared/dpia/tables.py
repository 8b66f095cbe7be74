"""Store table of the DPIA register. Only facts about the processing, no personal data."""

from sqlalchemy import Boolean, Column, Date, Integer, String, Table, UnicodeText

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

dpias = Table(
    "dpias",
    md,
    Column("id", Id, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("activity_id", String(64), index=True),  # the register's processing activity
    Column("description", UnicodeText),
    Column("criteria", JsonDoc, nullable=False),  # [rules.CRITERIA code]
    Column("ap_list", JsonDoc, nullable=False),  # [rules.AP_LIST code]
    Column("required", Boolean, nullable=False),
    Column("risks", UnicodeText),
    Column("measures", UnicodeText),
    Column("outcome", String(24)),  # rules.Outcome, None while in progress
    Column("conclusion", UnicodeText),
    Column("review_on", Date),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)
