"""/v1/meta and the index of links at /"""

from datetime import UTC
from typing import Any

from flask import Response
from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.api.history import citable_url, current_release
from policyapi.api.responses import json_response
from policyapi.db import get_session
from policyapi.embed.front import render_front_page
from policyapi.exports.citation import dataset_citation, text
from policyapi.queries.meta import (
    count_records,
    get_dataset,
    get_dataset_fingerprint,
    list_doc_types,
    list_source_urls,
)
from policyapi.schemas.meta import IndexSchema, MetaSchema
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links
from policyapi.web.negotiation import HTML, JSON, chosen, offers

blp = Blueprint(
    "meta", __name__, url_prefix="/v1", description="Dataset version, counts, licence and citation"
)
index = Blueprint("index", __name__, description="Where to start")

NO_DATASET = "No dataset has been loaded yet; run `policyapi seed load`."
COLLECTIONS = (
    E.DOCUMENTS,
    E.PROVISIONS,
    E.TOPICS,
    E.SPEAKERS,
    E.ARTICLES,
    E.STATEMENTS,
    E.CITATIONS,
    E.JURISDICTIONS,
)


@blp.route("/meta")
class Meta(MethodView):
    @offers(JSON)
    @blp.response(200, MetaSchema)
    def get(self) -> Any:
        """Get the dataset version, record counts, licence and how to cite it"""
        session = get_session()
        dataset = get_dataset(session)
        if dataset is None:
            abort(404, message=NO_DATASET)
            raise AssertionError("abort() raises")
        fingerprint = get_dataset_fingerprint(session)
        conn = session.connection()
        citable = citable_url(conn, dataset.version)
        return {
            "name": dataset.id,
            "title": dataset.title,
            "version": dataset.version,
            "content_hash": dataset.content_hash,
            "dataset_version": fingerprint,
            # SQLite hands back naive datetimes; every stored time is UTC.
            "loaded_at": dataset.loaded_at.replace(tzinfo=dataset.loaded_at.tzinfo or UTC),
            "released_on": dataset.released_on,
            "release": current_release(conn, dataset.version),
            "publisher": dataset.publisher,
            "description": dataset.description,
            "licence": dataset.licence,
            "relations": dataset.relations,
            "doc_types": list_doc_types(session),
            "counts": count_records(session),
            "sources": list_source_urls(session),
            "how_to_cite": text(dataset_citation(dataset, fingerprint, citable)),
        }


@index.route("/")
class Index(MethodView):
    @offers(JSON, HTML)
    @index.response(200, IndexSchema)
    def get(self) -> Response:
        """List the API's entry points (browsers get the human front page)"""
        if chosen() is HTML:
            return render_front_page()
        to = links().to
        return json_response(
            {
                "name": "policyapi",
                "description": "Policy documents as data, linked to what is said of them.",
                "links": {
                    **{endpoint.split(".")[0]: to(endpoint) for endpoint in COLLECTIONS},
                    "search": to(E.SEARCH),
                    "compare": to(E.COMPARE),
                    "meta": to(E.META),
                    "openapi": links().path("/openapi.json"),
                    "docs": links().path("/docs"),
                },
            }
        )
