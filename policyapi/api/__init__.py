"""The public HTTP API (v1): one flask-smorest Blueprint per resource."""

from flask import Flask

from policyapi.api import (
    catalog,
    compare,
    documents,
    exports,
    jurisdictions,
    meta,
    provisions,
    releases,
    search,
    statements,
    suggest,
)
from policyapi.api.common import (
    IdConverter,
    OcdConverter,
    VersionConverter,
    id_converter_doc,
    ocd_converter_doc,
    version_converter_doc,
)
from policyapi.errors import ProblemApi

API_DESCRIPTION = """\
Read-only open data API: policy documents modelled as numbered provisions, and statements from
news articles anchored to exact spans of the article text and linked to the provisions they cite.
Collections are cursor-paginated (`cursor`, `page_size` up to 500) with an RFC 8288 `Link`
header; errors are RFC 9457 `application/problem+json`; every GET has a strong `ETag`.
A query parameter an operation does not declare is a 400 naming it and a close match; an id
in a filter that no record has is a 422 naming the closest ids.
"""


def init_app(app: Flask) -> ProblemApi:
    """Create the Api and register every blueprint."""
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["ocd"] = OcdConverter
    app.url_map.converters["version"] = VersionConverter
    app.config.setdefault("API_SPEC_OPTIONS", {})
    # Relative to where the document is fetched (OpenAPI 3.1 §4.8.5): the request's own base,
    # unless PUBLIC_BASE_URL names the public one.
    server = str(app.config.get("PUBLIC_BASE_URL") or "/").rstrip("/") or "/"
    app.config["API_SPEC_OPTIONS"] = {
        "servers": [{"url": server, "description": "This API"}],
        "info": {
            "description": API_DESCRIPTION,
            "license": {"name": "MIT (code); data licence at /v1/meta", "identifier": "MIT"},
        },
        **app.config["API_SPEC_OPTIONS"],
    }
    api = ProblemApi(app)
    # flask-smorest always declares its page/offset pagination schema; we use cursors instead.
    api.spec.components.schemas.pop("PaginationMetadata", None)
    api.register_converter(IdConverter, id_converter_doc)
    api.register_converter(OcdConverter, ocd_converter_doc)
    api.register_converter(VersionConverter, version_converter_doc)
    for blueprint in (
        documents.blp,
        provisions.blp,
        compare.blp,
        jurisdictions.blp,
        catalog.topics,
        catalog.speakers,
        catalog.articles,
        statements.statements,
        statements.citations,
        search.blp,
        suggest.blp,
        releases.releases,
        releases.changes,
        meta.blp,
        meta.index,
        exports.blp,
    ):
        api.register_blueprint(blueprint)
    return api
