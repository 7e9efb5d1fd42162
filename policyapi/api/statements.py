"""/v1/statements and /v1/citations"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import resources
from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import filters_of
from policyapi.queries.citations import CitationFilters
from policyapi.queries.provisions import ProvisionFilters
from policyapi.queries.statements import StatementFilters
from policyapi.schemas.common import page_schema
from policyapi.schemas.provisions import ProvisionPageArgsSchema, ProvisionSchema
from policyapi.schemas.statements import (
    CitationQueryArgsSchema,
    CitationSchema,
    StatementQueryArgsSchema,
    StatementSchema,
)
from policyapi.web.negotiation import CSV, HTML, JSON, JSONLD, NDJSON, offers

statements = Blueprint(
    "statements",
    __name__,
    url_prefix="/v1/statements",
    description="Statements anchored in articles",
)
citations = Blueprint(
    "citations",
    __name__,
    url_prefix="/v1/citations",
    description="Links from statements to provisions or whole documents",
)


@statements.route("")
class Statements(MethodView):
    @offers(JSON, CSV, NDJSON)
    @statements.arguments(StatementQueryArgsSchema, location="query", as_kwargs=False)
    @statements.response(200, page_schema(StatementSchema, "StatementPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List statements, filtered by speaker, kind, article, citation, topic, date or words"""
        filters = filters_of(StatementFilters, args)
        resources.known_topics(filters.topic)
        known_ids(args)
        return resources.STATEMENTS.answer(filters, args)


@statements.route("/<id:statement_id>")
class StatementById(MethodView):
    @offers(JSON, JSONLD, HTML)
    @statements.response(200, StatementSchema)
    def get(self, statement_id: str) -> Response:
        """Get a statement with its anchor and citations"""
        return resources.statement(statement_id)


@statements.route("/<id:statement_id>/provisions")
class StatementProvisions(MethodView):
    @offers(JSON, CSV, NDJSON)
    @statements.arguments(ProvisionPageArgsSchema, location="query", as_kwargs=False)
    @statements.response(200, page_schema(ProvisionSchema, "StatementProvisionPage"))
    def get(self, args: dict[str, Any], statement_id: str) -> Response:
        """List the provisions a statement cites (whole-document citations are in its citations)"""
        resources.require("statements", "statement", statement_id)
        filters = ProvisionFilters(cited_by=(statement_id,))
        return resources.provisions_answer(filters, args)


@citations.route("")
class Citations(MethodView):
    @offers(JSON, CSV, NDJSON)
    @citations.arguments(CitationQueryArgsSchema, location="query", as_kwargs=False)
    @citations.response(200, page_schema(CitationSchema, "CitationPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List citations, filtered by relation, document, provision, statement, speaker, article"""
        known_ids(args)
        return resources.CITATIONS.answer(filters_of(CitationFilters, args), args)


@citations.route("/<id:citation_id>")
class CitationById(MethodView):
    @offers(JSON)
    @citations.response(200, CitationSchema)
    def get(self, citation_id: str) -> Response:
        """Get a citation with both ends"""
        return resources.citation(citation_id)
