"""/v1/statements and /v1/citations"""

from typing import Any

from flask.views import MethodView

from policyapi.api.blueprint import Blueprint
from policyapi.api.common import found, page_response, require_known_topics
from policyapi.api.hot import statement_detail, statement_page
from policyapi.api.linked_data import JSONLD_DOC
from policyapi.api.provisions import provision_page
from policyapi.db import get_session
from policyapi.models import Statement
from policyapi.queries.common import exists
from policyapi.queries.statements import (
    get_citation,
    list_citations,
)
from policyapi.schemas.common import PageArgsSchema, page_schema
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.schemas.statements import (
    CitationQueryArgsSchema,
    CitationSchema,
    StatementQueryArgsSchema,
    StatementSchema,
)

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
    @statements.arguments(StatementQueryArgsSchema, location="query", as_kwargs=False)
    @statements.response(200, page_schema(StatementSchema, "StatementPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List statements, filtered by speaker, kind, article, citation, topic, date or words"""
        require_known_topics(args)
        return statement_page(args)


@statements.route("/<id:statement_id>")
class StatementById(MethodView):
    @statements.doc(**JSONLD_DOC)
    @statements.response(200, StatementSchema)
    def get(self, statement_id: str) -> Any:
        """Get a statement with its anchor and citations"""
        return statement_detail(statement_id)


@statements.route("/<id:statement_id>/provisions")
class StatementProvisions(MethodView):
    @statements.arguments(PageArgsSchema, location="query", as_kwargs=False)
    @statements.response(200, page_schema(ProvisionSchema, "StatementProvisionPage"))
    def get(self, args: dict[str, Any], statement_id: str) -> Any:
        """List the provisions a statement cites (whole-document citations are in its citations)"""
        found(exists(get_session(), Statement, statement_id) or None, "statement", statement_id)
        return provision_page({**args, "cited_by": [statement_id]})


@citations.route("")
class Citations(MethodView):
    @citations.arguments(CitationQueryArgsSchema, location="query", as_kwargs=False)
    @citations.response(200, page_schema(CitationSchema, "CitationPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List citations, filtered by relation, document, provision, statement, speaker, article"""
        return page_response(*list_citations(args), args)


@citations.route("/<id:citation_id>")
class CitationById(MethodView):
    @citations.response(200, CitationSchema)
    def get(self, citation_id: str) -> Any:
        """Get a citation with both ends"""
        return found(get_citation(get_session(), citation_id), "citation", citation_id)
