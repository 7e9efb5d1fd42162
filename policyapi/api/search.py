"""/v1/search"""

import dataclasses
from typing import Any

from flask.views import MethodView

from flask_smorest import abort

from policyapi import render
from policyapi.api.blueprint import Blueprint
from policyapi.api.exports import refuse_other_formats
from policyapi.cache import cached_ranking
from policyapi.db import get_engine
from policyapi.pagination import envelope, paginate_keys
from policyapi.schemas.common import page_schema
from policyapi.schemas.search import SearchHitSchema, SearchQueryArgsSchema
from policyapi.search.query import highlight, hit_details, query_words, rank_matches

blp = Blueprint("search", __name__, url_prefix="/v1/search", description="Full-text search")


def _hit(links: render.Links, row: Any) -> dict[str, Any]:
    url = links.provision if row.kind == "provision" else links.statement
    document = None
    if row.document_id:
        document = {"id": row.document_id, "url": links.document(row.document_id)}
    return {
        "type": row.kind,
        "id": row.item_id,
        "url": url(row.item_id),
        "title": row.title,
        "snippet": highlight(row.snippet),
        "rank": round(float(row.rank), 6),
        "document": document,
    }


@blp.route("")
class Search(MethodView):
    @blp.arguments(SearchQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(SearchHitSchema, "SearchPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """Search provisions and statements, best matches first, with highlighted snippets"""
        words = query_words(args["q"])
        if not words:
            abort(422, errors={"q": ["must contain at least one letter or digit"]})
        refuse_other_formats(args)
        types = sorted(set(args.get("type") or ()))
        engine = get_engine()
        with engine.connect() as conn:
            # Ranked once per dataset version; every page after that is a bisection.
            ranking = cached_ranking(
                (engine.dialect.name, tuple(words), tuple(types)),
                lambda: rank_matches(conn, words, types),
            )
            page = paginate_keys(ranking, cursor=args["cursor"], page_size=args["page_size"])
            hits = hit_details(conn, words, page.items, len(ranking))
        links = render.Links()
        # Already in the documented shape (tests/test_render.py checks it against the schema).
        body, headers = envelope(dataclasses.replace(page, items=[_hit(links, h) for h in hits]))
        return render.json_response(body, headers)
