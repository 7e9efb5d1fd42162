"""/v1/provisions"""

from typing import Any

from flask.views import MethodView

from policyapi.api.blueprint import Blueprint
from policyapi.api.common import found, page_response, require_known_topics
from policyapi.api.hot import provision_detail, statement_page
from policyapi.api.linked_data import JSONLD_DOC
from policyapi.db import get_session
from policyapi.models import Provision
from policyapi.queries.common import exists
from policyapi.queries.provisions import list_provisions, with_citation_counts
from policyapi.schemas.common import page_schema
from policyapi.schemas.provisions import ProvisionQueryArgsSchema, ProvisionSchema
from policyapi.schemas.statements import StatementFilterArgsSchema, StatementSchema

blp = Blueprint(
    "provisions", __name__, url_prefix="/v1/provisions", description="Provisions of every document"
)


def provision_page(args: dict[str, Any]) -> Any:
    """A page of provisions with their citation counts."""
    stmt, order = list_provisions(args)
    body, status, headers = page_response(stmt, order, args)
    with_citation_counts(get_session(), body["results"])
    return body, status, headers


@blp.route("")
class Provisions(MethodView):
    @blp.arguments(ProvisionQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(ProvisionSchema, "ProvisionPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List provisions, filtered by document, topic, confidence, relation, speaker or words"""
        require_known_topics(args)
        return provision_page(args)


@blp.route("/<id:provision_id>")
class ProvisionById(MethodView):
    @blp.doc(**JSONLD_DOC)
    @blp.response(200, ProvisionSchema)
    def get(self, provision_id: str) -> Any:
        """Get a provision"""
        return provision_detail(provision_id)


@blp.route("/<id:provision_id>/statements")
class ProvisionStatements(MethodView):
    @blp.arguments(StatementFilterArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(StatementSchema, "ProvisionStatementPage"))
    def get(self, args: dict[str, Any], provision_id: str) -> Any:
        """Who said what about a provision (filter by speaker, relation, kind, article)"""
        found(exists(get_session(), Provision, provision_id) or None, "provision", provision_id)
        return statement_page({**args, "provision": [provision_id]})
