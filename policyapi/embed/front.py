"""The front page for people: each document's outline with who said what, and where to go next.

Its provisions and documents link to their pages (the /v1 URLs, as HTML for browsers).
"""

from dataclasses import dataclass

from flask import Response, render_template
from markupsafe import Markup

from policyapi.db import connect, get_session
from policyapi.embed.cards import nest
from policyapi.embed.labels import CONFIDENCE_LABELS, GROUP_LABELS, full_labels
from policyapi.embed.render import card_url, stylesheet
from policyapi.embed.theme import theme_from_request
from policyapi.exports.encode import Format
from policyapi.exports.tables import TABLES
from policyapi.queries import documents, provisions
from policyapi.queries.meta import get_dataset
from policyapi.vocab import Relation
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.html import html_response
from policyapi.web.links import links

CHART_WIDTH = 120


@dataclass
class Bar:
    """One relation's segment of a provision's stacked bar."""

    relation: str
    count: int
    x: float
    width: float


def chart(counts: dict[str, int], scale: int) -> list[Bar]:
    """Stacked segments, one per relation with citing statements, on a shared scale."""
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
    with connect() as conn:
        every = documents.every_document(conn)
        rows = provisions.provisions_of(conn, [d.id for d in every])
        parts = provisions.parts_of(conn, [p.id for p in rows])
    by_document: dict[str, list[provisions.ProvisionRow]] = {d.id: [] for d in every}
    for row in rows:
        by_document[row.document_id].append(row)
    outlines = {document_id: nest(listed) for document_id, listed in by_document.items()}
    counts = {p: part.citation_counts for p, part in parts.items()}
    scale = max([sum(c.values()) for c in counts.values()] + [1])
    css = stylesheet(theme) + render_template("embed/front.css")
    html = render_template(
        "embed/front.html",
        css=Markup(css),  # nosec B704  # our own stylesheet, from fixed palettes
        theme=theme,
        dataset=get_dataset(get_session()),
        documents=every,
        outlines=outlines,
        labels=full_labels(rows),
        charts={p: chart(c, scale) for p, c in counts.items()},
        chart_label=chart_label,
        chart_width=CHART_WIDTH,
        relations=[r.value for r in Relation],
        group_labels=GROUP_LABELS,
        confidence_labels=CONFIDENCE_LABELS,
        card_url=card_url,
        document_url=lambda document_id: links().item(E.DOCUMENT, document_id),
        provision_url=lambda provision_id: links().item(E.PROVISION, provision_id),
        url=links().path,
        exports=[(name, [f.value for f in Format]) for name in TABLES],
        example_id=rows[0].id if rows else "PROVISION_ID",
    )
    return html_response(html, styles=[css], form_action="'self'")  # the search box
