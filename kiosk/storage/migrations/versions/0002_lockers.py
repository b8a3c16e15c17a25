"""smart lockers: compartments, reservations, deposits, pickup codes, door events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('locker_compartments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('size', sa.String(length=8), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('blocked_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bank', 'number')
    )
    op.create_table('locker_reservations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('compartment_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('door_opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('code_digest', sa.String(length=64), nullable=True),
    sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('code_attempts', sa.Integer(), nullable=False),
    sa.Column('code_locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.ForeignKeyConstraint(['compartment_id'], ['locker_compartments.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('locker_reservations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locker_reservations_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_locker_reservations_code_digest'), ['code_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_locker_reservations_compartment_id'), ['compartment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_locker_reservations_status'), ['status'], unique=False)

    op.create_table('locker_deposits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reservation_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('deposited_by', sa.String(length=64), nullable=False),
    sa.Column('deposited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by', sa.String(length=64), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.ForeignKeyConstraint(['reservation_id'], ['locker_reservations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('locker_deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locker_deposits_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_locker_deposits_reservation_id'), ['reservation_id'], unique=False)

    op.create_table('locker_pickups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reservation_id', sa.Integer(), nullable=False),
    sa.Column('taken_by', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reservation_id'], ['locker_reservations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('locker_pickups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locker_pickups_reservation_id'), ['reservation_id'], unique=False)

    op.create_table('locker_door_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('door_closed', sa.Boolean(), nullable=False),
    sa.Column('item_present', sa.Boolean(), nullable=True),
    sa.Column('forced_open', sa.Boolean(), nullable=False),
    sa.Column('reservation_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reservation_id'], ['locker_reservations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('locker_door_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locker_door_events_at'), ['at'], unique=False)

    op.create_table('locker_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('bank', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('reservation_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['reservation_id'], ['locker_reservations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('locker_alerts')
    with op.batch_alter_table('locker_door_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locker_door_events_at'))
    op.drop_table('locker_door_events')
    with op.batch_alter_table('locker_pickups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locker_pickups_reservation_id'))
    op.drop_table('locker_pickups')
    with op.batch_alter_table('locker_deposits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locker_deposits_reservation_id'))
        batch_op.drop_index(batch_op.f('ix_locker_deposits_application_id'))
    op.drop_table('locker_deposits')
    with op.batch_alter_table('locker_reservations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locker_reservations_status'))
        batch_op.drop_index(batch_op.f('ix_locker_reservations_compartment_id'))
        batch_op.drop_index(batch_op.f('ix_locker_reservations_code_digest'))
        batch_op.drop_index(batch_op.f('ix_locker_reservations_application_id'))
    op.drop_table('locker_reservations')
    op.drop_table('locker_compartments')
