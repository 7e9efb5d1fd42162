"""Ranked search over the index: the top RANK_CAP matches of a query, and a page's hits.

Ranking is integer arithmetic in SQL, the same on both engines: a match scores
    (sum over the query's terms it holds of weight x idf) x 1000 // (its length + LENGTH_DAMPING)
where weight counts the term in the item (2 per heading occurrence, 1 per body occurrence)
and idf = floor(1000 x ln(1 + items / items holding the term)), computed in Python from two
counts. Ties break on (kind, item_id), bytewise on both engines, so the order is identical.
Only the best RANK_CAP matches are kept (the documented cap: pages stop there), while the
total reports every match; a `Ranking` is small (RANK_CAP keys at most) and cacheable.
"""

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
import sqlalchemy as sa

from policyapi.queries.fetch import fetch_tuples
from policyapi.search import match
from policyapi.search.index import ITEMS, POSTINGS
from policyapi.search.language import Query
from policyapi.search.snippets import Snippet, snippet

RANK_CAP = 1000
LENGTH_DAMPING = 16
SEARCHED_KINDS = ("provision", "statement")
# A Ranking's sort key: its negated score (lower is better), then the tie-breaker.
KEY_KINDS: tuple[type, ...] = (float, str, str)
KEY_BYTES = 200  # Python objects behind one key's (kind, item_id), roughly


@dataclass
class Hit:
    kind: str
    item_id: str
    document_id: str | None
    title: str
    snippet: Snippet
    rank: float


@dataclass(frozen=True)
class Ranking:
    """The best matches of one query in order, as sort keys `[neg_score, kind, item_id]`,
    and how many matches there are in all (`total`, perhaps more than the keys)."""

    ranks: "array[float]"  # array is generic to type checkers only (Python 3.11)
    ties: Sequence[tuple[str, str]]
    total: int
    kinds: tuple[type, ...] = KEY_KINDS

    def __len__(self) -> int:
        return len(self.ranks)

    @property
    def nbytes(self) -> int:
        return (self.ranks.itemsize + KEY_BYTES) * len(self)

    def key(self, index: int) -> list[Any]:
        return [self.ranks[index], *self.ties[index]]

    def to_bytes(self) -> bytes:
        """JSON, for a cache shared between processes (never pickle: the bytes are data)."""
        return orjson.dumps({"ranks": list(self.ranks), "ties": self.ties, "total": self.total})

    @classmethod
    def from_bytes(cls, data: bytes) -> "Ranking":
        found = orjson.loads(data)
        ties = [(str(kind), str(item_id)) for kind, item_id in found["ties"]]
        return cls(array("d", map(float, found["ranks"])), ties, int(found["total"]))

    def position(self, key: list[Any], after: bool) -> int:
        """Index of the first key sorting after `key` (`after`), or at or after it."""
        rank, tie = key[0], (key[1], key[2])
        low = bisect_left(self.ranks, rank)
        high = bisect_right(self.ranks, rank, low)
        return (bisect_right if after else bisect_left)(self.ties, tie, low, high)


def _score(p: Any, terms: int) -> sa.ColumnElement[Any]:
    """SUM(weight x idf of the posting's term) x 1000 // (length + damping), all integers."""
    idf = sa.case(
        *(
            (p.c.term == sa.bindparam(f"rank_t{i}"), sa.bindparam(f"rank_w{i}", type_=sa.Integer))
            for i in range(terms)
        ),
        else_=0,
    )
    # Integers throughout (`//` is integer division on both engines): no float rounding.
    total = sa.cast(sa.func.sum(p.c.weight * idf), sa.BigInteger) * 1000
    return total // (sa.func.max(ITEMS.c.length) + LENGTH_DAMPING)


