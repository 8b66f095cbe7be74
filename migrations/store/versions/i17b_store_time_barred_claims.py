"""time-barred claims awaiting the creditor's decision

Revision ID: i17b_store
Revises: i16c_store
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = 'i17b_store'
down_revision = 'i16c_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('time_barred_claims',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('barred_from', sa.Date(), nullable=False),
    sa.Column('reported_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('basis', sa.String(length=16), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', shared.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_barred_claims')),
    sa.UniqueConstraint('dossier_id', 'barred_from', name='uq_time_barred_claims_file_date')
    )
    with op.batch_alter_table('time_barred_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_barred_claims_client_id'), ['client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('time_barred_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_barred_claims_client_id'))
    op.drop_table('time_barred_claims')
