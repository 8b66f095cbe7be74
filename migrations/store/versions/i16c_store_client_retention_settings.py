"""client retention settings

Revision ID: i16c_store
Revises: i18a_store
Create Date: 2026-12-02 14:10:36.851377
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = 'i16c_store'
down_revision = 'i18a_store'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('client_retention_settings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('basis', sa.String(length=16), nullable=False),
    sa.Column('changed_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_retention_settings')),
    sa.UniqueConstraint('client_id', 'policy_id', 'version', name='uq_client_retention_settings_version')
    )
    with op.batch_alter_table('client_retention_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_retention_settings_client_id'), ['client_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('client_retention_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_retention_settings_client_id'))

    op.drop_table('client_retention_settings')

