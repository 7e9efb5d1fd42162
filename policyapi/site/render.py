"""Render a site page: the card palette and the site's own CSS inline, under a strict CSP.

Pages run no script at all; their one form (the search box) may only be sent to this origin.
"""

from dataclasses import dataclass
from typing import Any

from flask import Response, render_template
from markupsafe import Markup

from policyapi.embed.labels import CONFIDENCE_LABELS, GROUP_LABELS, RELATION_LABELS
from policyapi.embed.render import stylesheet
from policyapi.embed.theme import Theme
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.html import html_response
from policyapi.web.links import links

KIND_LABELS = {"direct_quote": "Quote", "paraphrase": "Paraphrase", "narration": "Narration"}


@dataclass(frozen=True)
class Crumb:
    """One step of a page's breadcrumbs; the last one is the page itself (no link)."""

    label: str
    url: str | None = None


def site_stylesheet() -> str:
    """The cards' palette and components (light, dark, or the reader's scheme), then the site's."""
    return stylesheet(Theme()) + render_template("site/site.css")


def render_page(
    template: str,
    *,
    title: str,
    crumbs: list[Crumb],
    status: int = 200,
    lang: str = "en",
    query: str = "",
    frame_ancestors: str = "'none'",
    **context: Any,
) -> Response:
    """A page of the site: header with the search box, breadcrumbs, the template's main part."""
    css = site_stylesheet()
    html = render_template(
        template,
        css=Markup(css),  # nosec B704  # our own stylesheet, from fixed palettes
        title=title,
        crumbs=crumbs,
        lang=lang,
        query=query,
        home_url=links().path("/"),
        search_url=links().to(E.SITE_SEARCH),
        docs_url=links().path("/docs"),
        confidence_labels=CONFIDENCE_LABELS,
        group_labels=GROUP_LABELS,
        relation_labels=RELATION_LABELS,
        kind_labels=KIND_LABELS,
        **context,
    )
    return html_response(
        html, styles=[css], form_action="'self'", status=status, frame_ancestors=frame_ancestors
    )


def home_crumb() -> Crumb:
    return Crumb("Home", links().path("/"))
