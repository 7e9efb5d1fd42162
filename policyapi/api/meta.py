"""/v1/meta and the index of links at /"""

from datetime import UTC
from typing import Any

from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.db import get_session
from policyapi.queries.meta import (
    count_records,
    get_dataset,
    get_dataset_fingerprint,
    list_source_urls,
)
from policyapi.schemas.meta import MetaSchema
from policyapi.urls import absolute_path_url, absolute_url

blp = Blueprint(
    "meta", __name__, url_prefix="/v1", description="Dataset version, counts, licence and citation"
)
index = Blueprint("index", __name__, description="Where to start")

COLLECTIONS = (
    "documents",
    "provisions",
    "topics",
    "speakers",
    "articles",
    "statements",
    "citations",
)


def how_to_cite(dataset: Any) -> str:
    publisher = dataset.publisher or "policyapi contributors"
    return (
        f"{publisher} ({dataset.loaded_at.year}). {dataset.title}. "
        f"Version {dataset.version} (content {dataset.content_hash[:12]}). "
        f"Licence: {dataset.licence.get('id', 'see licence')}."
    )


@blp.route("/meta")
class Meta(MethodView):
    @blp.response(200, MetaSchema)
    def get(self) -> Any:
        """Get the dataset version, record counts, licence and how to cite it"""
        session = get_session()
        dataset = get_dataset(session)
        if dataset is None:
            abort(404, message="No dataset has been loaded yet; run `policyapi seed load`.")
            raise AssertionError("abort() raises")
        return {
            "name": dataset.id,
            "title": dataset.title,
            "version": dataset.version,
            "content_hash": dataset.content_hash,
            "dataset_version": get_dataset_fingerprint(session),
            # SQLite hands back naive datetimes; every stored time is UTC.
            "loaded_at": dataset.loaded_at.replace(tzinfo=dataset.loaded_at.tzinfo or UTC),
            "publisher": dataset.publisher,
            "description": dataset.description,
            "licence": dataset.licence,
            "relations": dataset.relations,
            "counts": count_records(session),
            "sources": list_source_urls(session),
            "how_to_cite": how_to_cite(dataset),
        }


@index.route("/")
class Index(MethodView):
    @index.response(200)
    def get(self) -> Any:
        """List the API's entry points"""
        links = {name: absolute_url(f"{name}.{name.capitalize()}") for name in COLLECTIONS}
        return {
            "name": "policyapi",
            "description": "Policy documents as structured data, linked to what is said of them.",
            "links": {
                **links,
                "search": absolute_url("search.Search"),
                "meta": absolute_url("meta.Meta"),
                "openapi": absolute_path_url("/openapi.json"),
                "docs": absolute_path_url("/docs"),
            },
        }
