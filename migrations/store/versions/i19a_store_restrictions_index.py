"""restrictions: an index on (table_name, row_id) for the sweep's and the exports' lookups

Revision ID: i19a_store
Revises: i13a_store
"""
from alembic import op


revision = 'i19a_store'
down_revision = 'i13a_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('restrictions', schema=None) as batch_op:
        batch_op.create_index('ix_restrictions_table_row', ['table_name', 'row_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('restrictions', schema=None) as batch_op:
        batch_op.drop_index('ix_restrictions_table_row')
