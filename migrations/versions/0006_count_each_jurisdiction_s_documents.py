"""count each jurisdiction's documents when the data is loaded

A page of /v1/jurisdictions read each division's documents with a prefix match, which no index
serves: its cost grew with the number of divisions times the number of documents. The count is
now a column, written by the seed loader (and here, for the rows already stored).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_count', sa.Integer(), nullable=False, server_default='0'))
    conn = op.get_bind()
    counts: dict[str, int] = {}
    for ocd_id, documents in conn.execute(sa.text(
            "SELECT jurisdiction_ocd_id, count(*) FROM documents GROUP BY jurisdiction_ocd_id")):
        parts = ocd_id.split("/")
        for i in range(2, len(parts) + 1):
            division = "/".join(parts[:i])
            counts[division] = counts.get(division, 0) + int(documents)
    for division, count in counts.items():
        conn.execute(sa.text("UPDATE jurisdictions SET document_count = :n WHERE id = :id"),
                     {"n": count, "id": division})
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.alter_column('document_count', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.drop_column('document_count')
