"""Citations with both ends (statement, speaker, article; document, provision), as typed rows."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    ARTICLES_TABLE,
    CITATIONS_TABLE,
    DOCUMENTS_TABLE,
    PROVENANCE,
    PROVISIONS_TABLE,
    SPEAKERS_TABLE,
    STATEMENTS_TABLE,
    any_of,
)
from policyapi.queries.keyset import Keyset


class CitationRow(NamedTuple):
    statement_id: str
    id: str
    relation: str
    justification: str | None
    document_id: str
    document_title: str
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
    statement_kind: str
    statement_text: str
    speaker_id: str | None
    speaker_name: str | None
    article_id: str
    article_title: str
    article_publisher: str
    article_published_on: str | None
    position: int  # within its statement: the keyset's middle column


@dataclass(frozen=True)
class CitationFilters:
    relation: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    provision: tuple[str, ...] = ()
    statement: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    whole_document: bool | None = None


C, S = CITATIONS_TABLE, STATEMENTS_TABLE
KEYSET = Keyset((C.c.statement_id, C.c.position, C.c.id))


def citation_where(filters: CitationFilters) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses on the citations table for `filters` (values bound by filter name)."""
    where: list[sa.ColumnElement[bool]] = []
    for name, column in (
        ("relation", C.c.relation),
        ("document", C.c.document_id),
        ("provision", C.c.provision_id),
        ("statement", C.c.statement_id),
        ("status", C.c.status),
    ):
        if getattr(filters, name):
            where.append(any_of(column, name))
    if filters.whole_document is not None:
        column = C.c.provision_id
        where.append(column.is_(None) if filters.whole_document else column.is_not(None))
    if filters.speaker or filters.article:
        by = sa.select(S.c.id)
        if filters.speaker:
            by = by.where(any_of(S.c.speaker_id, "speaker"))
        if filters.article:
            by = by.where(any_of(S.c.article_id, "article"))
        where.append(C.c.statement_id.in_(by))
    return where


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    d, p, sp, a = DOCUMENTS_TABLE, PROVISIONS_TABLE, SPEAKERS_TABLE, ARTICLES_TABLE
    return (
        sa.select(
            C.c.statement_id,
            C.c.id,
            C.c.relation,
            C.c.justification,
            C.c.document_id,
            d.c.title.label("document_title"),
            C.c.provision_id,
            p.c.number.label("provision_number"),
            p.c.eid.label("provision_eid"),
            p.c.heading.label("provision_heading"),
            C.c.provision_version,
            *PROVENANCE,
            S.c.kind.label("statement_kind"),
            S.c.text.label("statement_text"),
            S.c.speaker_id,
            sp.c.name.label("speaker_name"),
            S.c.article_id,
            a.c.title.label("article_title"),
            a.c.publisher.label("article_publisher"),
            a.c.published_on.label("article_published_on"),
            C.c.position,
        )
        .select_from(
            C.join(d, d.c.id == C.c.document_id)
            .outerjoin(p, p.c.id == C.c.provision_id)
            .join(S, S.c.id == C.c.statement_id)
            .outerjoin(sp, sp.c.id == S.c.speaker_id)
            .join(a, a.c.id == S.c.article_id)
        )
        .where(*where)
    )


CITATIONS = Collection("citations", CitationRow, KEYSET, _select, citation_where)
