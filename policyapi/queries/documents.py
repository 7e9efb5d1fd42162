"""Documents as typed rows."""

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    DOCUMENTS_TABLE,
    any_of,
    contains_all_words,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset


class DocumentRow(NamedTuple):
    id: str
    title: str
    doc_type: str
    official_number: str | None
    jurisdiction_name: str
    jurisdiction_ocd_id: str
    issuer: str
    signed_on: str | None  # ISO date
    status: str
    numbering: str
    numbering_note: str | None
    language: str
    summary: str | None
    sources: list[dict[str, Any]]


@dataclass(frozen=True)
class DocumentFilters:
    jurisdiction: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    q: str | None = None


D = DOCUMENTS_TABLE
KEYSET = Keyset((D.c.id,))


def document_where(filters: DocumentFilters) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses on the documents table for `filters` (values bound by filter name)."""
    where: list[sa.ColumnElement[bool]] = []
    if filters.jurisdiction:
        where.append(any_of(D.c.jurisdiction_ocd_id, "jurisdiction"))
    if filters.doc_type:
        where.append(any_of(D.c.doc_type, "doc_type"))
    if filters.status:
        where.append(any_of(D.c.status, "status"))
    where.extend(contains_all_words([D.c.title, D.c.summary], filters.q))
    return where


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    columns: list[sa.ColumnElement[Any]] = [D.c[name] for name in DocumentRow._fields]
    # ISO text on both engines (SQLite stores the text, PostgreSQL a date).
    columns[DocumentRow._fields.index("signed_on")] = sa.cast(D.c.signed_on, sa.String).label(
        "signed_on"
    )
    return sa.select(*columns).where(*where)


DOCUMENTS = Collection("documents", DocumentRow, KEYSET, _select, document_where)
EVERY_DOCUMENT = _select([]).order_by(D.c.id)


def every_document(conn: sa.Connection) -> list[DocumentRow]:
    """Every document, by id (the front page lists them all)."""
    return fetch(conn, EVERY_DOCUMENT, {}, DocumentRow)
