"""Render a card: its stylesheet, resize script and JSON-LD inline, under a hash-based CSP."""

from datetime import date
from typing import Any

from flask import Response, render_template
from markupsafe import Markup

from policyapi.embed.labels import CONFIDENCE_LABELS, GROUP_LABELS, RELATION_LABELS
from policyapi.embed.theme import PALETTES, Theme
from policyapi.vocab import Relation
from policyapi.web.caching import dataset_fingerprint
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.html import html_response
from policyapi.web.links import links

CARDS = {"provision": E.PROVISION_CARD, "statement": E.STATEMENT_CARD, "document": E.DOCUMENT_CARD}


def stylesheet(theme: Theme) -> str:
    """The card CSS for a theme (the accent colour is validated before it gets here)."""
    return render_template(
        "embed/card.css", palettes=PALETTES, theme=theme, relations=[r.value for r in Relation]
    )


def card_url(
    kind: str, item_id: str, theme: Theme | None = None, *, as_of: date | None = None
) -> str:
    """Absolute URL of a provision, statement or document card, keeping the theme (and day)."""
    query: dict[str, str] = dict(theme.query()) if theme else {}
    if as_of is not None:
        query["as_of"] = as_of.isoformat()
    return links().to(CARDS[kind], **{f"{kind}_id": item_id}, **query)


def render_card(
    template: str,
    *,
    kind: str,
    item_id: str,
    data_url: str,
    theme: Theme,
    **context: Any,
) -> Response:
    """A framable card page: any site may embed it, nothing else may load or run in it."""
    css = stylesheet(theme)
    release = dataset_fingerprint().split("+", 1)[0]
    resize_js = render_template("embed/resize.js")
    html = render_template(
        template,
        css=Markup(css),  # nosec B704  # our own stylesheet, from fixed palettes
        resize_js=Markup(resize_js),  # nosec B704  # our own static script
        theme=theme,
        card_url=card_url(kind, item_id, theme),
        data_url=data_url,
        jsonld_url=f"{data_url}?format=jsonld",
        oembed_url=links().to(E.OEMBED, url=data_url, format="json"),
        home_url=links().path("/"),
        # The release the card was read from (the fingerprint is version+hash: no query).
        release=release,
        release_url=links().item(E.RELEASE, release),
        confidence_labels=CONFIDENCE_LABELS,
        group_labels=GROUP_LABELS,
        relation_labels=RELATION_LABELS,
        **context,
    )
    return html_response(html, styles=[css], scripts=[resize_js], frame_ancestors="*")
