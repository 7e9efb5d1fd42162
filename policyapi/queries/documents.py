"""Documents."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from policyapi.models import Document
from policyapi.queries.common import contains_all_words, rel
from policyapi.queries.provisions import provision_options, with_citation_counts


def get_document(
    session: Session, document_id: str, *, with_provisions: bool = False
) -> Document | None:
    """Return one document, optionally with its provisions (and their topics and counts)."""
    stmt = select(Document).where(Document.id == document_id)
    if with_provisions:
        provisions = selectinload(rel(Document.provisions))
        stmt = stmt.options(provisions.options(*provision_options(include_document=False)))  # type: ignore[arg-type]
    document = session.exec(stmt).first()
    if document is not None and with_provisions:
        with_citation_counts(session, list(document.provisions))
    return document


def list_documents(session: Session, args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    """Filtered documents and their stable order."""
    stmt = sa.select(Document)
    if args.get("jurisdiction"):
        stmt = stmt.where(col(Document.jurisdiction_ocd_id).in_(args["jurisdiction"]))
    if args.get("doc_type"):
        stmt = stmt.where(col(Document.doc_type).in_(args["doc_type"]))
    if args.get("status"):
        stmt = stmt.where(col(Document.status).in_(args["status"]))
    if args.get("q"):
        stmt = stmt.where(contains_all_words([Document.title, Document.summary], args["q"]))
    return stmt, [Document.id]


def document_ids_exist(session: Session, ids: list[str]) -> bool:
    found = session.execute(
        sa.select(sa.func.count()).where(col(Document.id).in_(ids))
    ).scalar_one()
    return bool(found == len(set(ids)))
