"""Ranked full-text search over the search index, with highlighted snippets.

SQLite uses FTS5 (bm25, snippet); PostgreSQL uses tsvector (ts_rank_cd, ts_headline). Ranking
reads as little as possible for every match (the rank and a tie-breaker); titles, documents and
snippets are then read for the one page of hits only.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from policyapi.queries.fetch import fetch

# Control characters mark matches inside the engine's snippet; after HTML-escaping the
# snippet they become <mark> tags, so stored text can never inject markup.
OPEN, CLOSE = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24
HEADLINE = (
    f"'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords={SNIPPET_WORDS}, "
    "MinWords=8, MaxFragments=2, FragmentDelimiter= … '"
)


@dataclass
class Hit:
    kind: str
    item_id: str
    document_id: str | None
    title: str
    snippet: str
    rank: float


def query_words(q: str) -> list[str]:
    """The searchable words of a query (punctuation and operators dropped)."""
    return WORD.findall(q)


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 operators typed by users (NEAR, *, ^, -) are taken literally.
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


# Read with the rank: a match's own columns cost nothing more once its row is found.
HIT_COLUMNS: tuple[sa.ColumnClause[Any], ...] = (
    sa.column("kind"),
    sa.column("item_id"),
    sa.column("document_id"),
    sa.column("title"),
)


def _ranking_sqlite(typed: bool) -> tuple[sa.Select[Any], list[Any]]:
    where = "search_index MATCH :match" + (" AND kind IN :types" if typed else "")
    # bm25 is lower-is-better: it is the ascending sort key as it stands.
    text = sa.text(
        "SELECT rowid AS hit_rowid, bm25(search_index, 2.0, 1.0) AS neg_rank, "  # nosec B608
        f"kind, item_id, document_id, title FROM search_index WHERE {where}"
    )
    if typed:
        text = text.bindparams(sa.bindparam("types", expanding=True))
    hits = text.columns(
        sa.column("hit_rowid", sa.Integer), sa.column("neg_rank", sa.Float), *HIT_COLUMNS
    ).subquery("hits")
    return sa.select(hits), [hits.c.neg_rank, hits.c.hit_rowid]


def _ranking_postgres(typed: bool) -> tuple[sa.Select[Any], list[Any]]:
    where = "tsv @@ query" + (" AND kind IN :types" if typed else "")
    text = sa.text(
        "SELECT -ts_rank_cd(tsv, query)::float8 AS neg_rank, "  # nosec B608
        "kind, item_id, document_id, title "
        f"FROM search_index, plainto_tsquery('english', :q) AS query WHERE {where}"
    )
    if typed:
        text = text.bindparams(sa.bindparam("types", expanding=True))
    hits = text.columns(sa.column("neg_rank", sa.Float), *HIT_COLUMNS).subquery("hits")
    return sa.select(hits), [hits.c.neg_rank, hits.c.kind, hits.c.item_id]


# Built once per engine kind (and with or without a type filter), run with bind values.
@lru_cache(maxsize=8)
def _ranking(dialect: str, typed: bool) -> tuple[sa.Select[Any], list[Any]]:
    return _ranking_sqlite(typed) if dialect == "sqlite" else _ranking_postgres(typed)


def search(
    dialect: str, words: list[str], types: list[str] | None
) -> tuple[sa.Select[Any], list[Any], dict[str, Any]]:
    """Ranked hits, their keyset order (best rank first, then a tie-breaker) and bind values.

    Rows carry only the rank and the tie-breaker; `hit_details` completes one page of them.
    """
    stmt, order = _ranking(dialect, bool(types))
    params: dict[str, Any] = {"match": _fts5_query(words), "q": " ".join(words)}
    if types:
        params["types"] = list(types)
    return stmt, order, params


SQLITE_SNIPPETS = (
    sa.text(
        f"SELECT rowid, snippet(search_index, 4, :open, :close, '…', {SNIPPET_WORDS}) "  # nosec B608
        "FROM search_index WHERE search_index MATCH :match AND rowid IN :keys"
    )
    .bindparams(sa.bindparam("keys", expanding=True))
    .columns(sa.column("key"), sa.column("snippet"))
)
POSTGRES_SNIPPETS = (
    sa.text(
        f"SELECT kind, item_id, ts_headline('english', body, query, {HEADLINE}) "  # nosec B608
        "FROM search_index, plainto_tsquery('english', :q) AS query "
        # Both key columns, so the primary key (kind, item_id) finds the rows.
        "WHERE kind IN :kinds AND item_id IN :keys"
    )
    .bindparams(sa.bindparam("kinds", expanding=True), sa.bindparam("keys", expanding=True))
    .columns(sa.column("kind"), sa.column("key"), sa.column("snippet"))
)


def hit_details(conn: sa.Connection, words: list[str], rows: list[Any]) -> list[Hit]:
    """The page of ranked rows with their highlighted snippets, in the rows' order."""
    if not rows:
        return []
    params: dict[str, Any] = {"open": OPEN, "close": CLOSE}
    if conn.dialect.name == "sqlite":
        params.update(match=_fts5_query(words), keys=[r.hit_rowid for r in rows])
        found = {row.key: row.snippet for row in fetch(conn, SQLITE_SNIPPETS, params)}
        snippets = [found[r.hit_rowid] for r in rows]
    else:
        params.update(q=" ".join(words), kinds=sorted({r.kind for r in rows}))
        params["keys"] = [r.item_id for r in rows]
        found = {(row.kind, row.key): row.snippet for row in fetch(conn, POSTGRES_SNIPPETS, params)}
        snippets = [found[(r.kind, r.item_id)] for r in rows]
    return [
        Hit(r.kind, r.item_id, r.document_id, r.title, snippet, rank=-r.neg_rank)
        for r, snippet in zip(rows, snippets, strict=True)
    ]


def highlight(snippet: str) -> str:
    """HTML-escape a snippet and turn the match markers into <mark> tags."""
    return html.escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
