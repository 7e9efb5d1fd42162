"""Jurisdictions: OCD divisions with their chain of enclosing divisions and document counts."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.models.jurisdiction import divisions_of
from policyapi.queries.collection import Collection
from policyapi.queries.common import JURISDICTIONS_TABLE, like_pattern
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset

J = JURISDICTIONS_TABLE


class JurisdictionRow(NamedTuple):
    id: str
    name: str
    parent_id: str | None
    depth: int
    document_count: int  # documents of this division and of those inside it


class DivisionRef(NamedTuple):
    id: str
    name: str
    depth: int


@dataclass(frozen=True)
class JurisdictionFilters:
    # Divisions lying inside this one (not the division itself).
    within: str | None = None
    parent: tuple[str, ...] = ()


def jurisdiction_where(filters: JurisdictionFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.within is not None:
        where.append(J.c.id.like(sa.bindparam("within"), escape="\\"))
    if filters.parent:
        where.append(J.c.parent_id.in_(sa.bindparam("parent", expanding=True)))
    return where


def jurisdiction_params(filters: JurisdictionFilters) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.within is not None:
        params["within"] = like_pattern(filters.within.rstrip("/") + "/", prefix=True)
    if filters.parent:
        params["parent"] = list(filters.parent)
    return params


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return sa.select(J.c.id, J.c.name, J.c.parent_id, J.c.depth, J.c.document_count).where(*where)


JURISDICTIONS = Collection(
    "jurisdictions",
    JurisdictionRow,
    Keyset((J.c.id,)),
    _select,
    jurisdiction_where,
    params=jurisdiction_params,
)

_CHAINS = sa.select(J.c.id, J.c.name, J.c.depth).where(
    J.c.id.in_(sa.bindparam("ids", expanding=True))
)


def chains_of(conn: sa.Connection, rows: Sequence[JurisdictionRow]) -> dict[str, list[DivisionRef]]:
    """Each division's enclosing divisions, outermost first (one query for a whole page).

    An OCD id names its ancestors ('.../state:nj/place:newark' lies in '.../state:nj'), and
    the loader stores each parent as that prefix, so the chain is read by id, not walked.
    """
    wanted = {row.id: divisions_of(row.id)[:-1] for row in rows}
    ids = sorted({prefix for prefixes in wanted.values() for prefix in prefixes})
    if not ids:
        return {row.id: [] for row in rows}
    found = {ref.id: ref for ref in fetch(conn, _CHAINS, {"ids": ids}, DivisionRef)}
    return {
        division: [found[prefix] for prefix in prefixes if prefix in found]
        for division, prefixes in wanted.items()
    }
