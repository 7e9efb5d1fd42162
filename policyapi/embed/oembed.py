"""oEmbed 1.0 provider: /oembed?url=<provision, statement or document URL>&format=json."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from flask import Response, current_app, jsonify, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from flask_smorest import abort
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from policyapi.db import connect
from policyapi.embed.blueprint import bp
from policyapi.embed.cards import citing_groups, provision_label
from policyapi.embed.render import card_url
from policyapi.embed.theme import Theme, theme_from_request
from policyapi.queries import documents, provisions, statements
from policyapi.queries.provisions import ProvisionRow
from policyapi.schemas.common import Text
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links
from policyapi.web.negotiation import JSON, offers

DEFAULT_WIDTH = 560
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
IFRAME_HTML = Markup(
    '<iframe src="{src}" width="{width}" height="{height}" title="{title}" loading="lazy" '
    'sandbox="{sandbox}" data-policyapi-embed="{kind}" style="border:0;max-width:100%">'
    '</iframe><script async src="{script}"></script>'
)
# Which routes name which kind of item, and the path argument holding its id.
ITEM_ENDPOINTS: dict[str, tuple[str, str]] = {
    E.PROVISION: ("provision", "provision_id"),
    E.PROVISION_CARD: ("provision", "provision_id"),
    E.STATEMENT: ("statement", "statement_id"),
    E.STATEMENT_CARD: ("statement", "statement_id"),
    E.DOCUMENT: ("document", "document_id"),
    E.DOCUMENT_CARD: ("document", "document_id"),
}


def _splittable(url: str) -> None:
    # urlsplit raises on a broken IP literal ("http://[::1", "http://[zz]/") or a host NFKC would
    # change: bad input, a 400 like any other, not an error deep in the route lookup.
    try:
        urlsplit(url)
    except ValueError:
        raise ValidationError("Not a URL: its host cannot be parsed.") from None


class OembedArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    url = Text(required=True, max_length=2000, validate=_splittable)
    maxwidth = fields.Integer(strict=False, validate=validate.Range(min=1, max=100_000))
    maxheight = fields.Integer(strict=False, validate=validate.Range(min=1, max=100_000))


@dataclass
class Embeddable:
    kind: str
    item_id: str
    title: str
    author_name: str | None
    height: int  # estimated at DEFAULT_WIDTH; the embed script corrects it


def _load_args() -> dict[str, Any]:
    try:
        args: dict[str, Any] = OembedArgsSchema().load(request.args.to_dict(flat=True))
    except ValidationError as error:
        messages: dict[str, Any] = error.messages if isinstance(error.messages, dict) else {}
        said = "; ".join(f"{name} {' '.join(map(str, said))}" for name, said in messages.items())
        abort(400, message=f"Invalid oEmbed parameters: {said}", errors=error.messages)
        raise AssertionError("abort() raises") from error
    return args


def _route_for(url: str) -> tuple[str, dict[str, Any]] | None:
    """The endpoint and path values `url` names on this API, or None if it is not ours."""
    parts = urlsplit(url)
    base = urlsplit(links().path("/"))
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
        return None
    prefix = base.path.rstrip("/")
    if not parts.path.startswith(prefix + "/"):
        return None
    adapter = current_app.url_map.bind(base.netloc)
    try:
        endpoint, values = adapter.match(parts.path[len(prefix) :], method="GET")
    except HTTPException:
        return None
    return str(endpoint), dict(values)


def _lines(text: str, per_line: int) -> int:
    return max(1, -(-len(text) // per_line))


def _provision_height(conn: sa.Connection, provision: ProvisionRow) -> int:
    """Rough card height at DEFAULT_WIDTH (measured within about 50 px on the seed data)."""
    groups = citing_groups(conn, provision.id)
    shown = [s for g in groups for s in g.shown]
    return (
        175
        + 25 * _lines(provision.heading, 50)
        + 22 * _lines(provision.summary, 68)
        + (40 * len(groups) if groups else 25)
        + sum(62 + 23 * _lines(s.text, 60) for s in shown)
    )


def _embeddable(conn: sa.Connection, kind: str, item_id: str) -> Embeddable | None:
    if kind == "provision":
        provision = provisions.PROVISIONS.get(conn, item_id)
        if provision is None:
            return None
        title = f"{provision_label(conn, provision.id).text}: {provision.heading}"
        return Embeddable(kind, provision.id, title, None, _provision_height(conn, provision))
    if kind == "statement":
        statement = statements.STATEMENTS.get(conn, item_id)
        if statement is None:
            return None
        author = statement.speaker_name or statement.article_publisher
        cited = statements.citations_of(conn, [statement.id])[statement.id]
        height = 250 + 60 * len(cited) + len(statement.text) // 3
        return Embeddable(kind, statement.id, statement.text[:120], author, height)
    document = documents.DOCUMENTS.get(conn, item_id)
    if document is None:
        return None
    height = 150 + 30 * len(provisions.provisions_of(conn, [document.id]))
    return Embeddable(kind, document.id, document.title, document.issuer, height)


def _resolve(url: str) -> Embeddable | None:
    """What `url` shows, if it names an existing provision, statement or document here."""
    route = _route_for(url)
    if route is None:
        return None
    endpoint, values = route
    with connect() as conn:
        if endpoint == E.DOCUMENT_PROVISION:
            found = provisions.get_provision_by_eid(conn, values["document_id"], values["eid"])
            endpoint, values = E.PROVISION, {"provision_id": found and found.id}
        if endpoint not in ITEM_ENDPOINTS or values.get(ITEM_ENDPOINTS[endpoint][1]) is None:
            return None
        kind, arg = ITEM_ENDPOINTS[endpoint]
        return _embeddable(conn, kind, values[arg])


def _iframe_html(item: Embeddable, width: int, height: int, theme: Theme) -> str:
    return str(
        IFRAME_HTML.format(
            src=card_url(item.kind, item.item_id, theme),
            width=width,
            height=height,
            title=item.title,
            sandbox=IFRAME_SANDBOX,
            kind=item.kind,
            script=links().path("/embed/v1.js"),
        )
    )


@bp.get("/oembed")
@offers(JSON, not_implemented=("xml",))  # oEmbed: its xml format is a 501
def oembed() -> Response:
    """The oEmbed `rich` response for one of this API's items."""
    args = _load_args()
    theme = theme_from_request()
    item = _resolve(args["url"])
    if item is None:
        abort(404, message="That URL is not a provision, statement or document of this API.")
        raise AssertionError("abort() raises")
    width = min(DEFAULT_WIDTH, args.get("maxwidth") or DEFAULT_WIDTH)
    height = min(item.height, args.get("maxheight") or item.height)
    body: dict[str, Any] = {
        "type": "rich",
        "version": "1.0",
        "title": item.title,
        "provider_name": "policyapi",
        "provider_url": links().path("/"),
        "cache_age": current_app.config["CACHE_MAX_AGE"],
        "html": _iframe_html(item, width, height, theme),
        "width": width,
        "height": height,
        # Present and null when nobody is named: every key of our JSON is always there.
        "author_name": item.author_name or None,
    }
    return jsonify(body)
