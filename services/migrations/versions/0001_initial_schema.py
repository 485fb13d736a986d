"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('call_records',
    sa.Column('call_id', sa.String(length=8), nullable=False),
    sa.Column('caller', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('order_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_call_records'))
    )
    with op.batch_alter_table('call_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_records_caller'), ['caller'], unique=False)

    op.create_table('elders',
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('district', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('login', sa.String(length=40), nullable=True),
    sa.Column('contact_name', sa.String(length=40), nullable=True),
    sa.Column('contact_relation', sa.String(length=20), nullable=True),
    sa.Column('contact_phone', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('elder_id', name=op.f('pk_elders')),
    sa.UniqueConstraint('id_number', name=op.f('uq_elders_id_number')),
    sa.UniqueConstraint('login', name=op.f('uq_elders_login'))
    )
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elders_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_elders_phone'), ['phone'], unique=False)

    op.create_table('institutions',
    sa.Column('institution_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('district', sa.String(length=20), nullable=False),
    sa.Column('care_levels', sa.JSON(), nullable=False),
    sa.Column('price_min_yuan', sa.Integer(), nullable=False),
    sa.Column('price_max_yuan', sa.Integer(), nullable=False),
    sa.Column('beds_total', sa.Integer(), nullable=False),
    sa.Column('beds_free', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('institution_id', name=op.f('pk_institutions'))
    )
    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institutions_district'), ['district'], unique=False)

    op.create_table('meal_sites',
    sa.Column('site_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('district', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('delivers', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_meal_sites'))
    )
    with op.batch_alter_table('meal_sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meal_sites_district'), ['district'], unique=False)

    op.create_table('providers',
    sa.Column('provider_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('district', sa.String(length=20), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('provider_id', name=op.f('pk_providers'))
    )
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_providers_district'), ['district'], unique=False)

    op.create_table('allowances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('amount_yuan', sa.Integer(), nullable=False),
    sa.Column('payment_day', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_allowances_elder_id_elders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowances'))
    )
    with op.batch_alter_table('allowances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowances_elder_id'), ['elder_id'], unique=False)

    op.create_table('applications',
    sa.Column('application_id', sa.String(length=8), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('district', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_applications_elder_id_elders')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_id_number'), ['id_number'], unique=False)

    op.create_table('devices',
    sa.Column('device_id', sa.String(length=40), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_devices_elder_id_elders')),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_devices'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_elder_id'), ['elder_id'], unique=False)

    op.create_table('dishes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=8), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('meal', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('price_yuan', sa.Integer(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['meal_sites.site_id'], name=op.f('fk_dishes_site_id_meal_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dishes'))
    )
    with op.batch_alter_table('dishes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dishes_site_id'), ['site_id'], unique=False)

    op.create_table('orders',
    sa.Column('order_id', sa.String(length=8), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('elder_id', sa.String(length=8), nullable=True),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('provider_id', sa.String(length=8), nullable=True),
    sa.Column('feedback_score', sa.Integer(), nullable=True),
    sa.Column('feedback_comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.elder_id'], name=op.f('fk_orders_elder_id_elders')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.provider_id'], name=op.f('fk_orders_provider_id_providers')),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_orders')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_orders_idempotency_key'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_type'), ['type'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('to_name', sa.String(length=40), nullable=False),
    sa.Column('to_phone', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.order_id'], name=op.f('fk_notifications_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_order_id'), ['order_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_order_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_type'))
        batch_op.drop_index(batch_op.f('ix_orders_status'))
        batch_op.drop_index(batch_op.f('ix_orders_elder_id'))

    op.drop_table('orders')
    with op.batch_alter_table('dishes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dishes_site_id'))

    op.drop_table('dishes')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_elder_id'))

    op.drop_table('devices')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_id_number'))
        batch_op.drop_index(batch_op.f('ix_applications_elder_id'))

    op.drop_table('applications')
    with op.batch_alter_table('allowances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowances_elder_id'))

    op.drop_table('allowances')
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_providers_district'))

    op.drop_table('providers')
    with op.batch_alter_table('meal_sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meal_sites_district'))

    op.drop_table('meal_sites')
    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institutions_district'))

    op.drop_table('institutions')
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_elders_phone'))
        batch_op.drop_index(batch_op.f('ix_elders_district'))

    op.drop_table('elders')
    with op.batch_alter_table('call_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_records_caller'))

    op.drop_table('call_records')

