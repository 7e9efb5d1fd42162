"""/v1/search"""

from typing import Any

from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.api.common import page_response
from policyapi.db import get_session
from policyapi.queries.search import highlight, hit_details, query_words, search
from policyapi.schemas.common import page_schema
from policyapi.schemas.search import SearchHitSchema, SearchQueryArgsSchema
from policyapi.urls import absolute_url

blp = Blueprint("search", __name__, url_prefix="/v1/search", description="Full-text search")

ENDPOINTS = {
    "provision": ("provisions.ProvisionById", "provision_id"),
    "statement": ("statements.StatementById", "statement_id"),
}


def _hit(row: Any) -> dict[str, Any]:
    endpoint, arg = ENDPOINTS[row.kind]
    document = None
    if row.document_id:
        document = {
            "id": row.document_id,
            "url": absolute_url("documents.DocumentById", document_id=row.document_id),
        }
    return {
        "type": row.kind,
        "id": row.item_id,
        "url": absolute_url(endpoint, **{arg: row.item_id}),
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
        stmt, order = search(get_session(), words, args.get("type"))
        body, status, headers = page_response(stmt, order, args, rows_not_models=True)
        body["results"] = [_hit(hit) for hit in hit_details(get_session(), words, body["results"])]
        return body, status, headers
