"""search our own analysed terms, the same on every engine

The engine-specific index of 0002 (FTS5 with its porter stemmer, a tsvector with PostgreSQL's
English configuration) matched and ranked differently on the two engines. It becomes two plain
tables filled by policyapi.search.index with the terms of one analyser (Snowball English via
PyStemmer): search_index (an item, its terms in order) and search_index_terms (postings).
This revision builds them and indexes the data already loaded. Left out of autogenerate
(include_object in env.py), as 0002 was.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(length: int | None, postgres: bool) -> sa.types.TypeEngine[str]:
    # Bytewise order on PostgreSQL too, so ranking ties break in the same order as on SQLite.
    collation = "C" if postgres else None
    return sa.String(length, collation=collation) if length else sa.Text(collation=collation)


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.execute("DROP TABLE search_index")
    op.create_table(
        "search_index",
        sa.Column("kind", _key(20, postgres), nullable=False),
        sa.Column("item_id", _key(160, postgres), nullable=False),
        sa.Column("document_id", sa.String(160), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id", name="pk_search_index"),
    )
    op.create_table(
        "search_index_terms",
        sa.Column("term", _key(None, postgres), nullable=False),
        sa.Column("kind", _key(20, postgres), nullable=False),
        sa.Column("item_id", _key(160, postgres), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "kind", "item_id", name="pk_search_index_terms"),
    )
    from policyapi.search.index import rebuild

    rebuild(bind)


_FTS5 = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, item_id UNINDEXED, document_id UNINDEXED, title, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
_TSVECTOR = (
    "CREATE TABLE search_index ("
    " kind varchar(20) NOT NULL, item_id varchar(160) NOT NULL, document_id varchar(160),"
    " title text NOT NULL, body text NOT NULL,"
    " tsv tsvector GENERATED ALWAYS AS ("
    "   setweight(to_tsvector('english', title), 'A') ||"
    "   setweight(to_tsvector('english', body), 'B')) STORED,"
    " PRIMARY KEY (kind, item_id))"
)
_FILL_0002 = """
INSERT INTO search_index (kind, item_id, document_id, title, body)
SELECT 'provision', p.id, p.document_id, p.number || ' ' || p.heading,
       p.summary || ' ' || COALESCE(p.text, '')
FROM provisions p
UNION ALL
SELECT 'statement', s.id, NULL, COALESCE(sp.name, ''), s.text
FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id
ORDER BY 1, 2
"""


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_table("search_index_terms")
    op.drop_table("search_index")
    op.execute(_TSVECTOR if postgres else _FTS5)
    if postgres:
        op.execute("CREATE INDEX search_index_tsv ON search_index USING gin (tsv)")
    op.execute(_FILL_0002)
