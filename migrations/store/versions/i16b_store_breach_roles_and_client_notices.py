"""breach roles and client notices

Revision ID: i16b_store
Revises: i19a_store
Create Date: 2026-12-02 13:49:03.622841
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = 'i16b_store'
down_revision = 'i19a_store'
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table('breach_clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subjects_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('records_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notice_due_at', shared.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notified_at', shared.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notice_late', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('authority_reference', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('mandate_instruction_id', sa.String(length=36), nullable=True))

    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incassotool_role', sa.String(length=16), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.drop_column('incassotool_role')

    with op.batch_alter_table('breach_clients', schema=None) as batch_op:
        batch_op.drop_column('mandate_instruction_id')
        batch_op.drop_column('authority_reference')
        batch_op.drop_column('notice_late')
        batch_op.drop_column('notified_at')
        batch_op.drop_column('notice_due_at')
        batch_op.drop_column('records_count')
        batch_op.drop_column('subjects_count')


