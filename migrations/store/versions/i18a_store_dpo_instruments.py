"""the FG's instruments: the DPIA register and the complaint log

Revision ID: i18a_store
Revises: i16b_store
"""
import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = "i18a_store"
down_revision = "i16b_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dpias",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("activity_id", sa.String(length=64), nullable=True),
        sa.Column("description", sa.UnicodeText(), nullable=True),
        sa.Column("criteria", shared.db.types.JsonDoc(), nullable=False),
        sa.Column("ap_list", shared.db.types.JsonDoc(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("risks", sa.UnicodeText(), nullable=True),
        sa.Column("measures", sa.UnicodeText(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("conclusion", sa.UnicodeText(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dpias")),
    )
    op.create_index(op.f("ix_dpias_activity_id"), "dpias", ["activity_id"], unique=False)
    op.create_index(op.f("ix_dpias_created_at"), "dpias", ["created_at"], unique=False)
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("received_at", shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=24), nullable=False),
        sa.Column("summary", sa.UnicodeText(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("dsar_id", sa.String(length=36), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.UnicodeText(), nullable=True),
        sa.Column("ap_involved", sa.Boolean(), nullable=False),
        sa.Column("ap_reference", sa.String(length=64), nullable=True),
        sa.Column("ap_status", sa.String(length=24), nullable=True),
        sa.Column("closed_at", shared.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    for column in ("received_at", "dsar_id", "client_id", "status"):
        op.create_index(op.f(f"ix_complaints_{column}"), "complaints", [column], unique=False)


def downgrade() -> None:
    op.drop_table("complaints")
    op.drop_table("dpias")
