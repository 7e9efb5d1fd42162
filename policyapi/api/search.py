"""/v1/search"""

import dataclasses
from typing import Any

from flask.views import MethodView

from flask_smorest import abort

from policyapi import render
from policyapi.api.blueprint import Blueprint
from policyapi.api.exports import stream_if_requested
from policyapi.db import get_engine
from policyapi.pagination import envelope, paginate
from policyapi.queries.search import highlight, hit_details, query_words, search
from policyapi.schemas.common import page_schema
from policyapi.schemas.search import SearchHitSchema, SearchQueryArgsSchema

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
        engine = get_engine()
        stmt, order, params = search(engine.dialect.name, words, args.get("type"))
        stream_if_requested(stmt, order, args)  # search answers JSON only: a 422 otherwise
        with engine.connect() as conn:
            page = paginate(
                conn,
                stmt,
                order,
                cursor=args["cursor"],
                page_size=args["page_size"],
                rows_not_models=True,
                params=params,
            )
            hits = hit_details(conn, words, page.items)
        links = render.Links()
        # Already in the documented shape (tests/test_render.py checks it against the schema).
        body, headers = envelope(dataclasses.replace(page, items=[_hit(links, h) for h in hits]))
        return render.json_response(body, headers)
