"""add the full-text search index

The index is engine-specific, so it is written by hand and left out of autogenerate
(see include_object in env.py): an FTS5 virtual table on SQLite, a table with a generated
tsvector column and a GIN index on PostgreSQL. policyapi.search fills it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "kind UNINDEXED, item_id UNINDEXED, document_id UNINDEXED, title, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        return
    op.execute(
        "CREATE TABLE search_index ("
        " kind varchar(20) NOT NULL,"
        " item_id varchar(160) NOT NULL,"
        " document_id varchar(160),"
        " title text NOT NULL,"
        " body text NOT NULL,"
        " tsv tsvector GENERATED ALWAYS AS ("
        "   setweight(to_tsvector('english', title), 'A') ||"
        "   setweight(to_tsvector('english', body), 'B')) STORED,"
        " PRIMARY KEY (kind, item_id))"
    )
    op.execute("CREATE INDEX search_index_tsv ON search_index USING gin (tsv)")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
