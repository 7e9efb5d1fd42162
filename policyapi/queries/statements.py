"""Statements and the citations they make, as typed rows: a page in two round trips."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    ARTICLES_TABLE,
    CITATIONS_TABLE,
    DOCUMENTS_TABLE,
    PARENT_STATEMENTS,
    PROVENANCE,
    PROVISION_TOPICS_TABLE,
    PROVISIONS_TABLE,
    SPEAKERS_TABLE,
    STATEMENTS_TABLE,
    any_of,
    matches_search,
    params_of,
    period_end,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset


class StatementRow(NamedTuple):
    id: str
    article_id: str
    start_offset: int
    end_offset: int
    speaker_id: str | None
    parent_id: str | None
    kind: str
    role_as_stated: str | None
    attribution: str | None
    text: str
    prefix: str
    suffix: str
    paragraph: int
    said_on: str | None
    said_on_note: str | None
    notes: list[str]
    article_title: str
    article_publisher: str
    article_published_on: str | None
    article_url: str
    article_language: str
    speaker_name: str | None
    speaker_kind: str | None
    parent_kind: str | None
    parent_text: str | None


class StatementCitationRow(NamedTuple):
    """A citation as its statement shows it: the cited document and provision."""

    statement_id: str
    id: str
    relation: str
    justification: str | None
    document_id: str
    document_title: str
    document_official_number: str | None
    provision_id: str | None
    provision_number: str | None
    provision_eid: str | None
    provision_heading: str | None
    provision_version: int | None
    status: str
    score: float | None
    suggested_by_name: str | None
    suggested_by_version: str | None
    reviewed_by: str | None
    reviewed_on: date | None


@dataclass(frozen=True)
class StatementFilters:
    speaker: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    relation: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    provision: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    # The cited provision's version the statement was linked against (with `provision`).
    version: int | None = None
    said_from: str | None = None
    said_to: str | None = None
    q: str | None = None


S, A, SP, PARENT = STATEMENTS_TABLE, ARTICLES_TABLE, SPEAKERS_TABLE, PARENT_STATEMENTS
KEYSET = Keyset((S.c.article_id, S.c.start_offset, S.c.id))
# Relation, document, provision and topic filters apply to one and the same citation.
CITATION_FILTERS = ("relation", "document", "provision", "topic", "version")


def _citing(filters: StatementFilters) -> sa.Select[Any] | None:
    """Ids of statements with a citation matching the citation-level filters, if any."""
    if not any(getattr(filters, name) for name in CITATION_FILTERS):
        return None
    c = CITATIONS_TABLE
    cited = sa.select(c.c.statement_id)
    if filters.relation:
        cited = cited.where(any_of(c.c.relation, "relation"))
    if filters.document:
        cited = cited.where(any_of(c.c.document_id, "document"))
    if filters.provision:
        cited = cited.where(any_of(c.c.provision_id, "provision"))
    if filters.topic:
        tagged = sa.select(PROVISION_TOPICS_TABLE.c.provision_id).where(
            any_of(PROVISION_TOPICS_TABLE.c.topic_id, "topic")
        )
        cited = cited.where(c.c.provision_id.in_(tagged))
    if filters.version is not None:
        cited = cited.where(c.c.provision_version == sa.bindparam("version"))
    return cited


def statement_where(filters: StatementFilters) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses on the statements table for `filters` (values bound by filter name)."""
    where: list[sa.ColumnElement[bool]] = []
    if filters.speaker:
        where.append(any_of(S.c.speaker_id, "speaker"))
    if filters.kind:
        where.append(any_of(S.c.kind, "kind"))
    if filters.article:
        where.append(any_of(S.c.article_id, "article"))
    if filters.said_from:
        where.append(S.c.said_on >= sa.bindparam("said_from"))
    if filters.said_to:
        where.append(S.c.said_on <= sa.bindparam("said_to"))
    where.extend(matches_search(S.c.id, "statement", filters.q))
    cited = _citing(filters)
    if cited is not None:
        where.append(S.c.id.in_(cited))
    return where


def statement_params(filters: StatementFilters) -> dict[str, Any]:
    params = params_of(filters)
    if filters.said_to:
        params["said_to"] = period_end(filters.said_to)
    return params


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return (
        sa.select(
            *(S.c[name] for name in StatementRow._fields[:16]),
            A.c.title.label("article_title"),
            A.c.publisher.label("article_publisher"),
            A.c.published_on.label("article_published_on"),
            A.c.url.label("article_url"),
            A.c.language.label("article_language"),
            SP.c.name.label("speaker_name"),
            SP.c.kind.label("speaker_kind"),
            PARENT.c.kind.label("parent_kind"),
            PARENT.c.text.label("parent_text"),
        )
        .select_from(
            S.join(A, A.c.id == S.c.article_id)
            .outerjoin(SP, SP.c.id == S.c.speaker_id)
            .outerjoin(PARENT, PARENT.c.id == S.c.parent_id)
        )
        .where(*where)
    )


STATEMENTS = Collection(
    "statements", StatementRow, KEYSET, _select, statement_where, params=statement_params
)


def _citations_of_statements() -> sa.Select[Any]:
    c, d, p = CITATIONS_TABLE, DOCUMENTS_TABLE, PROVISIONS_TABLE
    return (
        sa.select(
            c.c.statement_id,
            c.c.id,
            c.c.relation,
            c.c.justification,
            c.c.document_id,
            d.c.title.label("document_title"),
            d.c.official_number.label("document_official_number"),
            c.c.provision_id,
            p.c.number.label("provision_number"),
            p.c.eid.label("provision_eid"),
            p.c.heading.label("provision_heading"),
            c.c.provision_version,
            *PROVENANCE,
        )
        .select_from(c.join(d, d.c.id == c.c.document_id).outerjoin(p, p.c.id == c.c.provision_id))
        .where(any_of(c.c.statement_id, "statement_ids"))
        .order_by(c.c.statement_id, c.c.position, c.c.id)
    )


CITATIONS_OF_STATEMENTS = _citations_of_statements()


def citations_of(
    conn: sa.Connection, statement_ids: Sequence[str]
) -> dict[str, list[StatementCitationRow]]:
    """Each statement's citations with their document and provision, in curated order."""
    found: dict[str, list[StatementCitationRow]] = defaultdict(list)
    if statement_ids:
        params = {"statement_ids": list(statement_ids)}
        for row in fetch(conn, CITATIONS_OF_STATEMENTS, params, StatementCitationRow):
            found[row.statement_id].append(row)
    return found


STATEMENTS_CITING = _select(statement_where(StatementFilters(provision=("",)))).order_by(
    *KEYSET.columns
)


def statements_citing(conn: sa.Connection, provision_id: str) -> list[StatementRow]:
    """Every statement citing a provision, in article order (for its card)."""
    return fetch(conn, STATEMENTS_CITING, {"provision": [provision_id]}, StatementRow)


# For the human pages: the first `most` statements by one article, speaker or cited document.
STATEMENTS_BY = {
    name: _select(statement_where(filters))
    .order_by(*KEYSET.columns)
    .limit(sa.bindparam("most", type_=sa.Integer))
    for name, filters in (
        ("article", StatementFilters(article=("",))),
        ("speaker", StatementFilters(speaker=("",))),
        ("document", StatementFilters(document=("",))),
    )
}


def statements_by(conn: sa.Connection, field: str, value: str, most: int) -> list[StatementRow]:
    """The first `most` statements of one article, one speaker or citing one document."""
    return fetch(conn, STATEMENTS_BY[field], {field: [value], "most": most}, StatementRow)
