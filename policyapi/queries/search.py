"""Ranked full-text search over the search index, with highlighted snippets.

SQLite uses FTS5 (bm25, snippet); PostgreSQL uses tsvector (ts_rank_cd, ts_headline). Ranking
reads as little as possible for every match (the rank and a tie-breaker); titles, documents and
snippets are then read for the one page of hits only.
"""

import html
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

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


def _with_types(stmt: sa.TextClause, types: list[str] | None) -> sa.TextClause:
    if types:
        stmt = stmt.bindparams(sa.bindparam("types", value=types, expanding=True))
    return stmt


def _sqlite_ranking(words: list[str], types: list[str] | None) -> tuple[sa.Subquery, list[Any]]:
    where = "search_index MATCH :match" + (" AND kind IN :types" if types else "")
    # bm25 is lower-is-better: it is the ascending sort key as it stands.
    stmt = sa.text(
        "SELECT rowid AS hit_rowid, bm25(search_index, 2.0, 1.0) AS neg_rank "  # nosec B608
        f"FROM search_index WHERE {where}"
    ).bindparams(match=_fts5_query(words))
    hits = (
        _with_types(stmt, types)
        .columns(sa.column("hit_rowid", sa.Integer), sa.column("neg_rank", sa.Float))
        .subquery("hits")
    )
    return hits, [hits.c.neg_rank, hits.c.hit_rowid]


def _postgres_ranking(words: list[str], types: list[str] | None) -> tuple[sa.Subquery, list[Any]]:
    where = "tsv @@ query" + (" AND kind IN :types" if types else "")
    stmt = sa.text(
        "SELECT kind, item_id, -ts_rank_cd(tsv, query)::float8 AS neg_rank "  # nosec B608
        f"FROM search_index, plainto_tsquery('english', :q) AS query WHERE {where}"
    ).bindparams(q=" ".join(words))
    hits = (
        _with_types(stmt, types)
        .columns(sa.column("kind"), sa.column("item_id"), sa.column("neg_rank", sa.Float))
        .subquery("hits")
    )
    return hits, [hits.c.neg_rank, hits.c.kind, hits.c.item_id]


def search(
    session: Session, words: list[str], types: list[str] | None
) -> tuple[sa.Select[Any], list[Any]]:
    """Ranked hits as a selectable plus their keyset order: best rank first, then a tie-breaker.

    Rows carry only the rank and the tie-breaker; `hit_details` completes one page of them.
    """
    if session.get_bind().dialect.name == "sqlite":
        hits, order = _sqlite_ranking(words, types)
    else:
        hits, order = _postgres_ranking(words, types)
    return sa.select(hits), order


def hit_details(session: Session, words: list[str], rows: list[Any]) -> list[Hit]:
    """Kind, id, document, title and snippet of a page of ranked rows, in the rows' order."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "sqlite":
        stmt = sa.text(
            "SELECT rowid, kind, item_id, document_id, title, "  # nosec B608
            f"snippet(search_index, 4, :open, :close, '…', {SNIPPET_WORDS}) "
            "FROM search_index WHERE search_index MATCH :match AND rowid IN :ids"
        ).bindparams(sa.bindparam("ids", value=[r.hit_rowid for r in rows], expanding=True))
        found = session.execute(stmt, {"match": _fts5_query(words), "open": OPEN, "close": CLOSE})
        by_key = {row[0]: row[1:] for row in found}
        keys: list[Any] = [r.hit_rowid for r in rows]
    else:
        stmt = sa.text(
            "SELECT kind, item_id, kind, item_id, document_id, title, "  # nosec B608
            f"ts_headline('english', body, query, {HEADLINE}) "
            "FROM search_index, plainto_tsquery('english', :q) AS query WHERE item_id IN :ids"
        ).bindparams(sa.bindparam("ids", value=[r.item_id for r in rows], expanding=True))
        found = session.execute(stmt, {"q": " ".join(words), "open": OPEN, "close": CLOSE})
        by_key = {(row[0], row[1]): row[2:] for row in found}
        keys = [(r.kind, r.item_id) for r in rows]
    hits = []
    for key, row in zip(keys, rows, strict=True):
        kind, item_id, document_id, title, snippet = by_key[key]
        hits.append(Hit(kind, item_id, document_id, title, snippet, rank=-row.neg_rank))
    return hits


def highlight(snippet: str) -> str:
    """HTML-escape a snippet and turn the match markers into <mark> tags."""
    return html.escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
