"""Documents as typed rows."""

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.common import (
    DOCUMENTS,
    Built,
    Selects,
    any_of,
    contains_all_words,
    iso_date,
    params_of,
    totals_key,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset, Page, PageRequest, Totals, count, page_rows


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


D = DOCUMENTS
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
    return sa.select(*(D.c[name] for name in DocumentRow._fields)).where(*where)


def _build(filters: DocumentFilters) -> Built:
    where = document_where(filters)
    return Built(_select(where), sa.select(D.c.id).where(*where))


_SELECTS = Selects(_build)
DOCUMENT_BY_ID = _select([D.c.id == sa.bindparam("document_id")])
EVERY_DOCUMENT = _select([]).order_by(D.c.id)


def list_documents(
    conn: sa.Connection, filters: DocumentFilters, request: PageRequest, totals: Totals
) -> Page[DocumentRow]:
    """One page of the documents matching `filters`, by id."""
    built, params = _SELECTS.get(filters), params_of(filters)
    total = totals(totals_key("documents", params), lambda: count(conn, built.counted, params))
    page = page_rows(conn, built.rows, KEYSET, params, request, DocumentRow, total)
    page.items = [_dated(row) for row in page.items]
    return page


def _dated(row: DocumentRow) -> DocumentRow:
    # SQLite hands back a date column's ISO text, PostgreSQL a date: the same text on both.
    return row._replace(signed_on=iso_date(row.signed_on))


def get_document(conn: sa.Connection, document_id: str) -> DocumentRow | None:
    found = fetch(conn, DOCUMENT_BY_ID, {"document_id": document_id}, DocumentRow)
    return _dated(found[0]) if found else None


def every_document(conn: sa.Connection) -> list[DocumentRow]:
    """Every document, by id (the front page lists them all)."""
    return [_dated(row) for row in fetch(conn, EVERY_DOCUMENT, {}, DocumentRow)]
