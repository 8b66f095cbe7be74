"""Store tables of the backups area.

The snapshots themselves live in Blob storage (their manifests are the truth, so a lost store
cannot lose the list of backups); the store keeps only the outcome of each check."""

from sqlalchemy import Boolean, Column, String, Table

from shared.db.metadata import store_metadata as md
from shared.db.types import Id, JsonDoc, UtcDateTime

backup_checks = Table(
    "backup_checks",
    md,
    Column("id", Id, primary_key=True),
    Column("snapshot_id", String(40), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # verify | restore | drill
    Column("at", UtcDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("details", JsonDoc),  # part names, reasons and counts; no personal data
)
