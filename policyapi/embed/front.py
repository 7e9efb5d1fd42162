"""The front page for people: each document's outline with who said what, and where to go next."""

from dataclasses import dataclass

from flask import Response, render_template
from markupsafe import Markup

from policyapi.db import get_session
from policyapi.embed.labels import CONFIDENCE_LABELS, GROUP_LABELS
from policyapi.embed.render import card_url, stylesheet
from policyapi.embed.security import html_response
from policyapi.embed.theme import theme_from_request
from policyapi.exports.encode import Format
from policyapi.exports.tables import TABLES
from policyapi.models import Provision
from policyapi.queries.embed import list_documents_with_provisions
from policyapi.queries.meta import get_dataset
from policyapi.urls import absolute_path_url, absolute_url
from policyapi.vocab import Relation

CHART_WIDTH = 120


@dataclass
class Bar:
    """One relation's segment of a provision's stacked bar."""

    relation: str
    count: int
    x: float
    width: float


def chart(provision: Provision, scale: int) -> list[Bar]:
    """Stacked segments, one per relation with citing statements, on a shared scale."""
    counts: dict[str, int] = getattr(provision, "citation_counts", {})
    bars, x = [], 0.0
    for relation in Relation:
        count = counts.get(relation.value, 0)
        if count:
            width = CHART_WIDTH * count / scale
            bars.append(Bar(relation.value, count, round(x, 2), round(width, 2)))
            x += width
    return bars


def chart_label(bars: list[Bar]) -> str:
    """What the chart shows, for screen readers and as a tooltip."""
    if not bars:
        return "No citing statements"
    parts = (f"{b.count} {GROUP_LABELS[b.relation].split()[0].lower()}" for b in bars)
    return "Citing statements: " + ", ".join(parts)


def render_front_page() -> Response:
    """The human index at / (JSON clients get the index of links instead)."""
    theme = theme_from_request()
    session = get_session()
    documents = list_documents_with_provisions(session)
    provisions = [p for d in documents for p in d.provisions]
    scale = max([sum(getattr(p, "citation_counts", {}).values()) for p in provisions] + [1])
    charts = {p.id: chart(p, scale) for p in provisions}
    css = stylesheet(theme) + render_template("embed/front.css")
    example = provisions[0].id if provisions else "PROVISION_ID"
    html = render_template(
        "embed/front.html",
        css=Markup(css),  # nosec B704  # our own stylesheet, from fixed palettes
        theme=theme,
        dataset=get_dataset(session),
        documents=documents,
        charts=charts,
        chart_label=chart_label,
        chart_width=CHART_WIDTH,
        relations=[r.value for r in Relation],
        group_labels=GROUP_LABELS,
        confidence_labels=CONFIDENCE_LABELS,
        card_url=card_url,
        absolute_url=absolute_url,
        url=absolute_path_url,
        exports=[(name, [f.value for f in Format]) for name in TABLES],
        example_id=example,
    )
    return html_response(html, styles=[css])
