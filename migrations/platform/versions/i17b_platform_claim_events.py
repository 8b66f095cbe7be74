"""dossiers: the facts an open claim's limitation follows (acknowledgement, proceedings, judgment)

Revision ID: i17b_platform
Revises: 0001_platform
"""
from alembic import op
import sqlalchemy as sa


revision = 'i17b_platform'
down_revision = '0001_platform'
branch_labels = None
depends_on = None

COLUMNS = ('acknowledged_on', 'proceedings_started_on', 'proceedings_ended_on', 'judgment_on')


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
