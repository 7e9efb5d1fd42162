"""Read what the provision suggester is built from: targets, their words, reviewed citations.

Four plain selects, each read whole once per dataset version (policyapi/suggest/cache.py);
nothing here is on a request's path after that.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

import sqlalchemy as sa

from policyapi.queries.common import (
    CITATIONS_TABLE,
    DOCUMENTS_TABLE,
    PROVISION_TOPICS_TABLE,
    PROVISIONS_TABLE,
    STATEMENTS_TABLE,
    TOPICS_TABLE,
)
from policyapi.vocab import CitationStatus


class DocumentText(NamedTuple):
    id: str
    title: str
    summary: str | None


class ProvisionText(NamedTuple):
    id: str
    document_id: str
    parent_id: str | None
    number: str
    label_scheme: str
    eid: str
    heading: str
    summary: str
    text: str | None


class TopicText(NamedTuple):
    id: str
    label: str
    description: str


class CitedStatement(NamedTuple):
    """A statement and one target it cites (provision None: the whole document), or none."""

    statement_id: str
    text: str
    document_id: str | None
    provision_id: str | None
    relation: str | None


def list_documents(conn: sa.Connection) -> list[DocumentText]:
    d = DOCUMENTS_TABLE.c
    rows = conn.execute(sa.select(d.id, d.title, d.summary).order_by(d.id))
    return [DocumentText(*row) for row in rows]


def list_provisions(conn: sa.Connection) -> list[ProvisionText]:
    p = PROVISIONS_TABLE.c
    rows = conn.execute(
        sa.select(
            p.id, p.document_id, p.parent_id, p.number, p.label_scheme, p.eid, p.heading,
            p.summary, p.text,
        ).order_by(p.document_id, p.position, p.id)
    )  # fmt: skip
    return [ProvisionText(*row) for row in rows]


def topics_by_provision(conn: sa.Connection) -> dict[str, list[TopicText]]:
    """Each provision's topics with their labels and vocabulary descriptions, in topic order."""
    t, pt = TOPICS_TABLE.c, PROVISION_TOPICS_TABLE.c
    rows = conn.execute(
        sa.select(pt.provision_id, t.id, t.label, t.description)
        .join(TOPICS_TABLE, t.id == pt.topic_id)
        .order_by(pt.provision_id, t.position, t.id)
    )
    found: dict[str, list[TopicText]] = defaultdict(list)
    for provision_id, *topic in rows:
        found[provision_id].append(TopicText(*topic))
    return found


def iter_cited_statements(conn: sa.Connection) -> Iterator[CitedStatement]:
    """Every statement with each of its reviewed citations (one row each), or one row with none.

    Only links a person checked teach the suggester: it never learns from its own suggestions.

    Rows come grouped by statement. Streamed: a million statements are not held as rows.
    """
    s, c = STATEMENTS_TABLE.c, CITATIONS_TABLE.c
    query = (
        sa.select(s.id, s.text, c.document_id, c.provision_id, c.relation)
        .outerjoin(
            CITATIONS_TABLE,
            sa.and_(c.statement_id == s.id, c.status == CitationStatus.REVIEWED.value),
        )
        .order_by(s.id, c.position)
    )
    for row in conn.execution_options(stream_results=True, yield_per=10_000).execute(query):
        yield CitedStatement(*row)
