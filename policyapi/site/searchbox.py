"""/search: the site's search box answers here (the same ranking as /v1/search)."""

from typing import Any

from flask import Response, request

from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields

from policyapi.api.responses import page_request
from policyapi.api.search import search_hits
from policyapi.schemas.search import SearchQueryArgsSchema
from policyapi.search.query import KEY_KINDS
from policyapi.site.blueprint import bp
from policyapi.site.search import search_page


@bp.get("/search")
def search() -> Response:
    """Ranked results with highlights, or the empty search page when `q` is empty."""
    blank = not request.args.get("q", "").strip()
    schema = SearchQueryArgsSchema(partial=("q",) if blank else ())
    given = _query_args(schema)
    if blank:
        given.pop("q", None)  # no words yet: the page with just the search box
    try:
        args = schema.load(given)
    except ValidationError as error:
        abort(422, errors=error.messages)
        raise AssertionError("abort() raises") from error
    if blank:
        page_request(args, KEY_KINDS)  # a cursor is still checked: a bad one is a 400
        return search_page(None, None, [])
    page, hits = search_hits(args)
    return search_page(args, page, hits)


def _query_args(schema: Schema) -> dict[str, Any]:
    """The query string as the schema reads it: a list field takes every value given."""
    return {
        name: request.args.getlist(name)
        if isinstance(schema.fields.get(name), fields.List)
        else request.args[name]
        for name in request.args
    }
