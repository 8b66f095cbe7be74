"""watch marks: one send-once table for every watch (replaces dsar_alerts and breach_watch_marks)

Revision ID: i13a_store
Revises: 0003_store, i16a_store
"""
from alembic import op
import sqlalchemy as sa
import shared.db.types


revision = 'i13a_store'
down_revision = ('0003_store', 'i16a_store')  # also joins the two branches after 0002_store
branch_labels = None
depends_on = None


def upgrade() -> None:
    marks = op.create_table('watch_marks',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.String(length=36), nullable=False),
    sa.Column('mark', sa.String(length=64), nullable=False),
    sa.Column('sent_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', 'mark', name=op.f('pk_watch_marks'))
    )
    # Carry the marks over, so no warning goes out a second time after the upgrade.
    conn = op.get_bind()
    dsar = sa.table('dsar_alerts', sa.column('request_id'), sa.column('threshold'), sa.column('due_date'),
                    sa.column('emitted_at', shared.db.types.UtcDateTime()))
    breach = sa.table('breach_watch_marks', sa.column('breach_id'), sa.column('mark'),
                      sa.column('sent_at', shared.db.types.UtcDateTime()))
    rows = [{'kind': 'dsar', 'object_id': r.request_id, 'mark': f'{r.threshold}@{_iso(r.due_date)}',
             'sent_at': r.emitted_at} for r in conn.execute(sa.select(dsar))]
    rows += [{'kind': 'breach', 'object_id': r.breach_id, 'mark': r.mark, 'sent_at': r.sent_at}
             for r in conn.execute(sa.select(breach))]
    if rows:
        op.bulk_insert(marks, rows)
    op.drop_table('dsar_alerts')
    op.drop_table('breach_watch_marks')


def _iso(value: object) -> str:
    return value if isinstance(value, str) else value.isoformat()  # type: ignore[attr-defined]


def downgrade() -> None:
    op.create_table('breach_watch_marks',
    sa.Column('breach_id', sa.String(length=36), nullable=False),
    sa.Column('mark', sa.String(length=64), nullable=False),
    sa.Column('sent_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_breach_watch_marks_breach_id_breaches')),
    sa.PrimaryKeyConstraint('breach_id', 'mark', name=op.f('pk_breach_watch_marks'))
    )
    op.create_table('dsar_alerts',
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('threshold', sa.String(length=16), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('emitted_at', shared.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('request_id', 'threshold', 'due_date', name=op.f('pk_dsar_alerts'))
    )
    op.drop_table('watch_marks')
