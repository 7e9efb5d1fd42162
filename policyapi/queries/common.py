"""What every read query shares: the tables, filter values as bind parameters, built selects.

A collection's select is built once per *shape* of its filters (which filters are set, the
shape of the query `q`: its groups, phrases and terms) with every value as a bind parameter,
then run again with other values.
Building a select and its cache key costs more than running the small ones.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

import sqlalchemy as sa
from cachetools import LRUCache
from sqlmodel import SQLModel

import policyapi.models  # noqa: F401  (every table in the metadata)
from policyapi.queries.fetch import fetch_tuples
from policyapi.search.language import parse
from policyapi.search.match import ids_matching
from policyapi.search.match import params_of as search_params
from policyapi.search.match import shape_of as search_shape

_tables = SQLModel.metadata.tables
DOCUMENTS_TABLE = _tables["documents"]
PROVISIONS_TABLE = _tables["provisions"]
PROVISION_TOPICS_TABLE = _tables["provision_topics"]
TOPICS_TABLE = _tables["topics"]
SPEAKERS_TABLE = _tables["speakers"]
ARTICLES_TABLE = _tables["articles"]
STATEMENTS_TABLE = _tables["statements"]
CITATIONS_TABLE = _tables["citations"]
DATASETS_TABLE = _tables["datasets"]
DOC_TYPES_TABLE = _tables["doc_types"]
DOCUMENT_ACTORS_TABLE = _tables["document_actors"]
DOCUMENT_RELATIONS_TABLE = _tables["document_relations"]
CORRESPONDENCES_TABLE = _tables["provision_correspondences"]
JURISDICTIONS_TABLE = _tables["jurisdictions"]
PROVISION_VERSIONS_TABLE = _tables["provision_versions"]
# Who or what made a citation, selected wherever a citation is shown (CitationRow order).
PROVENANCE = tuple(
    CITATIONS_TABLE.c[name]
    for name in (
        "status",
        "score",
        "suggested_by_name",
        "suggested_by_version",
        "reviewed_by",
        "reviewed_on",
    )
)
PARENT_PROVISIONS = PROVISIONS_TABLE.alias("parent")
PARENT_STATEMENTS = STATEMENTS_TABLE.alias("parent")


class Built(NamedTuple):
    """A collection's rows and the same rows unjoined, to count them."""

    rows: sa.Select[Any]
    counted: sa.Select[Any]


class Selects:
    """Selects built once per filter shape, bounded (q's shapes are many)."""

    def __init__(self, build: Callable[[Any], Built], size: int = 256) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built: LRUCache[Hashable, Built] = LRUCache(maxsize=size)

    def get(self, filters: Any) -> Built:
        shape = shape_of(filters)
        with self._lock:
            found = self._built.get(shape)
        if found is None:
            found = self._build(filters)
            with self._lock:
                self._built[shape] = found
        return found


def shape_of(filters: Any) -> Hashable:
    """Which filters are set, the shape of `q` (and values a COUNTED filter has)."""
    counted = getattr(filters, "COUNTED", ())
    return tuple(
        (
            name,
            search_shape(parse(value))
            if name == "q"
            else len(value)
            if name in counted
            else value
            if isinstance(value, bool)
            else True,
        )
        for name, value in vars(filters).items()
        if value not in (None, ())
    )


def params_of(filters: Any) -> dict[str, Any]:
    """The bind values of the set filters: lists for repeatable ones, q's terms by place."""
    params: dict[str, Any] = {}
    for name, value in vars(filters).items():
        if value in (None, ()):
            continue
        if name == "q":
            params.update(search_params(parse(value)))
        elif isinstance(value, tuple):
            params[name] = list(value)
        else:
            params[name] = value
    return params


def totals_key(collection: str, params: dict[str, Any]) -> Hashable:
    """What a collection's total depends on: its name and its filter values."""
    values = (
        (name, tuple(value) if isinstance(value, list) else value) for name, value in params.items()
    )
    return (collection, tuple(sorted(values)))


def like_pattern(word: str, *, prefix: bool = False) -> str:
    """A LIKE pattern (escape `\\`) for text containing `word`, or starting with it."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def any_of(column: sa.ColumnElement[Any], name: str) -> sa.ColumnElement[bool]:
    """`column` is one of the values bound as `name`."""
    return column.in_(sa.bindparam(name, expanding=True))


def matches_search(
    id_column: sa.ColumnElement[Any], kind: str, q: str | None
) -> list[sa.ColumnElement[bool]]:
    """The row is an item of `kind` that `q` finds in the search index (its terms bound by
    place, see search/match.py): the same language and index as /v1/search, never a scan."""
    if not q:
        return []
    return [id_column.in_(ids_matching(search_shape(parse(q)), kind))]


def period_end(partial_date: str) -> str:
    """The largest full date within a partial ISO date, for inclusive text comparison.

    "2020" -> "2020-12-31", "2020-02" -> "2020-02-31" (only compared as text, never parsed).
    """
    return partial_date + ["-12-31", "-31", ""][partial_date.count("-")]


def iso_date(value: Any) -> str | None:
    """A stored date as ISO text (SQLite hands back text, PostgreSQL a date)."""
    return None if value is None else str(value)


_EXISTS = {
    table.name: sa.select(sa.literal(1).label("found"))
    .select_from(table)
    .where(table.c.id == sa.bindparam("id"))
    for table in (
        DOCUMENTS_TABLE,
        PROVISIONS_TABLE,
        TOPICS_TABLE,
        SPEAKERS_TABLE,
        ARTICLES_TABLE,
        STATEMENTS_TABLE,
    )
}


def exists(conn: sa.Connection, table: str, item_id: str) -> bool:
    """True when `table` holds a row with this id (one cheap query, nothing loaded)."""
    return bool(fetch_tuples(conn, _EXISTS[table], {"id": item_id}))
