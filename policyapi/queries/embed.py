"""Reads behind the HTML cards and the front page."""

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from policyapi.models import Document, Statement
from policyapi.queries.common import rel
from policyapi.queries.provisions import provision_options, with_citation_counts
from policyapi.queries.statements import list_statements


def list_citing_statements(session: Session, provision_id: str) -> list[Statement]:
    """Every statement citing a provision, in article order, with speaker, article, citations."""
    stmt, order = list_statements({"provision": [provision_id]})
    return list(session.execute(stmt.order_by(*order)).scalars())


def list_documents_with_provisions(session: Session) -> list[Document]:
    """Every document with its provisions in order and their citation counts by relation."""
    provisions = selectinload(rel(Document.provisions))
    provisions = provisions.options(*provision_options(include_document=False))  # type: ignore[arg-type]
    stmt: Any = select(Document).options(provisions).order_by(col(Document.id))
    documents = list(session.exec(stmt))
    with_citation_counts(session, [p for d in documents for p in d.provisions])
    return documents
