"""Content negotiation hooks: JSON-LD for item endpoints, the HTML front page for browsers."""

from collections.abc import Callable
from typing import Any

from flask import Response, current_app, json, request

from flask_smorest import abort

from policyapi.api.common import found
from policyapi.db import get_session
from policyapi.embed import jsonld
from policyapi.embed.front import render_front_page
from policyapi.queries.documents import get_document
from policyapi.queries.provisions import get_provision, get_provision_by_eid
from policyapi.queries.statements import get_statement

JSONLD_MEDIA_TYPE = "application/ld+json"
FORMATS = ("json", "jsonld")


def _document(document_id: str) -> dict[str, Any]:
    document = get_document(get_session(), document_id, with_provisions=True)
    return jsonld.document_node(found(document, "document", document_id))


def _provision(provision_id: str) -> dict[str, Any]:
    provision = get_provision(get_session(), provision_id)
    return jsonld.provision_document(found(provision, "provision", provision_id))


def _provision_by_eid(document_id: str, eid: str) -> dict[str, Any]:
    provision = get_provision_by_eid(get_session(), document_id, eid)
    what = f"provision in document {document_id!r}"
    return jsonld.provision_document(found(provision, what, eid))


def _statement(statement_id: str) -> dict[str, Any]:
    statement = get_statement(get_session(), statement_id)
    return jsonld.statement_document(found(statement, "statement", statement_id))


# The item endpoints that also answer as schema.org JSON-LD, and how.
LINKED_DATA: dict[str, Callable[..., dict[str, Any]]] = {
    "documents.DocumentById": _document,
    "documents.DocumentProvisionByEid": _provision_by_eid,
    "provisions.ProvisionById": _provision,
    "statements.StatementById": _statement,
}


def wants_jsonld() -> bool:
    """`?format=jsonld`, or an Accept header preferring application/ld+json to JSON."""
    requested = request.args.get("format")
    if requested is not None:
        if requested not in FORMATS:
            abort(422, errors={"format": [f"Must be one of: {', '.join(FORMATS)}."]})
        return requested == "jsonld"
    best = request.accept_mimetypes.best_match(["application/json", JSONLD_MEDIA_TYPE])
    return best == JSONLD_MEDIA_TYPE


def answer_linked_data() -> Response | None:
    """Answer an item request with JSON-LD when asked; otherwise let the JSON view run."""
    build = LINKED_DATA.get(request.endpoint or "")
    if build is None or request.method not in ("GET", "HEAD") or not wants_jsonld():
        return None
    body = json.dumps(build(**(request.view_args or {})))
    return current_app.response_class(body, mimetype=JSONLD_MEDIA_TYPE)


def answer_front_page() -> Response | None:
    """Browsers asking for / get the HTML front page; JSON clients keep the index of links."""
    if request.endpoint != "index.Index" or request.method not in ("GET", "HEAD"):
        return None
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) != "text/html":
        return None
    return render_front_page()