@lru_cache(maxsize=512)
def _ranking_select(shape: match.Shape, terms: int) -> sa.Select[Any]:
    found = match.matching(shape).subquery("matched")
    p = POSTINGS.alias("ranked")
    score = _score(p, terms).label("score")
    return (
        sa.select(score, p.c.kind, p.c.item_id, sa.func.count().over().label("total"))
        .select_from(found)
        .join(p, sa.and_(p.c.kind == found.c.kind, p.c.item_id == found.c.item_id))
        .join(ITEMS, sa.and_(ITEMS.c.kind == found.c.kind, ITEMS.c.item_id == found.c.item_id))
        .where(p.c.term.in_(sa.bindparam("rank_terms", expanding=True)))
        .group_by(p.c.kind, p.c.item_id)
        .order_by(score.desc(), p.c.kind, p.c.item_id)
        .limit(RANK_CAP)
    )


_FREQUENCIES = (
    sa.select(POSTINGS.c.term, sa.func.count().label("holding"))
    .where(POSTINGS.c.term.in_(sa.bindparam("terms", expanding=True)))
    .group_by(POSTINGS.c.term)
)
_ITEMS_COUNT = sa.select(sa.func.count().label("items")).select_from(ITEMS)


def count_items(conn: sa.Connection) -> int:
    """How many items the index holds (the callers keep it per dataset version)."""
    return int(fetch_tuples(conn, _ITEMS_COUNT, {})[0][0])


def frequencies(conn: sa.Connection, terms: Sequence[str]) -> dict[str, int]:
    """How many items hold each term (0 for none)."""
    holding = dict(fetch_tuples(conn, _FREQUENCIES, {"terms": list(terms)}))
    return {term: int(holding.get(term, 0)) for term in terms}


def idf(items: int, holding: int) -> int:
    """A term's integer weight: rarer terms weigh more."""
    return int(1000 * math.log(1 + items / max(1, holding)))


def rank_matches(
    conn: sa.Connection, query: Query, types: Sequence[str] | None, items: int
) -> Ranking:
    """The best RANK_CAP matches of `query` among items of `types` (provisions and statements
    by default), and how many match in all; `items` is count_items()."""
    terms = query.positive_terms
    holding = frequencies(conn, terms)
    # A group none of whose phrases has all its terms somewhere matches nothing: no ranking.
    if any(all(min(holding[t] for t in p.terms) == 0 for p in group) for group in query.groups):
        return Ranking(array("d"), [], 0)
    weights = {term: idf(items, holding[term]) for term in terms}
    params: dict[str, Any] = {**match.params_of(query), "rank_terms": list(terms)}
    params[match.KINDS_PARAM] = list(types or SEARCHED_KINDS)
    for i, term in enumerate(terms):
        params[f"rank_t{i}"], params[f"rank_w{i}"] = term, weights[term]
    rows = fetch_tuples(conn, _ranking_select(match.shape_of(query), len(terms)), params)
    ranks = array("d", [-float(row[0]) for row in rows])
    total = int(rows[0][3]) if rows else 0
    return Ranking(ranks, [(row[1], row[2]) for row in rows], total)


_HITS = (
    sa.select(ITEMS.c.kind, ITEMS.c.item_id, ITEMS.c.document_id, ITEMS.c.title, ITEMS.c.body)
    # Both key columns, so the primary key (kind, item_id) finds the rows.
    .where(ITEMS.c.kind.in_(sa.bindparam("kinds", expanding=True)))
    .where(ITEMS.c.item_id.in_(sa.bindparam("keys", expanding=True)))
)


def hit_details(conn: sa.Connection, query: Query, keys: list[list[Any]]) -> list[Hit]:
    """The hits behind a page of `Ranking` keys, with snippets, in the keys' order."""
    if not keys:
        return []
    params = {"kinds": sorted({key[1] for key in keys}), "keys": [key[2] for key in keys]}
    found = {(row[0], row[1]): row for row in fetch_tuples(conn, _HITS, params)}
    wanted = frozenset(query.positive_terms)
    hits = []
    for neg_score, kind, item_id in keys:
        # A ranking kept from the previous dataset version (for at most DATASET_VERSION_TTL
        # after another process reloads the data) may name rows that are gone: left out.
        row = found.get((kind, item_id))
        if row is not None:
            rank = -neg_score / 1000
            hits.append(Hit(kind, item_id, row[2], row[3], snippet(row[4], wanted), rank))
    return hits
