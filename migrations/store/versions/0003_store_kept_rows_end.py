"""kept rows carry their duty and end; restrictions their ground and lifting decision

Revision ID: 0003_store
Revises: 0002_store
Create Date: 2026-12-02 13:30:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = '0003_store'
down_revision = '0002_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('restrictions') as batch:
        batch.add_column(sa.Column('source', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('duty', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('keep_until', sa.Date(), nullable=True))
        batch.add_column(sa.Column('ground', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('notified_at', shared.db.types.UtcDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('lifted_by', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('lift_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('restrictions') as batch:
        for name in ('lift_reason', 'lifted_by', 'notified_at', 'ground', 'keep_until', 'duty', 'source'):
            batch.drop_column(name)
