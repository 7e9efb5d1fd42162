"""The public routes served outside flask-smorest, documented by hand in the OpenAPI document.

Cards, oEmbed and the embed script (embed/), the health probes (web/health.py), the docs page,
its assets, the site's search and problem pages (site/) and the document itself are plain
Flask routes; listing them here keeps "every public route is
in /openapi.json" true. Unlike the API's routes they ignore query parameters they do not
declare (marked so for web/parameters.py): embedding hosts and oEmbed consumers add their own.
"""

from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from apispec import APISpec

from policyapi.embed.theme import DEFAULT_ACCENT, ThemeName
from policyapi.site.articles import ARTICLE_RULE
from policyapi.site.docs import ASSET_RULE
from policyapi.site.problempages import PROBLEM_RULE
from policyapi.web.parameters import LENIENT

NOT_FOUND = {"$ref": "#/components/responses/NOT_FOUND"}
HTML_PAGE = {"text/html": {"schema": {"type": "string"}}}
ERRORS = {
    "400": {"$ref": "#/components/responses/BAD_REQUEST"},
    "429": {"$ref": "#/components/responses/TOO_MANY_REQUESTS"},
    "503": {"$ref": "#/components/responses/SERVICE_UNAVAILABLE"},
    "default": {"$ref": "#/components/responses/DEFAULT_ERROR"},
}
CACHED = {"304": {"$ref": "#/components/responses/NOT_MODIFIED"}}
THEME_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "query",
        "name": "theme",
        "description": "Colour scheme: `auto` follows the reader's system setting",
        "schema": {"type": "string", "enum": [t.value for t in ThemeName], "example": "dark"},
    },
    {
        "in": "query",
        "name": "accent",
        "description": f"Accent colour as hex, with or without `#` (default {DEFAULT_ACCENT})",
        "schema": {
            "type": "string",
            "pattern": "^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
            "example": "1f5fbf",
        },
    },
]
AS_OF = {
    "in": "query",
    "name": "as_of",
    "description": "Show the provisions as in force on this day (YYYY-MM-DD)",
    "schema": {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "example": "2019-06-01",
    },
}


def _card(kind: str, *, as_of: bool) -> dict[str, Any]:
    parameters = [*THEME_PARAMETERS, *([AS_OF] if as_of else [])]
    return {
        "get": {
            "operationId": f"get{kind.capitalize()}Card",
            LENIENT: True,
            "summary": f"An embeddable HTML card of a {kind} (in an iframe; /embed/v1.js sizes it)",
            "tags": ["embed"],
            "parameters": parameters,
            "responses": {
                "200": {"description": "The card: self-contained HTML", "content": HTML_PAGE},
                **CACHED,
                "404": NOT_FOUND,
                "406": {"$ref": "#/components/responses/NOT_ACCEPTABLE"},
                **ERRORS,
            },
        }
    }


OEMBED_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "query",
        "name": "url",
        "required": True,
        "description": "The URL of a provision, statement or document of this API, or of its card",
        "schema": {
            "type": "string",
            "format": "uri",
            "minLength": 1,
            "maxLength": 2000,
            "example": "https://api.example.org/v1/provisions/newark-fair-welcoming-2017-n02",
        },
    },
    {
        "in": "query",
        "name": "format",
        "description": "oEmbed format: only `json` (`xml` is a 501, as oEmbed says)",
        "schema": {"type": "string", "enum": ["json"], "example": "json"},
    },
    *(
        {
            "in": "query",
            "name": name,
            "description": f"The largest {what} the embedder can show, in CSS pixels",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100_000, "example": 400},
        }
        for name, what in (("maxwidth", "width"), ("maxheight", "height"))
    ),
    *THEME_PARAMETERS,
]
OEMBED_ANSWER = {
    "type": "object",
    "description": "oEmbed 1.0 `rich` response: an iframe of the item's card",
    "required": [
        "type",
        "version",
        "title",
        "provider_name",
        "provider_url",
        "cache_age",
        "html",
        "width",
        "height",
        "author_name",
    ],
    "properties": {
        "type": {"type": "string", "const": "rich"},
        "version": {"type": "string", "const": "1.0"},
        "title": {"type": "string"},
        "author_name": {"type": ["string", "null"]},
        "provider_name": {"type": "string"},
        "provider_url": {"type": "string", "format": "uri"},
        "cache_age": {"type": "integer"},
        "html": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
    },
}
PROBE = {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string", "enum": ["ok", "ready"]}},
}


def _get(operation_id: str, summary: str, tag: str, ok: dict[str, Any], **extra: Any) -> Any:
    responses = {"200": ok, **extra.pop("responses", {}), **ERRORS}
    return {
        "get": {
            "operationId": operation_id,
            LENIENT: True,
            "summary": summary,
            "tags": [tag],
            "responses": responses,
            **extra,
        }
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _rule(app: Flask, path: str) -> Rule:
    return next(rule for rule in app.url_map.iter_rules() if rule.rule == path)


SEARCH_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "query",
        "name": "q",
        "description": "Search words (as /v1/search); none: the page with just the search box",
        "schema": {"type": "string", "maxLength": 200, "example": "warrant"},
    },
    {
        "in": "query",
        "name": "type",
        "description": "Limit to provision or statement hits (repeatable)",
        "schema": {
            "type": "array",
            "items": {"type": "string", "enum": ["provision", "statement"]},
            "example": ["statement"],
        },
        "explode": True,
        "style": "form",
    },
    {
        "in": "query",
        "name": "page_size",
        "description": "Hits per page",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "example": 20},
    },
    {
        "in": "query",
        "name": "cursor",
        "description": "Where the page continues (from the page's own next/previous links)",
        "schema": {"type": "string"},
    },
]


