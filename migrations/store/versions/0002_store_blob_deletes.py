"""blob deletes: the files of erased rows still to delete

Revision ID: 0002_store
Revises: 0001_store
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = '0002_store'
down_revision = '0001_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blob_deletes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('container', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('queued_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blob_deletes'))
    )
    with op.batch_alter_table('blob_deletes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blob_deletes_source_id'), ['source_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('blob_deletes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blob_deletes_source_id'))
    op.drop_table('blob_deletes')
