"""Ranked full-text search over the search index, with highlighted snippets.

SQLite uses FTS5 (bm25, snippet); PostgreSQL uses tsvector (ts_rank_cd, ts_headline). A query
is ranked whole, once: every match's rank and tie-breaker, sorted, in a compact `Ranking` that
the caller may keep (api/search.py keeps it per dataset version). Any page of it is then a
bisection away, and titles, documents and snippets are read for that one page of hits only.
Ranking is the expensive part: bm25 for each of 64,000 matches of a common word takes about
90 ms; the page after it takes about 1 ms.
"""

import html
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from policyapi.queries.fetch import fetch, fetch_tuples

# Control characters mark matches inside the engine's snippet; after HTML-escaping the
# snippet they become <mark> tags, so stored text can never inject markup.
OPEN, CLOSE = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24
HEADLINE = (
    f"'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords={SNIPPET_WORDS}, "
    "MinWords=8, MaxFragments=2, FragmentDelimiter= … '"
)
# Python objects behind one PostgreSQL tie-breaker (a tuple of two short strings), in bytes.
PG_TIE_BYTES = 200


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


@dataclass(frozen=True)
class Ranking:
    """Every match of one query in order, best first, as sort keys `[neg_rank, *tie]`.

    `neg_rank` is lower-is-better (bm25 as it stands, ts_rank_cd negated). The tie-breaker is
    the index row: SQLite's rowid (rows are stored in (kind, item_id) order), PostgreSQL's
    (kind, item_id), sorted bytewise (COLLATE "C") so Python's string order agrees.
    """

    ranks: "array[float]"  # array is generic to type checkers only (Python 3.11)
    ties: Sequence[Any]
    kinds: tuple[type, ...]  # of a sort key's values, checked in cursors

    def __len__(self) -> int:
        return len(self.ranks)

    @property
    def nbytes(self) -> int:
        if isinstance(self.ties, array):
            return self.ranks.itemsize * len(self) + self.ties.itemsize * len(self.ties)
        return (self.ranks.itemsize + PG_TIE_BYTES) * len(self)

    def key(self, index: int) -> list[Any]:
        tie = self.ties[index]
        return [self.ranks[index], *(tie if isinstance(tie, tuple) else (tie,))]

    def position(self, key: list[Any], after: bool) -> int:
        """Index of the first match sorting after `key` (`after`), or at or after it."""
        rank, tie = key[0], (key[1] if len(self.kinds) == 2 else tuple(key[1:]))
        low = bisect_left(self.ranks, rank)
        high = bisect_right(self.ranks, rank, low)
        return (bisect_right if after else bisect_left)(self.ties, tie, low, high)


def _ranking_query(dialect: str, typed: bool) -> sa.TextualSelect:
    if dialect == "sqlite":
        where = "search_index MATCH :match" + (" AND kind IN :types" if typed else "")
        sql = (
            "SELECT bm25(search_index, 2.0, 1.0), rowid "  # nosec B608  # constant fragments
            f"FROM search_index WHERE {where} ORDER BY 1, 2"
        )
        columns = [sa.column("neg_rank", sa.Float), sa.column("rowid", sa.Integer)]
    else:
        where = "tsv @@ query" + (" AND kind IN :types" if typed else "")
        sql = (
            "SELECT -ts_rank_cd(tsv, query)::float8, kind, item_id "  # nosec B608
            f"FROM search_index, plainto_tsquery('english', :q) AS query WHERE {where} "
            'ORDER BY 1, kind COLLATE "C", item_id COLLATE "C"'
        )
        columns = [sa.column("neg_rank", sa.Float), sa.column("kind"), sa.column("item_id")]
    text = sa.text(sql)
    if typed:
        text = text.bindparams(sa.bindparam("types", expanding=True))
    return text.columns(*columns)


# Built once per engine kind (and with or without a type filter), run with bind values.
_ranking_query_for = lru_cache(maxsize=8)(_ranking_query)


def ranking_kinds(dialect: str) -> tuple[type, ...]:
    """The types of a ranking's sort keys on this engine: rank, then the tie-breaker."""
    return (float, int) if dialect == "sqlite" else (float, str, str)


