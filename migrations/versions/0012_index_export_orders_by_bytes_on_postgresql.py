"""index the export orders by bytes on PostgreSQL

A whole-table export orders its rows by bytes (COLLATE "C") so that its bytes are the same on
every engine and under every database locale, and reads them a thousand at a time, each chunk a
keyset query of its own. The primary keys and keyset indexes sort by the database's collation,
which PostgreSQL cannot use for a "C" order: every chunk sorted the whole table (a 1M-statement
export took 222 s instead of 11). These indexes are the export orders themselves, in "C".
SQLite sorts text by bytes already and needs none.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table -> its export order (policyapi/exports/tables.py as of this revision); text columns
# are marked with their collation. Tables of a few rows (vocabularies, releases) sort cheaply.
EXPORT_ORDERS = {
    'documents': ('id COLLATE "C"',),
    'jurisdictions': ('depth', 'id COLLATE "C"'),
    'document_actors': (
        'document_id COLLATE "C"', 'position', 'speaker_id COLLATE "C"', 'role COLLATE "C"'
    ),
    'document_relations': ('subject_id COLLATE "C"', 'position', 'id COLLATE "C"'),
    'provisions': ('document_id COLLATE "C"', 'position', 'id COLLATE "C"'),
    'provision_versions': ('provision_id COLLATE "C"', 'number'),
    'provision_topics': ('provision_id COLLATE "C"', 'topic_id COLLATE "C"'),
    'provision_correspondences': ('provision_id COLLATE "C"', 'position', 'id COLLATE "C"'),
    'speakers': ('id COLLATE "C"',),
    'articles': ('id COLLATE "C"',),
    'statements': ('article_id COLLATE "C"', 'start_offset', 'id COLLATE "C"'),
    'citations': ('statement_id COLLATE "C"', 'position', 'id COLLATE "C"'),
    'changes': ('sequence', 'id COLLATE "C"'),
}


def _name(table: str) -> str:
    return f'ix_{table}_export_order'


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in EXPORT_ORDERS.items():
        op.create_index(_name(table), table, [sa.text(column) for column in columns])


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in EXPORT_ORDERS:
        op.drop_index(_name(table), table_name=table)
