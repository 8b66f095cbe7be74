"""objection decisions, recorded doubts about identity, proof of consent

Revision ID: i17a_store
Revises: i17b_store
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = 'i17a_store'
down_revision = 'i17b_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dsar_doubts',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('request_id', sa.String(length=36), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('missing', shared.db.types.JsonDoc(), nullable=False),
        sa.Column('raised_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('raised_by', sa.String(length=64), nullable=False),
        sa.Column('basis', sa.String(length=16), nullable=False),
        sa.Column('answered_at', shared.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column('answered_by', sa.String(length=64), nullable=True),
        sa.Column('paused_days', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dsar_doubts')),
    )
    op.create_index(op.f('ix_dsar_doubts_request_id'), 'dsar_doubts', ['request_id'], unique=False)
    op.create_table(
        'objection_decisions',
        sa.Column('request_id', sa.String(length=36), nullable=False),
        sa.Column('overriding', sa.Boolean(), nullable=False),
        sa.Column('direct_marketing', sa.Boolean(), nullable=False),
        sa.Column('reasons', sa.Text(), nullable=False),
        sa.Column('basis', sa.String(length=16), nullable=False),
        sa.Column('decided_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('request_id', name=op.f('pk_objection_decisions')),
    )
    op.create_table(
        'consent_proofs',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('prospect_id', sa.Integer(), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=64), nullable=False),
        sa.Column('text_version', sa.String(length=64), nullable=False),
        sa.Column('text_sha256', sa.String(length=64), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('given_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=False),
        sa.Column('recorded_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sa.String(length=64), nullable=False),
        sa.Column('withdrawn_at', shared.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column('withdrawal_channel', sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_proofs')),
    )
    op.create_index(op.f('ix_consent_proofs_prospect_id'), 'consent_proofs', ['prospect_id'], unique=False)
    op.create_index(op.f('ix_consent_proofs_consent_id'), 'consent_proofs', ['consent_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_consent_proofs_consent_id'), table_name='consent_proofs')
    op.drop_index(op.f('ix_consent_proofs_prospect_id'), table_name='consent_proofs')
    op.drop_table('consent_proofs')
    op.drop_table('objection_decisions')
    op.drop_index(op.f('ix_dsar_doubts_request_id'), table_name='dsar_doubts')
    op.drop_table('dsar_doubts')
