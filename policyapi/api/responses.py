"""What views answer with: JSON pages with their links, streamed tables, 404s, typed filters."""

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
import sqlalchemy as sa

from flask import Response, current_app, request

from flask_smorest import abort

from policyapi.db import connect, get_engine
from policyapi.exports.encode import Format, encode, marked
from policyapi.exports.licence import with_licence
from policyapi.exports.rows import ReleaseChanged, collection_select, iter_chunks
from policyapi.exports.tables import TABLES
from policyapi.queries.collection import Collection
from policyapi.queries.keyset import Direction, Page, PageRequest, Totals
from policyapi.web import caching, cursors, negotiation, slots
from policyapi.web.links import Links, links

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")
Renderer = Callable[[sa.Connection, Links, list[R]], list[dict[str, Any]]]
TABLE_FORMATS = {negotiation.CSV: Format.CSV, negotiation.NDJSON: Format.NDJSON}


def json_response(body: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A 200 JSON answer encoded with orjson (the same JSON, several times faster)."""
    return current_app.response_class(
        orjson.dumps(body) + b"\n", mimetype=negotiation.chosen().media_type, headers=headers
    )


def filters_of(kind: type[F], args: Mapping[str, Any], **fixed: Any) -> F:
    """The typed filters of a collection from its loaded query arguments (and the path's)."""
    values: dict[str, Any] = {}
    for name in (f.name for f in dataclasses.fields(kind)):  # type: ignore[arg-type]
        value = fixed.get(name, args.get(name))
        if value is not None:
            values[name] = tuple(value) if isinstance(value, list) else value
    return kind(**values)


def page_request(args: Mapping[str, Any], kinds: Sequence[type]) -> PageRequest:
    """The page asked for: its size (at most PAGE_SIZE_MAX) and where its cursor continues."""
    size = args.get("page_size") or current_app.config["PAGE_SIZE_DEFAULT"]
    most = int(current_app.config["PAGE_SIZE_MAX"])
    if size > most:
        abort(422, errors={"page_size": [f"must be at most {most}"]})
    token = args.get("cursor")
    if not token:
        return PageRequest(size)
    try:
        position = cursors.decode(_secret(), token, str(request.endpoint), kinds, _query())
    except cursors.InvalidCursor as error:
        abort(400, message=str(error))
    return PageRequest(size, position)


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


# Query parameters a cursor stays valid across: they shape the page, not the list it pages.
UNBOUND = frozenset({"cursor", "page_size", "format"})


def _query() -> str:
    """What this request's cursors are bound to: its path and its filters."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in UNBOUND]
    return cursors.query_digest([("", request.path), *pairs])


def _page_url(direction: Direction, key: list[Any] | None) -> str | None:
    """This request's URL continuing after (or before) `key`."""
    if key is None:
        return None
    args = request.args.to_dict(flat=False)
    args["cursor"] = [cursors.encode(_secret(), str(request.endpoint), direction, key, _query())]
    return links().path(request.path, args)


def page_urls(page: Page[Any]) -> tuple[str | None, str | None]:
    """This request's next and previous pages, if any."""
    return _page_url("after", page.next_key), _page_url("before", page.prev_key)


def page_response(page: Page[Any], items: list[dict[str, Any]]) -> Response:
    """The collection envelope, with the next and previous pages in a `Link` header too."""
    next_url, prev_url = page_urls(page)
    link = [f'<{url}>; rel="{rel}"' for url, rel in ((next_url, "next"), (prev_url, "prev")) if url]
    body = {
        "results": items,
        "pagination": {
            "next": next_url,
            "prev": prev_url,
            "page_size": page.size,
            "total": page.total,
        },
    }
    return json_response(body, {"Link": ", ".join(link)} if link else None)


@dataclass(frozen=True)
class Listing(Generic[F, R]):
    """A collection's query and its representation, wired together (its export table too)."""

    collection: Collection[F, R]
    render: Renderer[R]

    def answer(self, filters: F, args: Mapping[str, Any]) -> Response:
        """One page of JSON, or every matching row as CSV or NDJSON if that was negotiated."""
        fmt = TABLE_FORMATS.get(negotiation.chosen())
        if fmt is not None:
            # Every matching row: a worker sends few such downloads at once.
            return slots.held_until_sent(slots.DOWNLOAD, lambda: self._stream(filters, fmt))
        page, items = self.page(filters, args)
        return page_response(page, items)

    def page(
        self, filters: F, args: Mapping[str, Any], totals: Totals = caching.cached_total
    ) -> tuple[Page[R], list[dict[str, Any]]]:
        """The page asked for and its items' JSON (`totals` may skip counting: feeds)."""
        page_asked = page_request(args, self.collection.keyset.kinds)
        # Matching q reads the search index: a worker runs few such pages at once.
        searching = slots.slot(slots.SEARCH) if getattr(filters, "q", None) else nullcontext()
        with searching, connect() as conn:
            page = self.collection.list(conn, filters, page_asked, totals)
            items = self.render(conn, links(), page.items)
        return page, items

    def page_url(self, page: Page[R]) -> str | None:
        """The next page's URL, for representations that link it themselves (feeds)."""
        return _page_url("after", page.next_key)

    def _stream(self, filters: F, fmt: Format) -> Response:
        rows = self.collection
        table = TABLES[rows.name]
        query = collection_select(table, rows.where(filters), rows.keyset.columns)
        seconds = float(current_app.config["STATEMENT_TIMEOUT"])
        order = rows.keyset.columns
        batches = iter_chunks(get_engine(), query, order, rows.params(filters), seconds)
        body = marked(fmt, encode(table, fmt, batches), ReleaseChanged)
        response: Response = current_app.response_class(
            body, mimetype=negotiation.chosen().media_type
        )
        return with_licence(response)
