"""/v1/search"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from flask import Response
from flask.views import MethodView

from policyapi.api.blueprint import Blueprint
from policyapi.api.responses import page_request, page_response
from policyapi.db import connect
from policyapi.queries.keyset import Page, page_keys
from policyapi.representations import json
from policyapi.schemas.common import page_schema
from policyapi.schemas.search import SearchHitSchema, SearchQueryArgsSchema
from policyapi.search.language import parse
from policyapi.search.query import KEY_KINDS, Ranking, count_items, hit_details, rank_matches
from policyapi.site.search import search_page
from policyapi.web import slots
from policyapi.web.caching import cached_ranking, cached_total
from policyapi.web.links import links
from policyapi.web.negotiation import HTML, JSON, chosen, offers

# The index's size, an input of every ranking: counted once per dataset version.
ITEMS_KEY = ("search", "items")


def items(conn: Connection) -> Callable[[], int]:
    return lambda: count_items(conn)


blp = Blueprint("search", __name__, url_prefix="/v1/search", description="Full-text search")


@blp.route("")
class Search(MethodView):
    @offers(JSON, HTML)
    @blp.arguments(SearchQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(SearchHitSchema, "SearchPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """Search provisions and statements, best matches first, with highlighted snippets"""
        page, hits = search_hits(args)
        if chosen() is HTML:
            return search_page(args, page, hits)
        return page_response(page, hits)


def search_hits(args: dict[str, Any]) -> tuple[Page[Any], list[dict[str, Any]]]:
    """One page of ranked hits for validated arguments, as the API represents them."""
    query = parse(args["q"])  # the schema has parsed it once: this is a cache hit
    types = sorted(set(args.get("type") or ()))
    asked = page_request(args, KEY_KINDS)
    with connect() as conn:

        def rank() -> Ranking:
            with slots.slot(slots.SEARCH):  # the dear part: a worker runs few at once
                return rank_matches(conn, query, types, cached_total(ITEMS_KEY, items(conn)))

        # Ranked once per dataset version and normalised query; pages are bisections.
        ranking = cached_ranking(("search", query.key, tuple(types)), rank, Ranking.from_bytes)
        page = page_keys(ranking, asked)
        hits = hit_details(conn, query, page.items)
    return page, [json.search_hit(links(), hit) for hit in hits]
