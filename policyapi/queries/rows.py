"""Flat rows for the hot read endpoints: a few joined Core queries, no ORM objects.

The ORM with eager loads issues one query per relationship and builds an object per row;
these queries fetch the same fields in two round trips (a page and its citations, or a
provision and its parts), run through queries.fetch, and policyapi.render turns the rows into
the public JSON.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import SQLModel

from policyapi.queries.fetch import fetch
from policyapi.queries.statements import statement_filter_params, statement_filters
from policyapi.vocab import Relation

_tables = SQLModel.metadata.tables
STATEMENTS = _tables["statements"]
ARTICLES = _tables["articles"]
SPEAKERS = _tables["speakers"]
CITATIONS = _tables["citations"]
DOCUMENTS = _tables["documents"]
PROVISIONS = _tables["provisions"]
TOPICS = _tables["topics"]
PROVISION_TOPICS = _tables["provision_topics"]
PARENT_STATEMENTS = STATEMENTS.alias("parent")
PARENT_PROVISIONS = PROVISIONS.alias("parent")


def statement_page_select(
    args: dict[str, Any],
) -> tuple[sa.Select[Any], sa.Select[Any], dict[str, Any]]:
    """(statements with their article, speaker and parent; the same unjoined, to count; the
    filter values to run both with).

    The two statements are built once per combination of filters and reused with other values.
    The keyset columns keep their names (article_id, start_offset, id) so the pager can read
    the cursor key from a row.
    """
    params = statement_filter_params(args)
    if args.get("q"):  # one clause per word: the shape varies with the words
        return (*_build_page_select(args), params)
    shape = tuple(sorted(params))
    built = _PAGE_SELECTS.get(shape)
    if built is None:
        built = _PAGE_SELECTS[shape] = _build_page_select(args)
    return (*built, params)


_PAGE_SELECTS: dict[tuple[str, ...], tuple[sa.Select[Any], sa.Select[Any]]] = {}


def _build_page_select(args: dict[str, Any]) -> tuple[sa.Select[Any], sa.Select[Any]]:
    s, a, sp, parent = STATEMENTS, ARTICLES, SPEAKERS, PARENT_STATEMENTS
    where = statement_filters(args)
    rows = (
        sa.select(
            *(s.c[name] for name in STATEMENT_COLUMNS),
            a.c.title.label("article_title"),
            a.c.publisher.label("article_publisher"),
            a.c.published_on.label("article_published_on"),
            sp.c.name.label("speaker_name"),
            parent.c.kind.label("parent_kind"),
            parent.c.text.label("parent_text"),
        )
        .select_from(
            s.join(a, a.c.id == s.c.article_id)
            .outerjoin(sp, sp.c.id == s.c.speaker_id)
            .outerjoin(parent, parent.c.id == s.c.parent_id)
        )
        .where(*where)
    )
    return rows, sa.select(s.c.id).where(*where)


def _statement_by_id() -> sa.Select[Any]:
    rows, _counted = _build_page_select({})
    return rows.where(STATEMENTS.c.id == sa.bindparam("statement_id"))


STATEMENT_COLUMNS = (
    "id", "article_id", "start_offset", "end_offset", "speaker_id", "parent_id", "kind",
    "role_as_stated", "attribution", "text", "prefix", "suffix", "paragraph", "said_on",
    "said_on_note", "notes",
)  # fmt: skip
# STATEMENT_ORDER on the table: the same keyset, so cursors work on both paths.
STATEMENT_ORDER_COLUMNS: list[sa.ColumnElement[Any]] = [
    STATEMENTS.c.article_id,
    STATEMENTS.c.start_offset,
    STATEMENTS.c.id,
]


def _citations_of_statements() -> sa.Select[Any]:
    c, d, p = CITATIONS, DOCUMENTS, PROVISIONS
    return (
        sa.select(
            c.c.statement_id,
            c.c.id,
            c.c.relation,
            c.c.justification,
            c.c.document_id,
            d.c.title.label("document_title"),
            c.c.provision_id,
            p.c.number.label("provision_number"),
            p.c.eid.label("provision_eid"),
            p.c.heading.label("provision_heading"),
        )
        .select_from(c.join(d, d.c.id == c.c.document_id).outerjoin(p, p.c.id == c.c.provision_id))
        .where(c.c.statement_id.in_(sa.bindparam("statement_ids", expanding=True)))
        .order_by(c.c.statement_id, c.c.position, c.c.id)
    )


PROVISION_COLUMNS = (
    "id", "document_id", "parent_id", "number", "eid", "position", "heading", "summary", "text",
    "confidence", "confidence_note", "evidence",
)  # fmt: skip


def _provision() -> sa.Select[Any]:
    p, d, parent = PROVISIONS, DOCUMENTS, PARENT_PROVISIONS
    return (
        sa.select(
            *(p.c[name] for name in PROVISION_COLUMNS),
            d.c.title.label("document_title"),
            parent.c.number.label("parent_number"),
            parent.c.eid.label("parent_eid"),
            parent.c.heading.label("parent_heading"),
        )
        .select_from(
            p.join(d, d.c.id == p.c.document_id).outerjoin(parent, parent.c.id == p.c.parent_id)
        )
        .where(p.c.id == sa.bindparam("provision_id"))
    )


# Built once: constructing a select (and its cache key) costs more than running these.
CITATIONS_OF_STATEMENTS = _citations_of_statements()
STATEMENT_BY_ID = _statement_by_id()
PROVISION = _provision()


def _provision_parts() -> sa.CompoundSelect[Any]:
    p, t, pt, c = PROVISIONS, TOPICS, PROVISION_TOPICS, CITATIONS
    provision_id: sa.BindParameter[str] = sa.bindparam("provision_id")
    nothing = sa.null()
    return sa.union_all(
        sa.select(sa.literal("child").label("part"), p.c.id, p.c.number, p.c.eid, p.c.heading,
                  p.c.position.label("rank"))
        .where(p.c.parent_id == provision_id),
        sa.select(sa.literal("topic"), t.c.id, t.c.label, nothing, nothing, t.c.position)
        .join(pt, pt.c.topic_id == t.c.id)
        .where(pt.c.provision_id == provision_id),
        sa.select(sa.literal("count"), c.c.relation, nothing, nothing, nothing,
                  sa.func.count(sa.distinct(c.c.statement_id)))
        .where(c.c.provision_id == provision_id)
        .group_by(c.c.relation),
    ).order_by(sa.column("part"), sa.column("rank"), sa.column("id"))  # fmt: skip


# Children, topics and citation counts in one round trip: (part, id, number, eid, heading,
# rank), where a topic's label is in `number` and a relation's count in `rank`.
PROVISION_PARTS = _provision_parts()


class TopicRef(NamedTuple):
    id: str
    label: str


@dataclass
class ProvisionParts:
    children: list[Any] = field(default_factory=list)
    topics: list[TopicRef] = field(default_factory=list)
    citation_counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((str(r) for r in Relation), 0)
    )


def citation_rows(conn: sa.Connection, statement_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Each statement's citations with their document and provision, in curated order."""
    found: dict[str, list[Any]] = defaultdict(list)
    if statement_ids:
        params = {"statement_ids": list(statement_ids)}
        for row in fetch(conn, CITATIONS_OF_STATEMENTS, params):
            found[row.statement_id].append(row)
    return found


def statement_row(conn: sa.Connection, statement_id: str) -> Any | None:
    """One statement with its article, speaker and parent, as statement_page_select has them."""
    found = fetch(conn, STATEMENT_BY_ID, {"statement_id": statement_id})
    return found[0] if found else None


def provision_row(conn: sa.Connection, provision_id: str) -> Any | None:
    """One provision with its document's title and its parent's reference fields."""
    found = fetch(conn, PROVISION, {"provision_id": provision_id})
    return found[0] if found else None


def provision_parts(conn: sa.Connection, provision_id: str) -> ProvisionParts:
    """A provision's children and topics in order, and its citing statements per relation."""
    parts = ProvisionParts()
    for row in fetch(conn, PROVISION_PARTS, {"provision_id": provision_id}):
        if row.part == "child":
            parts.children.append(row)
        elif row.part == "topic":
            parts.topics.append(TopicRef(row.id, row.number))
        else:
            parts.citation_counts[row.id] = row.rank
    return parts
