"""/v1/compare"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import resources
from policyapi.api.blueprint import Blueprint
from policyapi.schemas.relations import CompareArgsSchema, CompareSchema
from policyapi.web.negotiation import JSON, offers

blp = Blueprint(
    "compare",
    __name__,
    url_prefix="/v1/compare",
    description="The same rules in different documents, side by side",
)


@blp.route("")
class Compare(MethodView):
    @offers(JSON)
    @blp.arguments(CompareArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, CompareSchema)
    def get(self, args: dict[str, Any]) -> Response:
        """Line up corresponding provisions of two documents, or put two provisions side by side"""
        return resources.compare(args)