def rank_matches(conn: sa.Connection, words: list[str], types: list[str] | None) -> Ranking:
    """Every match of `words` (of the given item types, if any), ranked."""
    params: dict[str, Any] = {"match": _fts5_query(words), "q": " ".join(words)}
    if types:
        params["types"] = list(types)
    rows = fetch_tuples(conn, _ranking_query_for(conn.dialect.name, bool(types)), params)
    ranks = array("d", [row[0] for row in rows])
    if conn.dialect.name == "sqlite":
        return Ranking(ranks, array("q", [row[1] for row in rows]), kinds=ranking_kinds("sqlite"))
    return Ranking(ranks, [(row[1], row[2]) for row in rows], kinds=ranking_kinds("postgresql"))


# FTS5 answers `MATCH ... AND rowid IN (keys)` with one lookup per key, about 18 µs each, while
# one pass over the query's matches costs about 55 ns a match (measured on 1M statements). Up
# to SCAN_MATCHES_MAX matches the pass is cheaper: `+rowid` hides the key list from FTS5, which
# then walks the matches between the lowest and highest key, and snippets only the page's rows.
SCAN_MATCHES_MAX = 4000
_SQLITE_HITS = (
    "SELECT rowid, kind, item_id, document_id, title, "  # nosec B608  # constant fragments
    f"snippet(search_index, 4, :open, :close, '…', {SNIPPET_WORDS}) "
    "FROM search_index WHERE search_index MATCH :match AND "
)
_HIT_COLUMNS = ("key", "kind", "item_id", "document_id", "title", "snippet")
SQLITE_HITS_BY_KEY, SQLITE_HITS_BY_SCAN = (
    sa.text(_SQLITE_HITS + where)
    .bindparams(sa.bindparam("keys", expanding=True))
    .columns(*map(sa.column, _HIT_COLUMNS))
    for where in ("rowid IN :keys", "rowid BETWEEN :low AND :high AND +rowid IN :keys")
)
POSTGRES_HITS = (
    sa.text(
        "SELECT kind, item_id, document_id, title, "  # nosec B608  # constant fragments
        f"ts_headline('english', body, query, {HEADLINE}) "
        "FROM search_index, plainto_tsquery('english', :q) AS query "
        # Both key columns, so the primary key (kind, item_id) finds the rows.
        "WHERE kind IN :kinds AND item_id IN :keys"
    )
    .bindparams(sa.bindparam("kinds", expanding=True), sa.bindparam("keys", expanding=True))
    .columns(*map(sa.column, ("kind", "item_id", "document_id", "title", "snippet")))
)


def hit_details(
    conn: sa.Connection, words: list[str], keys: list[list[Any]], matches: int
) -> list[Hit]:
    """The hits behind a page of `Ranking` keys (of `matches` in all), with highlighted
    snippets, in the keys' order."""
    if not keys:
        return []
    params: dict[str, Any] = {"open": OPEN, "close": CLOSE}
    found: dict[tuple[Any, ...], Any]
    if conn.dialect.name == "sqlite":
        rowids = [key[1] for key in keys]
        params.update(match=_fts5_query(words), keys=rowids, low=min(rowids), high=max(rowids))
        query = SQLITE_HITS_BY_SCAN if matches <= SCAN_MATCHES_MAX else SQLITE_HITS_BY_KEY
        found = {(row.key,): row for row in fetch(conn, query, params)}
    else:
        params.update(q=" ".join(words), kinds=sorted({key[1] for key in keys}))
        params["keys"] = [key[2] for key in keys]
        found = {(row.kind, row.item_id): row for row in fetch(conn, POSTGRES_HITS, params)}
    # A ranking kept from the previous dataset version (for at most DATASET_VERSION_TTL after
    # another process reloads the data) may name rows that are gone: they are left out.
    pairs = ((found.get(tuple(key[1:])), key[0]) for key in keys)
    return [
        Hit(row.kind, row.item_id, row.document_id, row.title, row.snippet, rank=-neg_rank)
        for row, neg_rank in pairs
        if row is not None
    ]


def highlight(snippet: str) -> str:
    """HTML-escape a snippet and turn the match markers into <mark> tags."""
    return html.escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
