"""Content negotiation: each view declares the representations it offers, and that declaration
drives everything else.

`@offers(JSON, CSV, NDJSON)` on a view method (first = default) decides, before the view runs,
which representation a request gets: `format=<name>` if given (a name not offered is a 422
listing the offered ones), else the best of the Accept header (none acceptable is a 406). The
view reads the choice with `chosen()`. api/blueprint.py documents the same declaration in
OpenAPI: the `format` parameter and one `content` entry per media type.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request

from policyapi.errors import problem_response

F = TypeVar("F", bound=Callable[..., Any])
EXTENSION_KEY = "policyapi.offers"
TEXT: dict[str, Any] = {"type": "string"}


@dataclass(frozen=True)
class Representation:
    name: str  # its `format=` value
    media_type: str
    # How OpenAPI documents it when it is not the view's own response schema.
    schema: dict[str, Any] = field(default_factory=lambda: dict(TEXT), compare=False)
    description: str = field(default="", compare=False)


JSON = Representation("json", "application/json", description="JSON")
JSONLD = Representation(
    "jsonld",
    "application/ld+json",
    schema={
        "type": "object",
        "description": "A schema.org node with its @context",
        "required": ["@context", "@type", "@id"],
        "properties": {
            "@context": {"type": "string", "const": "https://schema.org"},
            "@type": {"type": "string", "enum": ["Legislation", "Quotation"]},
            "@id": {"type": "string", "format": "uri"},
        },
    },
    description=(
        "schema.org JSON-LD: documents and provisions as `Legislation`, statements as `Quotation`"
    ),
)
ROWS = "every matching row, streamed whole (cursor and page_size do not apply), in the columns"
CSV = Representation(
    "csv", "text/csv", description=f"CSV: {ROWS} of the table's export (/v1/datapackage.json)"
)
NDJSON = Representation(
    "ndjson", "application/x-ndjson", description=f"NDJSON: {ROWS} of the table's export"
)
HTML = Representation("html", "text/html", description="An HTML page")
ATOM = Representation(
    "atom",
    "application/atom+xml",
    description="An Atom feed (RFC 4287): one entry per change, this page's; `next` link pages on",
)
JSON_FEED = Representation(
    "jsonfeed",
    "application/feed+json",
    schema={
        "type": "object",
        "description": "A JSON Feed 1.1: one item per change, this page's; next_url pages on",
        "required": ["version", "title", "items"],
        "properties": {
            "version": {"type": "string", "const": "https://jsonfeed.org/version/1.1"},
            "title": {"type": "string"},
            "items": {"type": "array", "items": {"type": "object"}},
        },
    },
    description="A JSON Feed 1.1: one item per change, this page's; `next_url` pages on",
)


@dataclass(frozen=True)
class Offer:
    representations: tuple[Representation, ...]
    # oEmbed's own rule: a format its spec defines but this provider lacks (xml) is 501 Not
    # Implemented; any other unknown format is bad input, a 422 like everywhere else.
    not_implemented: tuple[str, ...] = ()
    # The path argument that names the representation (an export's extension), if any.
    by_path: str | None = None

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.representations]


def offers(
    *representations: Representation,
    not_implemented: tuple[str, ...] = (),
    by_path: str | None = None,
) -> Callable[[F], F]:
    """Declare the representations a view method offers, its default first."""
    offer = Offer(tuple(representations), not_implemented, by_path)

    def declare(view: F) -> F:
        view.__dict__["_offer"] = offer
        # flask-smorest copies _apidoc into the operation's documentation (api/blueprint.py).
        apidoc = dict(view.__dict__.get("_apidoc", {}))
        apidoc["representations"] = offer
        view.__dict__["_apidoc"] = apidoc
        return view

    return declare


def _offer_of(view: Any) -> Offer | None:
    view_class = getattr(view, "view_class", None)
    method = getattr(view_class, "get", None) if view_class is not None else view
    found: Offer | None = getattr(method, "_offer", None)
    return found


def _named_by_path(offer: Offer, name: str) -> Representation | Response:
    """The representation the path names, if the client accepts it."""
    chosen_one = next((r for r in offer.representations if r.name == name), None)
    if chosen_one is None:  # the route's converter admits only offered names
        return problem_response(404)
    if request.accept_mimetypes and not request.accept_mimetypes.quality(chosen_one.media_type):
        others = ", ".join(
            f"{r.media_type} (.{r.name})" for r in offer.representations if r is not chosen_one
        )
        detail = f"This resource is available as: {chosen_one.media_type}; also as {others}."
        return problem_response(406, detail)
    return chosen_one


def _choose(offer: Offer) -> Representation | Response:
    if offer.by_path is not None:
        return _named_by_path(offer, str((request.view_args or {}).get(offer.by_path)))
    requested = request.args.get("format")
    if requested is not None:
        for representation in offer.representations:
            if representation.name == requested:
                return representation
        names = ", ".join(offer.names)
        if requested in offer.not_implemented:
            return problem_response(501, f"format={requested} is not offered; use: {names}.")
        return problem_response(
            422,
            f"format: must be one of: {names}",
            errors=[{"pointer": "#/format", "detail": f"must be one of: {names}"}],
        )
    if not request.accept_mimetypes:
        return offer.representations[0]
    best = request.accept_mimetypes.best_match([r.media_type for r in offer.representations])
    for representation in offer.representations:
        if representation.media_type == best:
            return representation
    offered = ", ".join(r.media_type for r in offer.representations)
    return problem_response(406, f"This resource is available as: {offered}.")


def negotiate() -> Response | None:
    """Pipeline step: choose the view's representation, or refuse (406, 422)."""
    offer = current_app.extensions[EXTENSION_KEY].get(request.endpoint)
    if offer is None or request.method not in ("GET", "HEAD"):
        return None
    chosen_one = _choose(offer)
    if isinstance(chosen_one, Response):
        return chosen_one
    g.representation = chosen_one
    return None


def chosen() -> Representation:
    """The representation negotiated for this request (JSON outside negotiated views)."""
    found: Representation = g.get("representation", JSON)
    return found


def init_app(app: Flask) -> None:
    """Read every view's declaration once all views are registered."""
    app.extensions[EXTENSION_KEY] = {
        endpoint: offer
        for endpoint, view in app.view_functions.items()
        if (offer := _offer_of(view)) is not None
    }
