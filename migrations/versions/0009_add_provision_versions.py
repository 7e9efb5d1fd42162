"""add provision versions

Legal time: a provision may have several versions, each with its summary (and wording when it
was read), the dates it was in force and the document event that made it; `as_of=` chooses
among them. A citation records the version in force when its statement was made. Provisions
without recorded versions keep their one implicit version, so no row is backfilled; the
citations' new column stays NULL until the next `policyapi seed load` works it out.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('provision_versions',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=172), nullable=False),
    sa.Column('provision_id', sa.String(length=160), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.String(length=10), nullable=True),
    sa.Column('valid_to', sa.String(length=10), nullable=True),
    sa.Column('made_by_event', sa.String(length=20), nullable=True),
    sa.Column('made_by_document_id', sa.String(length=160), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_state', sa.String(length=20), nullable=False),
    sa.Column('confidence', sa.String(length=20), nullable=False),
    sa.Column('confidence_note', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.CheckConstraint("confidence IN ('confirmed', 'partly_confirmed', 'inferred', 'unknown')", name=op.f('ck_provision_versions_confidence')),
    sa.CheckConstraint("made_by_event IS NULL OR made_by_event IN ('signed', 'issued', 'adopted', 'approved_by_voters', 'effective', 'amended', 'repealed')", name=op.f('ck_provision_versions_made_by_event')),
    sa.CheckConstraint("text_state IN ('full', 'partial', 'not_read', 'range')", name=op.f('ck_provision_versions_text_state')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_provision_versions_number_positive')),
    sa.ForeignKeyConstraint(['made_by_document_id'], ['documents.id'], name=op.f('fk_provision_versions_made_by_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_provision_versions_provision_id_provisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_versions')),
    sa.UniqueConstraint('provision_id', 'number', name=op.f('uq_provision_versions_provision_id_number'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provision_version', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_column('provision_version')

    op.drop_table('provision_versions')
