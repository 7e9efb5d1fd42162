"""Relations between documents and correspondences between provisions, read from either end."""

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    CORRESPONDENCES_TABLE,
    DOCUMENT_RELATIONS_TABLE,
    DOCUMENTS_TABLE,
    PROVISIONS_TABLE,
    any_of,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset

R = DOCUMENT_RELATIONS_TABLE
SUBJECT = DOCUMENTS_TABLE.alias("subject")
OBJECT = DOCUMENTS_TABLE.alias("object")


class RelationRow(NamedTuple):
    id: str
    subject_id: str
    subject_title: str
    relation: str
    object_id: str
    object_title: str
    note: str | None
    evidence: list[dict[str, Any]]
    position: int  # within the subject's relations (the keyset's)


@dataclass(frozen=True)
class RelationFilters:
    # A document at either end (its relations both ways), or at one end.
    document: str | None = None
    subject: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    relation: tuple[str, ...] = ()


def relation_where(filters: RelationFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.document is not None:
        document: sa.BindParameter[str] = sa.bindparam("document")
        where.append(sa.or_(R.c.subject_id == document, R.c.object_id == document))
    if filters.subject:
        where.append(any_of(R.c.subject_id, "subject"))
    if filters.object:
        where.append(any_of(R.c.object_id, "object"))
    if filters.relation:
        where.append(any_of(R.c.relation, "relation"))
    return where


def _relations(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return (
        sa.select(
            R.c.id,
            R.c.subject_id,
            SUBJECT.c.title.label("subject_title"),
            R.c.relation,
            R.c.object_id,
            OBJECT.c.title.label("object_title"),
            R.c.note,
            R.c.evidence,
            R.c.position,
        )
        .join(SUBJECT, SUBJECT.c.id == R.c.subject_id)
        .join(OBJECT, OBJECT.c.id == R.c.object_id)
        .where(*where)
    )


RELATIONS = Collection(
    "document_relations",
    RelationRow,
    Keyset((R.c.subject_id, R.c.position, R.c.id)),
    _relations,
    relation_where,
)

C = CORRESPONDENCES_TABLE
FIRST = PROVISIONS_TABLE.alias("first")
SECOND = PROVISIONS_TABLE.alias("second")
FIRST_DOCUMENT = DOCUMENTS_TABLE.alias("first_document")
SECOND_DOCUMENT = DOCUMENTS_TABLE.alias("second_document")


class CorrespondenceRow(NamedTuple):
    """provision_id ~ corresponding_id, with enough of both ends to show them side by side."""

    id: str
    scope: str
    confidence: str
    note: str | None
    provision_id: str
    provision_number: str
    provision_eid: str
    provision_heading: str
    provision_document_id: str
    provision_document_title: str
    provision_position: int
    corresponding_id: str
    corresponding_number: str
    corresponding_eid: str
    corresponding_heading: str
    corresponding_document_id: str
    corresponding_document_title: str
    corresponding_position: int
    position: int  # within the stating provision's correspondences (the keyset's)


@dataclass(frozen=True)
class CorrespondenceFilters:
    # A provision at either end (its correspondences both ways).
    provision: str | None = None
    # Correspondences between two documents, whichever end each is at.
    documents: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()


def correspondence_where(filters: CorrespondenceFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.provision is not None:
        provision: sa.BindParameter[str] = sa.bindparam("provision")
        where.append(sa.or_(C.c.provision_id == provision, C.c.corresponding_id == provision))
    if filters.documents:
        provisions_of = sa.select(PROVISIONS_TABLE.c.id).where(
            any_of(PROVISIONS_TABLE.c.document_id, "documents")
        )
        where.append(C.c.provision_id.in_(provisions_of))
        where.append(C.c.corresponding_id.in_(provisions_of))
    if filters.scope:
        where.append(any_of(C.c.scope, "scope"))
    if filters.confidence:
        where.append(any_of(C.c.confidence, "confidence"))
    return where


def _end(provision: Any, document: Any, name: str) -> list[sa.ColumnElement[Any]]:
    return [
        provision.c.number.label(f"{name}_number"),
        provision.c.eid.label(f"{name}_eid"),
        provision.c.heading.label(f"{name}_heading"),
        provision.c.document_id.label(f"{name}_document_id"),
        document.c.title.label(f"{name}_document_title"),
        provision.c.position.label(f"{name}_position"),
    ]


def _correspondences(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return (
        sa.select(
            C.c.id,
            C.c.scope,
            C.c.confidence,
            C.c.note,
            C.c.provision_id,
            *_end(FIRST, FIRST_DOCUMENT, "provision"),
            C.c.corresponding_id,
            *_end(SECOND, SECOND_DOCUMENT, "corresponding"),
            C.c.position,
        )
        .join(FIRST, FIRST.c.id == C.c.provision_id)
        .join(FIRST_DOCUMENT, FIRST_DOCUMENT.c.id == FIRST.c.document_id)
        .join(SECOND, SECOND.c.id == C.c.corresponding_id)
        .join(SECOND_DOCUMENT, SECOND_DOCUMENT.c.id == SECOND.c.document_id)
        .where(*where)
    )


CORRESPONDENCES = Collection(
    "provision_correspondences",
    CorrespondenceRow,
    Keyset((C.c.provision_id, C.c.position, C.c.id)),
    _correspondences,
    correspondence_where,
)


def _on_the_left(first: Any, second: Any) -> Any:
    """`first`'s column where the stating provision is in the left document, else `second`'s."""
    return sa.case((FIRST.c.document_id == sa.bindparam("left"), first), else_=second)


# In the left document's order, so a truncated answer keeps the first rows of that order.
_BETWEEN = (
    _correspondences(correspondence_where(CorrespondenceFilters(documents=("",))))
    .order_by(
        _on_the_left(FIRST.c.position, SECOND.c.position),
        _on_the_left(SECOND.c.position, FIRST.c.position),
        C.c.id,
    )
    .limit(sa.bindparam("most"))
)
_PAIR = _correspondences(
    [
        sa.or_(
            sa.and_(
                C.c.provision_id == sa.bindparam("a"), C.c.corresponding_id == sa.bindparam("b")
            ),
            sa.and_(
                C.c.provision_id == sa.bindparam("b"), C.c.corresponding_id == sa.bindparam("a")
            ),
        )
    ]
)


def between(conn: sa.Connection, first: str, second: str, most: int) -> list[CorrespondenceRow]:
    """Correspondences between two documents (either end in either), at most `most`."""
    params = {"documents": [first, second], "left": first, "most": most}
    return fetch(conn, _BETWEEN, params, CorrespondenceRow)


def pair(conn: sa.Connection, first: str, second: str) -> CorrespondenceRow | None:
    """The correspondence between two provisions, stated from either side, if any."""
    found = fetch(conn, _PAIR, {"a": first, "b": second}, CorrespondenceRow)
    return found[0] if found else None


_STATED_BY = (
    _relations([R.c.subject_id == sa.bindparam("subject")])
    .order_by(R.c.position, R.c.id)
    .limit(500)
)


def stated_by(conn: sa.Connection, document_id: str) -> list[RelationRow]:
    """The relations a document states about others (its JSON-LD names them)."""
    return fetch(conn, _STATED_BY, {"subject": document_id}, RelationRow)
