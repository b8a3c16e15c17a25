"""receipt outbox: receipts written with the submission, printed until they are; the visit of a case

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_visit_key'), ['visit_key'], unique=False)
    op.create_table('receipt_outbox',
    sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sealed_receipt', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id')
    )
    with op.batch_alter_table('receipt_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_outbox_printed_at'), ['printed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('receipt_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_outbox_printed_at'))
    op.drop_table('receipt_outbox')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_visit_key'))
        batch_op.drop_column('visit_key')
