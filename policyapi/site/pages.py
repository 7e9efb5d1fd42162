"""The HTML representation of the /v1 items: document, provision, statement, article, speaker,
topic. Each page reads what it shows (as the cards do) and links both ways: a provision to the
statements citing it, a statement to its provisions and to its place in the annotated article.
"""

from datetime import date
from typing import Any

import sqlalchemy as sa

from flask import Response

from policyapi.db import connect
from policyapi.embed.cards import card_version, citing_groups, nest, provision_label
from policyapi.embed.labels import full_labels
from policyapi.embed.render import card_url
from policyapi.errors import found
from policyapi.queries import catalog, documents, outline, provisions, statements
from policyapi.queries.provisions import ProvisionRow
from policyapi.queries.statements import StatementCitationRow, StatementRow
from policyapi.site.annotate import segments
from policyapi.site.render import Crumb, home_crumb, render_page
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links

# A page lists at most this many statements or provisions; the rest are in the JSON it links.
MOST = 200
# An article page shows every statement of its article, up to this bound on the work.
MOST_IN_ARTICLE = 5000
SPEAKER_COLOURS = 8  # site.css defines sp-0 ... sp-7


def statement_url(statement_id: str) -> str:
    return links().item(E.STATEMENT, statement_id)


def in_article_url(article_id: str, statement_id: str) -> str:
    """Where a statement stands in its annotated article (the page's anchor for it)."""
    return f"{links().item(E.ARTICLE, article_id)}#{statement_id}"


def document_crumb(document_id: str, title: str) -> Crumb:
    return Crumb(title, links().item(E.DOCUMENT, document_id))


def _url_helpers() -> dict[str, Any]:
    """Link builders every page template may use."""
    return {
        "document_url": lambda i: links().item(E.DOCUMENT, i),
        "provision_url": lambda i: links().item(E.PROVISION, i),
        "statement_url": statement_url,
        "article_url": lambda i: links().item(E.ARTICLE, i),
        "in_article_url": in_article_url,
        "speaker_url": lambda i: links().item(E.SPEAKER, i),
        "topic_url": lambda i: links().item(E.TOPIC, i),
        "card_url": card_url,
    }


def document_page(document_id: str, day: date | None) -> Response:
    """A document: its facts, its nested outline, and the statements about it as a whole."""
    with connect() as conn:
        document = found(documents.DOCUMENTS.get(conn, document_id), "document", document_id)
        rows = provisions.provisions_of(conn, [document_id])
        parts = provisions.parts_of(conn, [p.id for p in rows])
        actors = documents.actors_of(conn, [document_id])[document_id]
        citing = statements.statements_by(conn, "document", document_id, MOST)
        cited = statements.citations_of(conn, [s.id for s in citing])
    whole = [
        (statement, [c for c in cited[statement.id] if c.provision_id is None])
        for statement in citing
        if any(c.document_id == document_id and c.provision_id is None for c in cited[statement.id])
    ]
    return render_page(
        "site/document.html",
        title=document.title,
        crumbs=[home_crumb(), Crumb(document.title)],
        lang=document.language,
        data_url=links().item(E.DOCUMENT, document_id),
        document=document,
        actors=actors,
        children=nest(rows),
        labels=full_labels(rows),
        counts={p: sum(part.citation_counts.values()) for p, part in parts.items()},
        whole=whole,
        day=day,
        **_url_helpers(),
    )


def provision_page(conn: sa.Connection, row: ProvisionRow, day: date | None) -> Response:
    """A provision: its wording as in force, topics, evidence, and who said what about it."""
    parts = provisions.parts_of(conn, [row.id])[row.id]
    legal = card_version(conn, row, day)
    document = documents.DOCUMENTS.get(conn, row.document_id)
    assert document is not None  # nosec B101  # a provision's document exists (FK)
    groups = citing_groups(conn, row.id)
    label = provision_label(conn, row.id)
    crumbs = [home_crumb(), document_crumb(document.id, document.title)]
    crumbs += [Crumb(text, links().item(E.PROVISION, pid)) for pid, text in ancestors(conn, row)]
    return render_page(
        "site/provision.html",
        title=f"{label.text} {row.heading}",
        crumbs=[*crumbs, Crumb(label.text)],
        lang=document.language,
        data_url=links().item(E.PROVISION, row.id),
        provision=row,
        parts=parts,
        legal=legal,
        label=label,
        document=document,
        groups=groups,
        versions_url=links().to(E.PROVISION_VERSIONS, provision_id=row.id),
        **_url_helpers(),
    )


