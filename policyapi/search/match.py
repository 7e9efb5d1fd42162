"""A parsed query as SQL over the index tables: the (kind, item_id) pairs it matches.

The select is built from the query's *shape* (how many groups, phrases and terms) with every
term as a bind parameter named by its place, so one select serves every query of a shape
(queries/common.py caches selects by shape). Its work is bounded by construction: each leaf
reads one term's postings through the primary key (term, kind, item_id), at most
language.MAX_WORDS leaves, and a phrase checks `terms` only on items that hold all its terms.
The same SQL runs on SQLite and PostgreSQL.
"""

from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from policyapi.search.index import ITEMS, POSTINGS
from policyapi.search.language import Phrase, Query

# (terms per phrase, per group), (terms per excluded phrase)
Shape = tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]
KINDS_PARAM = "q_kinds"


def shape_of(query: Query) -> Shape:
    groups = tuple(tuple(len(p.terms) for p in group) for group in query.groups)
    return groups, tuple(len(p.terms) for p in query.excluded)


def _names(prefix: str, size: int) -> list[str]:
    return [f"{prefix}_{i}" for i in range(size)]


def params_of(query: Query) -> dict[str, Any]:
    """The bind values of a query's terms (and phrase patterns), named as `matching` names them."""
    params: dict[str, Any] = {}
    phrases = [
        (f"qg{g}p{p}", phrase)
        for g, group in enumerate(query.groups)
        for p, phrase in enumerate(group)
    ]
    phrases += [(f"qx{p}", phrase) for p, phrase in enumerate(query.excluded)]
    for prefix, phrase in phrases:
        params.update(zip(_names(prefix, len(phrase.terms)), phrase.terms, strict=True))
        if len(phrase.terms) > 1:
            params[f"{prefix}_like"] = pattern(phrase)
    return params


def pattern(phrase: Phrase) -> str:
    """LIKE pattern for the phrase in a row's space-padded `terms` (terms hold no % or _)."""
    return "% " + " ".join(phrase.terms) + " %"


def _phrase(prefix: str, size: int, of_kinds: bool, kind: str | None) -> sa.Select[Any]:
    """Items holding the phrase: its first term's postings, joined to the rest, then `terms`."""
    names = _names(prefix, size)
    first = POSTINGS.alias(f"{prefix}_t0")
    select = sa.select(first.c.kind, first.c.item_id).where(first.c.term == sa.bindparam(names[0]))
    if of_kinds:
        select = select.where(
            first.c.kind.in_(sa.bindparam(KINDS_PARAM, expanding=True))
            if kind is None
            else first.c.kind == sa.literal(kind)
        )
    for i, name in enumerate(names[1:], start=1):
        other = POSTINGS.alias(f"{prefix}_t{i}")
        select = select.join(
            other,
            sa.and_(
                other.c.term == sa.bindparam(name),
                other.c.kind == first.c.kind,
                other.c.item_id == first.c.item_id,
            ),
        )
    if size > 1:
        item = ITEMS.alias(f"{prefix}_item")
        select = select.join(
            item, sa.and_(item.c.kind == first.c.kind, item.c.item_id == first.c.item_id)
        ).where(item.c.terms.like(sa.bindparam(f"{prefix}_like")))
    return select


@lru_cache(maxsize=512)
def matching(shape: Shape, kind: str | None = None) -> sa.CompoundSelect[Any] | sa.Select[Any]:
    """(kind, item_id) of every item that a query matches, of `kind` or the kinds bound as
    `q_kinds`."""
    groups, excluded = shape
    required = []
    for g, group in enumerate(groups):
        alternatives = [_phrase(f"qg{g}p{p}", size, True, kind) for p, size in enumerate(group)]
        required.append(
            alternatives[0] if len(alternatives) == 1 else _flat(sa.union(*alternatives), f"qg{g}")
        )
    found: sa.CompoundSelect[Any] | sa.Select[Any] = (
        required[0] if len(required) == 1 else sa.intersect(*required)
    )
    if excluded:
        left_out = [_phrase(f"qx{p}", size, False, kind) for p, size in enumerate(excluded)]
        found = sa.except_(_flat(found, "qr") if len(required) > 1 else found, *left_out)
    return found


def _flat(compound: sa.CompoundSelect[Any] | sa.Select[Any], name: str) -> sa.Select[Any]:
    """A compound select as a plain one, to nest in another (SQLite takes no parentheses)."""
    inner = compound.subquery(name)
    return sa.select(inner.c.kind, inner.c.item_id)


def ids_matching(shape: Shape, kind: str) -> sa.Select[Any]:
    """The ids of the items of `kind` a query of this shape matches, for `IN`."""
    found = matching(shape, kind).subquery("matched")
    return sa.select(found.c.item_id)
