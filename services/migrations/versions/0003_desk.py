"""Operator desk: users, sessions, login attempts, hand-over items and their messages,
the emergency board and the audit log.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _index(table: str, *columns: str, unique: bool = False) -> None:
    for column in columns:
        op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=unique)


def upgrade() -> None:
    op.create_table('desk_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('password_hash', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_desk_users_login')),
    )
    op.create_table('desk_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('expires_at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['desk_users.id'], name=op.f('fk_desk_sessions_user_id_desk_users')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_desk_sessions')),
    )
    _index('desk_sessions', 'user_id')
    op.create_table('desk_login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=40), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_login_attempts')),
    )
    _index('desk_login_attempts', 'login', 'at')
    op.create_table('desk_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('conversation_id', sa.String(length=120), nullable=True),
    sa.Column('order_id', sa.String(length=8), nullable=True),
    sa.Column('elder_id', sa.String(length=8), nullable=True),
    sa.Column('caller', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('disposition', sa.String(length=12), nullable=True),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('taken_at', TZ, nullable=True),
    sa.Column('closed_at', TZ, nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['desk_users.id'], name=op.f('fk_desk_items_operator_id_desk_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_items')),
    sa.UniqueConstraint('order_id', name=op.f('uq_desk_items_order_id')),
    )
    _index('desk_items', 'conversation_id', 'elder_id', 'status', 'created_at')
    op.create_table('desk_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('who', sa.String(length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['desk_items.id'], name=op.f('fk_desk_messages_item_id_desk_items')),
    sa.ForeignKeyConstraint(['author_id'], ['desk_users.id'], name=op.f('fk_desk_messages_author_id_desk_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_messages')),
    )
    _index('desk_messages', 'item_id')
    op.create_table('desk_alarms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.String(length=8), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', TZ, nullable=False),
    sa.Column('acked_at', TZ, nullable=True),
    sa.Column('acked_by', sa.Integer(), nullable=True),
    sa.Column('escalated_at', TZ, nullable=True),
    sa.Column('contact_notified_at', TZ, nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['desk_items.id'], name=op.f('fk_desk_alarms_item_id_desk_items')),
    sa.ForeignKeyConstraint(['acked_by'], ['desk_users.id'], name=op.f('fk_desk_alarms_acked_by_desk_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_alarms')),
    sa.UniqueConstraint('order_id', name=op.f('uq_desk_alarms_order_id')),
    )
    _index('desk_alarms', 'acked_at')
    op.create_table('desk_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('elder_id', sa.String(length=8), nullable=True),
    sa.Column('client_ip', sa.String(length=45), nullable=True),
    sa.Column('at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['desk_users.id'], name=op.f('fk_desk_audit_user_id_desk_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_audit')),
    )
    _index('desk_audit', 'user_id', 'elder_id', 'at')


def downgrade() -> None:
    for table in ('desk_audit', 'desk_alarms', 'desk_messages', 'desk_items', 'desk_login_attempts',
                  'desk_sessions', 'desk_users'):
        op.drop_table(table)
