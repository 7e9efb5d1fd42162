"""/v1/jurisdictions"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import resources
from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import filters_of
from policyapi.queries.jurisdictions import JurisdictionFilters
from policyapi.schemas.common import page_schema
from policyapi.schemas.jurisdictions import JurisdictionArgsSchema, JurisdictionSchema
from policyapi.web.negotiation import CSV, JSON, NDJSON, offers

# Filters naming a division, which must be one of ours (a 422 naming the closest otherwise).
DIVISION_FILTERS = {"within": "jurisdiction", "parent": "jurisdiction"}

blp = Blueprint(
    "jurisdictions",
    __name__,
    url_prefix="/v1/jurisdictions",
    description="The documents' OCD divisions and the divisions enclosing them",
)


@blp.route("")
class Jurisdictions(MethodView):
    @offers(JSON, CSV, NDJSON)
    @blp.arguments(JurisdictionArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(JurisdictionSchema, "JurisdictionPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List jurisdictions, each with its parent chain (country first)"""
        known_ids(args, names=DIVISION_FILTERS)
        return resources.JURISDICTIONS.answer(filters_of(JurisdictionFilters, args), args)


@blp.route("/<ocd:jurisdiction_id>")
class JurisdictionById(MethodView):
    @offers(JSON)
    @blp.response(200, JurisdictionSchema)
    def get(self, jurisdiction_id: str) -> Response:
        """Get a jurisdiction by its OCD division id"""
        return resources.jurisdiction(jurisdiction_id)
