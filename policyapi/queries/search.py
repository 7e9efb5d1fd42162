"""Ranked full-text search over the search index, with highlighted snippets.

SQLite uses FTS5 (bm25, snippet); PostgreSQL uses tsvector (ts_rank_cd, ts_headline). Both
produce a row subquery with the same columns, so one pager serves both.
"""

import html
import re
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

# Control characters mark matches inside the engine's snippet; after HTML-escaping the
# snippet they become <mark> tags, so stored text can never inject markup.
OPEN, CLOSE = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24


def query_words(q: str) -> list[str]:
    """The searchable words of a query (punctuation and operators dropped)."""
    return WORD.findall(q)


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 operators typed by users (NEAR, *, ^, -) are taken literally.
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _sqlite_hits(words: list[str], types: list[str] | None) -> sa.Subquery:
    where = "search_index MATCH :match"
    if types:
        where += " AND kind IN :types"
    stmt = sa.text(
        "SELECT kind, item_id, document_id, title, "
        f"snippet(search_index, 4, :open, :close, '…', {SNIPPET_WORDS}) AS snippet, "
        # bm25 is lower-is-better; negate so higher is better on both engines.
        "-bm25(search_index, 2.0, 1.0) AS rank "
        f"FROM search_index WHERE {where}"
    ).bindparams(match=_fts5_query(words), open=OPEN, close=CLOSE)
    if types:
        stmt = stmt.bindparams(sa.bindparam("types", value=types, expanding=True))
    return stmt.columns(
        sa.column("kind"),
        sa.column("item_id"),
        sa.column("document_id"),
        sa.column("title"),
        sa.column("snippet"),
        sa.column("rank", sa.Float),
    ).subquery("hits")


def _postgres_hits(words: list[str], types: list[str] | None) -> sa.Subquery:
    where = "tsv @@ query"
    if types:
        where += " AND kind IN :types"
    stmt = sa.text(
        "SELECT kind, item_id, document_id, title, "
        "ts_headline('english', body, query, "
        f"'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords={SNIPPET_WORDS}, "
        "MinWords=8, MaxFragments=2, FragmentDelimiter= … ') AS snippet, "
        "ts_rank_cd(tsv, query)::float8 AS rank "
        f"FROM search_index, plainto_tsquery('english', :q) AS query WHERE {where}"
    ).bindparams(q=" ".join(words), open=OPEN, close=CLOSE)
    if types:
        stmt = stmt.bindparams(sa.bindparam("types", value=types, expanding=True))
    return stmt.columns(
        sa.column("kind"),
        sa.column("item_id"),
        sa.column("document_id"),
        sa.column("title"),
        sa.column("snippet"),
        sa.column("rank", sa.Float),
    ).subquery("hits")


def search(
    session: Session, words: list[str], types: list[str] | None
) -> tuple[sa.Select[Any], list[Any]]:
    """Hits as a selectable plus their order: best rank first, ties by type and id."""
    dialect = session.get_bind().dialect.name
    hits = _sqlite_hits(words, types) if dialect == "sqlite" else _postgres_hits(words, types)
    # Keyset order must be ascending on every column: use the negated rank.
    neg_rank = (-hits.c.rank).label("neg_rank")
    stmt = sa.select(hits, neg_rank)
    return stmt, [neg_rank, hits.c.kind, hits.c.item_id]


def highlight(snippet: str) -> str:
    """HTML-escape a snippet and turn the match markers into <mark> tags."""
    return html.escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
