"""/v1/documents"""

from typing import Any

from flask.views import MethodView

from policyapi.api.blueprint import Blueprint
from policyapi.api.common import found, page_response
from policyapi.api.linked_data import JSONLD_DOC
from policyapi.db import get_session
from policyapi.queries.documents import get_document, list_documents
from policyapi.queries.provisions import get_provision_by_eid, list_provisions, with_citation_counts
from policyapi.schemas.common import PageArgsSchema, page_schema
from policyapi.schemas.documents import (
    DocumentDetailSchema,
    DocumentQueryArgsSchema,
    DocumentSchema,
)
from policyapi.schemas.provisions import ProvisionSchema

blp = Blueprint(
    "documents",
    __name__,
    url_prefix="/v1/documents",
    description="Policy documents and their provisions",
)


@blp.route("")
class Documents(MethodView):
    @blp.arguments(DocumentQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(DocumentSchema, "DocumentPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List documents"""
        stmt, order = list_documents(get_session(), args)
        return page_response(stmt, order, args)


@blp.route("/<id:document_id>")
class DocumentById(MethodView):
    @blp.doc(**JSONLD_DOC)
    @blp.response(200, DocumentDetailSchema)
    def get(self, document_id: str) -> Any:
        """Get a document with all its provisions in order"""
        return found(
            get_document(get_session(), document_id, with_provisions=True), "document", document_id
        )


@blp.route("/<id:document_id>/provisions")
class DocumentProvisions(MethodView):
    @blp.arguments(PageArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(ProvisionSchema, "DocumentProvisionPage"))
    def get(self, args: dict[str, Any], document_id: str) -> Any:
        """List a document's provisions in order"""
        found(get_document(get_session(), document_id), "document", document_id)
        stmt, order = list_provisions({"document": [document_id]})
        body, status, headers = page_response(stmt, order, args)
        with_citation_counts(get_session(), body["results"])
        return body, status, headers


@blp.route("/<id:document_id>/provisions/<id:eid>")
class DocumentProvisionByEid(MethodView):
    @blp.doc(**JSONLD_DOC)
    @blp.response(200, ProvisionSchema)
    def get(self, document_id: str, eid: str) -> Any:
        """Get a provision by its eid within a document"""
        provision = get_provision_by_eid(get_session(), document_id, eid)
        return found(provision, f"provision in document {document_id!r}", eid)
