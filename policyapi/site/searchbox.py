"""/search: the site's search box answers here (the same ranking as /v1/search)."""

from flask import Response, request

from flask_smorest import abort
from marshmallow import ValidationError

from policyapi.api.search import search_hits
from policyapi.schemas.search import SearchQueryArgsSchema
from policyapi.site.blueprint import bp
from policyapi.site.search import search_page


@bp.get("/search")
def search() -> Response:
    """Ranked results with highlights, or the empty search page when `q` is empty."""
    if not request.args.get("q", "").strip():
        return search_page(None, None, [])
    try:
        args = SearchQueryArgsSchema().load(request.args)
    except ValidationError as error:
        abort(422, errors=error.messages)
        raise AssertionError("abort() raises") from error
    page, hits = search_hits(args)
    return search_page(args, page, hits)