def _site_routes() -> dict[str, dict[str, Any]]:
    """The human site's own routes (its /v1 pages are the API routes' text/html)."""
    page = {"description": "The page", "content": HTML_PAGE}
    return {
        "/search": _get(
            "getSearchPage",
            "Search results for people: ranked hits with the matches highlighted",
            "site",
            page,
            parameters=SEARCH_PARAMETERS,
            responses={"422": {"$ref": "#/components/responses/UNPROCESSABLE_ENTITY"}},
        ),
        ARTICLE_RULE: {
            "get": {
                "operationId": "getArticlePage",
                LENIENT: True,
                "summary": "The annotated article's short address: a 308 to /v1/articles/{id}",
                "tags": ["site"],
                "responses": {
                    "308": {
                        "description": "The article's page, /v1/articles/{id} (the query kept)",
                        "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
                    },
                    # An id no article can have (the pattern) is not this route: a plain 404.
                    "404": NOT_FOUND,
                    **ERRORS,
                },
            }
        },
        "/problems": _get(
            "getProblemTypes", "Every problem type the API answers with", "site", page
        ),
        PROBLEM_RULE: _get(
            "getProblemType",
            "What a problem type (a problem's `type` URL) means and what to do",
            "site",
            page,
            responses={"404": NOT_FOUND},
        ),
        "/favicon.ico": {
            "get": {
                "operationId": "getFavicon",
                LENIENT: True,
                "summary": "No icon: a cacheable 204, so browsers stop asking",
                "tags": ["site"],
                # Rate limits apply here as everywhere (only the probes are exempt).
                "responses": {"204": {"description": "No content"}, **ERRORS},
            }
        },
        ASSET_RULE: _get(
            "getDocsAsset",
            "A Swagger UI file of the docs page, served from this origin",
            "service",
            {
                "description": "The file",
                "content": {
                    media: {"schema": {"type": "string"}}
                    for media in ("text/javascript", "text/css", "image/png")
                },
            },
            responses={"404": NOT_FOUND},
        ),
    }


def routes(docs_path: str, spec_path: str) -> dict[str, dict[str, Any]]:
    """Flask rule -> its operations, for every public route flask-smorest does not document."""
    script = {
        "description": "The embed script",
        "content": {"text/javascript": {"schema": {"type": "string"}}},
    }
    not_implemented = {
        "description": "format=xml, which oEmbed defines and this provider does not offer",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    return {
        "/embed/provisions/<id:provision_id>": _card("provision", as_of=True),
        "/embed/statements/<id:statement_id>": _card("statement", as_of=False),
        "/embed/documents/<id:document_id>": _card("document", as_of=True),
        "/embed/v1.js": _get(
            "getEmbedScript",
            "The embed script: turns data-policyapi-* elements into sized card iframes",
            "embed",
            script,
        ),
        "/embed.js": _get(
            "getEmbedScriptAlias",
            "The embed script under its first name (the same as /embed/v1.js)",
            "embed",
            script,
        ),
        "/oembed": _get(
            "getOembed",
            "oEmbed 1.0: the rich embed of one of this API's provisions, statements or documents",
            "embed",
            _json("The oEmbed answer", OEMBED_ANSWER),
            parameters=OEMBED_PARAMETERS,
            responses={
                **CACHED,
                "404": NOT_FOUND,
                "422": {"$ref": "#/components/responses/UNPROCESSABLE_ENTITY"},
                "501": not_implemented,
            },
        ),
        "/healthz": _get(
            "getHealth", "Liveness: the process answers", "service", _json("Alive", PROBE)
        ),
        "/readyz": _get(
            "getReadiness",
            "Readiness: the database answers and is migrated to the newest revision",
            "service",
            _json("Ready", PROBE),
        ),
        docs_path: _get(
            "getDocs",
            "Interactive API documentation (Swagger UI)",
            "service",
            {"description": "The docs page", "content": HTML_PAGE},
        ),
        spec_path: _get(
            "getOpenApi",
            "This OpenAPI 3.1 document (the repository's openapi/openapi.json)",
            "service",
            _json("The OpenAPI document", {"type": "object"}),
            responses=CACHED,
        ),
        **_site_routes(),
    }


def document(app: Flask, spec: APISpec) -> None:
    """Add the routes flask-smorest does not know to the OpenAPI document (after they exist)."""
    docs_path = "/" + str(app.config.get("OPENAPI_SWAGGER_UI_PATH") or "docs").strip("/")
    prefix = str(app.config["OPENAPI_URL_PREFIX"]).rstrip("/")
    spec_path = f"{prefix}/{app.config['OPENAPI_JSON_PATH']}"
    spec.tag({"name": "embed", "description": "HTML cards, oEmbed and the embed script"})
    spec.tag({"name": "service", "description": "Health probes, the docs page, this document"})
    spec.tag({"name": "site", "description": "The human site's search, problem pages and icon"})
    for path, operations in routes(docs_path, spec_path).items():
        # flask-smorest's plugin documents the path parameters from the rule's converters.
        spec.path(rule=_rule(app, path), operations=operations, parameters=[])
