"""add provision kind, label scheme, position basis and text state; confidence may be unknown

A provision says what it is (section, recital, ...), whether its number is the document's own
label, whether its position is the document's own order, and how much of its wording was read.
Existing rows get the values the seed loader derives for the Newark order; the next
`policyapi seed load` writes each provision's own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("preamble", "recital", "part", "chapter", "article", "section", "subsection",
         "paragraph", "subparagraph", "clause", "definition", "schedule")
CONFIDENCE = ("confirmed", "partly_confirmed", "inferred")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='section'))
        batch_op.add_column(sa.Column('label_scheme', sa.String(length=20), nullable=False, server_default='editorial'))
        batch_op.add_column(sa.Column('position_basis', sa.String(length=20), nullable=False, server_default='editorial'))
        batch_op.add_column(sa.Column('text_state', sa.String(length=20), nullable=False, server_default='not_read'))
        batch_op.drop_constraint('confidence', type_='check')
        batch_op.create_check_constraint('confidence', _in('confidence', (*CONFIDENCE, 'unknown')))
        batch_op.create_check_constraint('kind', _in('kind', KINDS))
        batch_op.create_check_constraint('label_scheme', _in('label_scheme', ('official', 'editorial')))
        batch_op.create_check_constraint('position_basis', _in('position_basis', ('official', 'editorial', 'unknown')))
        batch_op.create_check_constraint('text_state', _in('text_state', ('full', 'partial', 'not_read', 'range')))
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        # The model has no server defaults: every writer says what it means.
        for column in ('kind', 'label_scheme', 'position_basis', 'text_state'):
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    op.execute("UPDATE provisions SET confidence = 'inferred' WHERE confidence = 'unknown'")
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        for name in ('text_state', 'position_basis', 'label_scheme', 'kind', 'confidence'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.create_check_constraint('confidence', _in('confidence', CONFIDENCE))
        batch_op.drop_column('text_state')
        batch_op.drop_column('position_basis')
        batch_op.drop_column('label_scheme')
        batch_op.drop_column('kind')
