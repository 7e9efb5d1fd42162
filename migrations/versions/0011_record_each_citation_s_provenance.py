"""record each citation's provenance

A citation says whether a person reviewed it or a model only suggested it (with the model's
score, name and version), and who reviewed it on which day. Every citation already stored was
curated by hand, so it becomes `reviewed`; who reviewed it and when is filled in by the next
`policyapi seed load` (from the dataset's `citation_review` block).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('citations', schema=None) as batch_op:
        # The server default fills the existing rows; the model supplies the value afterwards.
        batch_op.add_column(
            sa.Column('status', sa.String(length=20), nullable=False, server_default='reviewed')
        )
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('suggested_by_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('suggested_by_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('reviewed_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_citations_status'), "status IN ('reviewed', 'suggested')"
        )
        batch_op.create_check_constraint(
            op.f('ck_citations_score_range'), 'score IS NULL OR (score >= 0 AND score <= 1)'
        )
        batch_op.create_index(batch_op.f('ix_citations_status'), ['status'], unique=False)
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_status'))
        batch_op.drop_constraint(op.f('ck_citations_score_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_citations_status'), type_='check')
        batch_op.drop_column('reviewed_on')
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('suggested_by_version')
        batch_op.drop_column('suggested_by_name')
        batch_op.drop_column('score')
        batch_op.drop_column('status')
