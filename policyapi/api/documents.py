"""/v1/documents"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import resources
from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import filters_of
from policyapi.queries.documents import DocumentFilters
from policyapi.queries.provisions import ProvisionFilters
from policyapi.schemas.common import page_schema
from policyapi.schemas.documents import (
    DocumentDetailSchema,
    DocumentQueryArgsSchema,
    DocumentSchema,
)
from policyapi.schemas.provisions import ProvisionPageArgsSchema, ProvisionSchema
from policyapi.schemas.relations import RelationArgsSchema, RelationSchema
from policyapi.schemas.versions import AsOfArgsSchema
from policyapi.web.negotiation import CSV, HTML, JSON, JSONLD, NDJSON, offers

blp = Blueprint(
    "documents",
    __name__,
    url_prefix="/v1/documents",
    description="Policy documents and their provisions",
)


@blp.route("")
class Documents(MethodView):
    @offers(JSON, CSV, NDJSON)
    @blp.arguments(DocumentQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(DocumentSchema, "DocumentPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List documents"""
        filters = filters_of(DocumentFilters, args)
        resources.known_doc_types(filters.doc_type)
        known_ids(args)
        return resources.DOCUMENTS.answer(filters, args)


@blp.route("/<id:document_id>")
class DocumentById(MethodView):
    @offers(JSON, JSONLD, HTML)
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, DocumentDetailSchema)
    def get(self, args: dict[str, Any], document_id: str) -> Response:
        """Get a document with all its provisions in order (as in force on a day: as_of)"""
        return resources.document(document_id, args["as_of"])


@blp.route("/<id:document_id>/provisions")
class DocumentProvisions(MethodView):
    @offers(JSON, CSV, NDJSON)
    @blp.arguments(ProvisionPageArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(ProvisionSchema, "DocumentProvisionPage"))
    def get(self, args: dict[str, Any], document_id: str) -> Response:
        """List a document's provisions in order"""
        resources.require("documents", "document", document_id)
        return resources.provisions_answer(ProvisionFilters(document=(document_id,)), args)


URL = {"type": "string", "format": "uri"}


@blp.route("/<id:document_id>/provisions/<id:eid>")
class DocumentProvisionByEid(MethodView):
    @offers(JSON, JSONLD, HTML)
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, ProvisionSchema)
    @blp.alt_response(
        308,
        description="Given the provision's printed number or its id instead of its eid: the "
        "eid's URL (Location), the query kept",
        headers={"Location": {"description": "The provision's URL by eid", "schema": URL}},
    )
    def get(self, args: dict[str, Any], document_id: str, eid: str) -> Response:
        """Get a provision by its eid within a document (a number or id redirects to it)"""
        return resources.provision_by_eid(document_id, eid, args["as_of"])


@blp.route("/<id:document_id>/relations")
class DocumentRelations(MethodView):
    @offers(JSON)
    @blp.arguments(RelationArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(RelationSchema, "DocumentRelationPage"))
    def get(self, args: dict[str, Any], document_id: str) -> Response:
        """A document's relations to other documents (amends, overlays...), both ways"""
        return resources.document_relations(document_id, args)
