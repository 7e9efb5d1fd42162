"""Keyset (cursor) pagination: deep pages cost the same as the first.

A cursor is a signed, URL-safe token holding the sort key of the row it continues from and the
direction. Tampering breaks the signature, which is a 400 problem, never a 500.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from flask_smorest import abort

from policyapi.cache import cached_total
from policyapi.queries.fetch import fetch

T = TypeVar("T")
CURSOR_SALT = "policyapi.cursor"


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None
    page_size: int
    total: int


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=8)
def _serializer_for(secret_key: str) -> URLSafeSerializer:
    # Stateless once built; building one costs more than signing a cursor.
    return URLSafeSerializer(secret_key, salt=CURSOR_SALT)


def encode_cursor(direction: str, key: list[Any]) -> str:
    return str(_serializer().dumps({"c": request.endpoint, "d": direction, "k": key}))


def decode_cursor(token: str, width: int) -> tuple[str, list[Any]]:
    """Return (direction, key); abort 400 on anything we did not issue."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        abort(400, message="The cursor is malformed or was altered; use a link from a response.")
    valid = (
        isinstance(data, dict)
        and data.get("c") == request.endpoint
        and data.get("d") in ("after", "before")
        and isinstance(data.get("k"), list)
        and len(data["k"]) == width
    )
    if not valid:
        abort(400, message="The cursor does not belong to this collection.")
    return data["d"], data["k"]


def _key_of(row: Any, columns: list[sa.ColumnElement[Any]]) -> list[Any]:
    return [getattr(row, str(column.key)) for column in columns]


def paginate(
    session: Session | sa.Connection,
    stmt: sa.Select[Any],
    order: list[sa.ColumnElement[Any]],
    *,
    cursor: str | None,
    page_size: int,
    rows_not_models: bool = False,
    count_stmt: sa.Select[Any] | None = None,
    params: dict[str, Any] | None = None,
) -> Page[Any]:
    """Run `stmt` one page at a time, ordered by `order` (columns unique together).

    Items are the model instances `stmt` selects, or plain rows with `rows_not_models`.
    `total` counts `count_stmt` (default: `stmt`) once per dataset version and filter set.
    With `params`, `stmt` is a statement built once and run with these bind values: the page
    bounds are bound too, so no SQL is constructed per request, and rows are fetched with
    queries.fetch (named tuples).
    """
    counted = stmt if count_stmt is None else count_stmt
    total = cached_total(
        tuple(str(getattr(column, "key", column)) for column in order),
        lambda: session.execute(
            sa.select(sa.func.count()).select_from(counted.order_by(None).subquery()), params
        ).scalar_one(),
    )
    direction, key = decode_cursor(cursor, len(order)) if cursor else ("after", None)
    if params is not None:
        limited = _bound_page(stmt, tuple(order), direction, key is not None)
        values = {**params, "page_limit": page_size + 1}
        values.update((f"cursor_{i}", value) for i, value in enumerate(key or ()))
        conn = session if isinstance(session, sa.Connection) else session.connection()
        rows = fetch(conn, limited, values)
        return _page(rows, order, direction, key, page_size, total)
    page_stmt = stmt
    if key is not None:
        bound = sa.tuple_(*order)
        page_stmt = page_stmt.where(
            bound > sa.tuple_(*key) if direction == "after" else bound < sa.tuple_(*key)
        )
    ordering = order if direction == "after" else [col.desc() for col in order]
    limited = page_stmt.order_by(*ordering).limit(page_size + 1)
    if rows_not_models:
        rows = list(session.execute(limited))
    else:
        rows = list(session.scalars(limited).unique())
    return _page(rows, order, direction, key, page_size, total)


class SortedKeys(Protocol):
    """Sort keys held in memory, in order (queries.search.Ranking is one)."""

    @property
    def key_width(self) -> int: ...

    def __len__(self) -> int: ...

    def key(self, index: int) -> list[Any]: ...

    def position(self, key: list[Any], after: bool) -> int: ...


def paginate_keys(keys: SortedKeys, *, cursor: str | None, page_size: int) -> Page[Any]:
    """One page of sort keys held in memory, with the same cursors `paginate` issues."""
    direction, key = decode_cursor(cursor, keys.key_width) if cursor else ("after", None)
    if key is None:
        start = 0
        stop = min(page_size, len(keys))
    elif direction == "after":
        start = keys.position(key, after=True)
        stop = min(start + page_size, len(keys))
    else:
        stop = keys.position(key, after=False)
        start = max(0, stop - page_size)
    items = [keys.key(index) for index in range(start, stop)]
    if not items:
        return Page([], None, None, page_size, len(keys))
    return Page(
        items=items,
        next_cursor=encode_cursor("after", items[-1]) if stop < len(keys) else None,
        prev_cursor=encode_cursor("before", items[0]) if start > 0 else None,
        page_size=page_size,
        total=len(keys),
    )


@lru_cache(maxsize=512)
def _bound_page(
    stmt: sa.Select[Any], order: tuple[Any, ...], direction: str, bounded: bool
) -> sa.Select[Any]:
    """`stmt` limited to one page after (or before) a cursor given as bind parameters."""
    if bounded:
        bound = sa.tuple_(*order)
        key = sa.tuple_(*(sa.bindparam(f"cursor_{i}") for i in range(len(order))))
        stmt = stmt.where(bound > key if direction == "after" else bound < key)
    ordering = order if direction == "after" else [column.desc() for column in order]
    return stmt.order_by(*ordering).limit(sa.bindparam("page_limit"))


def _page(
    rows: list[Any],
    order: list[sa.ColumnElement[Any]],
    direction: str,
    key: list[Any] | None,
    page_size: int,
    total: int,
) -> Page[Any]:
    """The page of `rows` (one more than `page_size` when another page follows)."""
    more = len(rows) > page_size
    rows = rows[:page_size]
    if direction == "before":
        rows.reverse()
    if not rows:
        return Page([], None, None, page_size, total)
    first, last = _key_of(rows[0], order), _key_of(rows[-1], order)
    has_next = more if direction == "after" else True
    has_prev = key is not None if direction == "after" else more
    return Page(
        items=rows,
        next_cursor=encode_cursor("after", last) if has_next else None,
        prev_cursor=encode_cursor("before", first) if has_prev else None,
        page_size=page_size,
        total=total,
    )


def page_url(cursor: str | None) -> str | None:
    """The current request's URL with `cursor` replaced."""
    if cursor is None:
        return None
    from policyapi.urls import absolute_path_url

    args = request.args.to_dict(flat=False)
    args["cursor"] = [cursor]
    return absolute_path_url(request.path, args)


def envelope(page: Page[Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The collection envelope and its RFC 8288 Link header."""
    next_url, prev_url = page_url(page.next_cursor), page_url(page.prev_cursor)
    links = []
    if next_url:
        links.append(f'<{next_url}>; rel="next"')
    if prev_url:
        links.append(f'<{prev_url}>; rel="prev"')
    body = {
        "results": page.items,
        "pagination": {
            "next": next_url,
            "prev": prev_url,
            "page_size": page.page_size,
            "total": page.total,
        },
    }
    return body, ({"Link": ", ".join(links)} if links else {})