def ancestors(conn: sa.Connection, row: ProvisionRow) -> list[tuple[str, str]]:
    """The provisions enclosing this one, outermost first, with their full labels."""
    chain = outline.chains_of(conn, [row.id])
    labels = full_labels(chain.values())
    out: list[tuple[str, str]] = []
    parent = chain[row.id].parent_id
    while parent is not None and parent in chain and len(out) < len(chain):
        out.append((parent, labels[parent].text))
        parent = chain[parent].parent_id
    return out[::-1]


def statement_page(row: StatementRow, cited: list[StatementCitationRow]) -> Response:
    """A statement: who said it, where, its context in the article, and what it cites."""
    ids = [c.provision_id for c in cited if c.provision_id is not None]
    with connect() as conn:
        labels = full_labels(outline.chains_of(conn, ids).values())
    speaker = row.speaker_name or row.article_publisher
    return render_page(
        "site/statement.html",
        title=f"{speaker}: {row.text[:60]}",
        crumbs=[
            home_crumb(),
            Crumb(row.article_title, links().item(E.ARTICLE, row.article_id)),
            Crumb(f"Statement ({row.kind.replace('_', ' ')})"),
        ],
        lang=row.article_language,
        data_url=statement_url(row.id),
        statement=row,
        citations=cited,
        labels={pid: label.text for pid, label in labels.items()},
        **_url_helpers(),
    )


def speaker_colours(rows: list[StatementRow]) -> dict[str | None, str]:
    """A colour class per speaker, in order of first appearance (narration: none)."""
    colours: dict[str | None, str] = {None: "sp-none"}
    for row in rows:
        if row.speaker_id not in colours:
            colours[row.speaker_id] = f"sp-{(len(colours) - 1) % SPEAKER_COLOURS}"
    return colours


def article_page(article_id: str) -> Response:
    """The annotated article: its exact text, each statement highlighted and linked."""
    with connect() as conn:
        article = found(catalog.ARTICLES.get(conn, article_id), "article", article_id)
        rows = statements.statements_by(conn, "article", article_id, MOST_IN_ARTICLE)
        cited = statements.citations_of(conn, [s.id for s in rows])
        ids = sorted({c.provision_id for s in rows for c in cited[s.id] if c.provision_id})
        labels = full_labels(outline.chains_of(conn, ids).values())
    colours = speaker_colours(rows)
    speakers = {row.speaker_id: row.speaker_name for row in rows if row.speaker_id}
    return render_page(
        "site/article.html",
        title=article.title,
        crumbs=[home_crumb(), Crumb(article.title)],
        lang=article.language,
        data_url=links().item(E.ARTICLE, article.id),
        article=article,
        segments=segments(article.text or "", rows),
        by_id={row.id: row for row in rows},
        statements=rows,
        cited=cited,
        labels={pid: label.text for pid, label in labels.items()},
        colours=colours,
        speakers=speakers,
        **_url_helpers(),
    )


def speaker_page(speaker_id: str) -> Response:
    """A speaker: roles, and what they said, each statement linked to what it cites."""
    with connect() as conn:
        speaker = found(catalog.SPEAKERS.get(conn, speaker_id), "speaker", speaker_id)
        rows = statements.statements_by(conn, "speaker", speaker_id, MOST + 1)
        cited = statements.citations_of(conn, [s.id for s in rows[:MOST]])
    return render_page(
        "site/speaker.html",
        title=speaker.name,
        crumbs=[home_crumb(), Crumb(speaker.name)],
        data_url=links().item(E.SPEAKER, speaker.id),
        speaker=speaker,
        statements=rows[:MOST],
        more=len(rows) > MOST,
        all_url=links().to(E.SPEAKER_STATEMENTS, speaker_id=speaker.id),
        cited=cited,
        **_url_helpers(),
    )


def topic_page(topic_id: str) -> Response:
    """A topic: its description and the provisions tagged with it."""
    with connect() as conn:
        topic = found(catalog.TOPICS.get(conn, topic_id), "topic", topic_id)
        rows = provisions.provisions_with_topic(conn, topic_id, MOST + 1)
    return render_page(
        "site/topic.html",
        title=topic.label,
        crumbs=[home_crumb(), Crumb(topic.label)],
        data_url=links().item(E.TOPIC, topic.id),
        topic=topic,
        provisions=rows[:MOST],
        labels=full_labels(rows[:MOST]),
        more=len(rows) > MOST,
        all_url=links().to(E.TOPIC_PROVISIONS, topic_id=topic.id),
        **_url_helpers(),
    )
