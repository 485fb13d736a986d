"""verification attempts (last-four rate limits) and the order request hash (idempotency)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('verification_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('client', sa.String(length=40), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_attempts'))
    )
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_client'), ['client'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_elder_id'), ['elder_id'], unique=False)

    # Orders created before this revision have no hash: their key is honoured for any body.
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('request_hash')
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_attempts_elder_id'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_client'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_at'))
    op.drop_table('verification_attempts')
