"""care plans, care call jobs, calls placed and escalations (issue 16)

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('care_plans',
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('risk_group', sa.String(length=8), nullable=False),
    sa.Column('cadence_days', sa.Integer(), nullable=False),
    sa.Column('call_time', sa.String(length=5), nullable=False),
    sa.Column('quiet_start', sa.String(length=5), nullable=False),
    sa.Column('quiet_end', sa.String(length=5), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('paused_until', _TS, nullable=True),
    sa.Column('pause_reason', sa.String(length=20), nullable=True),
    sa.Column('do_not_call', sa.Boolean(), nullable=False),
    sa.Column('next_due_at', _TS, nullable=False),
    sa.Column('missed_calls', sa.Integer(), nullable=False),
    sa.Column('updated_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_care_plans_elder_id_elders')),
    sa.PrimaryKeyConstraint('elder_id', name=op.f('pk_care_plans'))
    )
    with op.batch_alter_table('care_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_plans_next_due_at'), ['next_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_plans_risk_group'), ['risk_group'], unique=False)

    op.create_table('care_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('about_order_id', sa.String(length=8), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('due_at', _TS, nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.Column('worker', sa.String(length=40), nullable=True),
    sa.Column('lease_until', _TS, nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.Column('finished_at', _TS, nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_care_jobs_elder_id_elders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_jobs')),
    sa.UniqueConstraint('key', name=op.f('uq_care_jobs_key'))
    )
    with op.batch_alter_table('care_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_jobs_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_jobs_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_jobs_status'), ['status'], unique=False)

    op.create_table('care_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('worker', sa.String(length=40), nullable=False),
    sa.Column('at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['care_jobs.id'], name=op.f('fk_care_calls_job_id_care_jobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_calls'))
    )
    with op.batch_alter_table('care_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_calls_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_calls_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_calls_job_id'), ['job_id'], unique=False)

    op.create_table('care_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=12), nullable=False),
    sa.Column('order_id', sa.String(length=8), nullable=True),
    sa.Column('opened_at', _TS, nullable=False),
    sa.Column('first_missed_at', _TS, nullable=True),
    sa.Column('deadline_at', _TS, nullable=False),
    sa.Column('visited_at', _TS, nullable=True),
    sa.Column('visit_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_care_escalations_elder_id_elders')),
    sa.ForeignKeyConstraint(['job_id'], ['care_jobs.id'], name=op.f('fk_care_escalations_job_id_care_jobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_escalations'))
    )
    with op.batch_alter_table('care_escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_escalations_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_escalations_opened_at'), ['opened_at'], unique=False)


def downgrade() -> None:
    for table in ('care_escalations', 'care_calls', 'care_jobs', 'care_plans'):
        op.drop_table(table)
