"""Keyset pages: deep pages cost the same as the first.

A collection is a select built once (its filters as bind parameters) and a `Keyset`, the
columns it is ordered by, unique together. A page is that select bounded after (or before) a
sort key and limited to one row more than the page size, so whether another page follows is
known without counting. Sort keys held in memory (a search's ranking) page the same way.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, Literal, Protocol, TypeVar

import sqlalchemy as sa

from policyapi.queries.fetch import fetch, fetch_tuples

T = TypeVar("T")
Direction = Literal["after", "before"]
# (what is counted, how to count it) -> the count, perhaps remembered for this dataset version.
Totals = Callable[[Hashable, Callable[[], int]], int]


def count_every_time(_key: Hashable, count: Callable[[], int]) -> int:
    """Totals without a cache (outside a request, or when nothing may be remembered)."""
    return count()


NOT_COUNTED = -1


def never_count(_key: Hashable, _count: Callable[[], int]) -> int:
    """No total, for representations that show none (a feed is its page and a next link)."""
    return NOT_COUNTED


@dataclass(frozen=True)
class Position:
    """Where a page starts: after (or before) the row with this sort key."""

    direction: Direction
    key: list[Any]


@dataclass(frozen=True)
class PageRequest:
    size: int
    position: Position | None = None


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_key: list[Any] | None
    prev_key: list[Any] | None
    size: int
    total: int


def _python_type(column_type: sa.types.TypeEngine[Any]) -> type:
    # A TypeDecorator (sqlmodel's AutoString for every str column) says `object` for itself:
    # ask the type it wraps, or a cursor's strings would never be checked.
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl_instance
    return column_type.python_type


@dataclass(frozen=True)
class Keyset:
    """The columns a collection is ordered by, unique together."""

    columns: tuple[sa.ColumnElement[Any], ...]
    kinds: tuple[type, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", tuple(_python_type(c.type) for c in self.columns))

    def key_of(self, row: Any) -> list[Any]:
        return [getattr(row, str(column.key)) for column in self.columns]


@lru_cache(maxsize=512)
def _counting(stmt: sa.Select[Any]) -> sa.Select[Any]:
    return sa.select(sa.func.count().label("n")).select_from(stmt.order_by(None).subquery())


def count(conn: sa.Connection, stmt: sa.Select[Any], params: Mapping[str, Any]) -> int:
    """How many rows `stmt` selects with `params`."""
    return int(fetch_tuples(conn, _counting(stmt), params)[0][0])


@lru_cache(maxsize=512)
def _bounded(stmt: sa.Select[Any], keyset: Keyset, direction: str, bounded: bool) -> sa.Select[Any]:
    """`stmt` limited to one page after (or before) a sort key given as bind parameters."""
    order = keyset.columns
    if bounded:
        bound = sa.tuple_(*order)
        key = sa.tuple_(*(sa.bindparam(f"cursor_{i}") for i in range(len(order))))
        stmt = stmt.where(bound > key if direction == "after" else bound < key)
    ordering = order if direction == "after" else tuple(column.desc() for column in order)
    return stmt.order_by(*ordering).limit(sa.bindparam("page_limit"))


def page_rows(
    conn: sa.Connection,
    stmt: sa.Select[Any],
    keyset: Keyset,
    params: Mapping[str, Any],
    request: PageRequest,
    row_type: type[T],
    total: int,
) -> Page[T]:
    """One page of the rows `stmt` selects with `params`, as `row_type` tuples."""
    position = request.position
    direction = position.direction if position else "after"
    limited = _bounded(stmt, keyset, direction, position is not None)
    values = {**params, "page_limit": request.size + 1}
    values.update(
        (f"cursor_{i}", value) for i, value in enumerate(position.key if position else ())
    )
    rows = fetch(conn, limited, values, row_type)
    more = len(rows) > request.size
    rows = rows[: request.size]
    if direction == "before":
        rows.reverse()
    if not rows:
        return Page([], None, None, request.size, total)
    has_next = more if direction == "after" else True
    has_prev = position is not None if direction == "after" else more
    return Page(
        items=rows,
        next_key=keyset.key_of(rows[-1]) if has_next else None,
        prev_key=keyset.key_of(rows[0]) if has_prev else None,
        size=request.size,
        total=total,
    )


class SortedKeys(Protocol):
    """Sort keys held in memory, in order (search.query.Ranking is one)."""

    @property
    def kinds(self) -> tuple[type, ...]: ...

    @property
    def total(self) -> int:
        """How many items the keys stand for (a ranking keeps only the best of them)."""
        ...

    def __len__(self) -> int: ...

    def key(self, index: int) -> list[Any]: ...

    def position(self, key: list[Any], after: bool) -> int: ...


def page_keys(keys: SortedKeys, request: PageRequest) -> Page[list[Any]]:
    """One page of sort keys held in memory."""
    position, size = request.position, request.size
    if position is None:
        start, stop = 0, min(size, len(keys))
    elif position.direction == "after":
        start = keys.position(position.key, after=True)
        stop = min(start + size, len(keys))
    else:
        stop = keys.position(position.key, after=False)
        start = max(0, stop - size)
    items: Sequence[list[Any]] = [keys.key(index) for index in range(start, stop)]
    if not items:
        return Page([], None, None, size, keys.total)
    return Page(
        items=list(items),
        next_key=items[-1] if stop < len(keys) else None,
        prev_key=items[0] if start > 0 else None,
        size=size,
        total=keys.total,
    )
