"""date each release by its changelog entry

A release was dated by the day `seed load` ran, so two deployments of one version cited two
dates. The loader now records the date of the version's CHANGELOG.md entry; rows loaded before
stay undated (their citation falls back to the load date) until the next `policyapi seed load`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.drop_column('released_on')
