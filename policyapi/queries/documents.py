"""Documents as typed rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    DOC_TYPES_TABLE,
    DOCUMENT_ACTORS_TABLE,
    DOCUMENTS_TABLE,
    SPEAKERS_TABLE,
    any_of,
    like_pattern,
    matches_search,
    params_of,
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
    identifiers: list[dict[str, Any]]
    events: list[dict[str, Any]]
    doc_type_label: str


class ActorRow(NamedTuple):
    document_id: str
    role: str
    speaker_id: str
    name: str
    kind: str


@dataclass(frozen=True)
class DocumentFilters:
    # A division matches itself and every division inside it (state:nj holds place:newark).
    jurisdiction: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    q: str | None = None

    COUNTED: ClassVar[tuple[str, ...]] = ("jurisdiction",)  # one clause per division


D = DOCUMENTS_TABLE
KEYSET = Keyset((D.c.id,))


def document_where(filters: DocumentFilters) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses on the documents table for `filters` (values bound by filter name)."""
    where: list[sa.ColumnElement[bool]] = []
    if filters.jurisdiction:
        column = D.c.jurisdiction_ocd_id
        where.append(
            sa.or_(
                *(
                    sa.or_(
                        column == sa.bindparam(f"jurisdiction_{i}"),
                        column.like(sa.bindparam(f"jurisdiction_inside_{i}"), escape="\\"),
                    )
                    for i in range(len(filters.jurisdiction))
                )
            )
        )
    if filters.doc_type:
        where.append(any_of(D.c.doc_type, "doc_type"))
    if filters.status:
        where.append(any_of(D.c.status, "status"))
    where.extend(matches_search(D.c.id, "document", filters.q))
    return where


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    columns: list[sa.ColumnElement[Any]] = [D.c[name] for name in DocumentRow._fields[:-1]]
    # ISO text on both engines (SQLite stores the text, PostgreSQL a date).
    columns[DocumentRow._fields.index("signed_on")] = sa.cast(D.c.signed_on, sa.String).label(
        "signed_on"
    )
    columns.append(DOC_TYPES_TABLE.c.label.label("doc_type_label"))
    return (
        sa.select(*columns)
        .join(DOC_TYPES_TABLE, DOC_TYPES_TABLE.c.id == D.c.doc_type)
        .where(*where)
    )


def document_params(filters: DocumentFilters) -> dict[str, Any]:
    params = params_of(filters)
    for i, division in enumerate(params.pop("jurisdiction", ())):
        params[f"jurisdiction_{i}"] = division
        params[f"jurisdiction_inside_{i}"] = like_pattern(division.rstrip("/") + "/", prefix=True)
    return params


DOCUMENTS = Collection(
    "documents", DocumentRow, KEYSET, _select, document_where, params=document_params
)
EVERY_DOCUMENT = _select([]).order_by(D.c.id)


A = DOCUMENT_ACTORS_TABLE
_ACTORS = (
    sa.select(
        A.c.document_id, A.c.role, A.c.speaker_id, SPEAKERS_TABLE.c.name, SPEAKERS_TABLE.c.kind
    )
    .join(SPEAKERS_TABLE, SPEAKERS_TABLE.c.id == A.c.speaker_id)
    .where(A.c.document_id.in_(sa.bindparam("document_ids", expanding=True)))
    .order_by(A.c.document_id, A.c.position, A.c.speaker_id, A.c.role)
)


def actors_of(conn: sa.Connection, document_ids: Sequence[str]) -> dict[str, list[ActorRow]]:
    """Each document's actors (issuer, signatories...) in order, for a whole page at once."""
    actors: dict[str, list[ActorRow]] = {document_id: [] for document_id in document_ids}
    if actors:
        for row in fetch(conn, _ACTORS, {"document_ids": list(actors)}, ActorRow):
            actors[row.document_id].append(row)
    return actors


def every_document(conn: sa.Connection) -> list[DocumentRow]:
    """Every document, by id (the front page lists them all)."""
    return fetch(conn, EVERY_DOCUMENT, {}, DocumentRow)
