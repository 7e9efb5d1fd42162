"""Statements and citations."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload
from sqlalchemy.orm.interfaces import LoaderOption
from sqlmodel import Session, col, select

from policyapi.models import Article, Citation, ProvisionTopic, Statement
from policyapi.queries.common import contains_all_words, period_end, rel

STATEMENT_ORDER = [Statement.article_id, Statement.start_offset, Statement.id]


def statement_options() -> list[LoaderOption]:
    """Eager loads for a statement's representation (the article's long text is left out)."""
    return [
        selectinload(rel(Statement.article)).options(defer(rel(Article.text))),
        selectinload(rel(Statement.speaker)),
        selectinload(rel(Statement.parent)),
        selectinload(rel(Statement.citations)).options(
            selectinload(rel(Citation.document)),
            selectinload(rel(Citation.provision)),
        ),
    ]


def get_statement(session: Session, statement_id: str) -> Statement | None:
    stmt = select(Statement).where(Statement.id == statement_id).options(*statement_options())
    return session.exec(stmt).first()


def _citing(args: dict[str, Any]) -> sa.Select[Any] | None:
    """Ids of statements with a citation matching the citation-level filters, if any."""
    if not any(args.get(k) for k in ("relation", "document", "provision", "topic")):
        return None
    cited = sa.select(col(Citation.statement_id))
    if args.get("relation"):
        cited = cited.where(col(Citation.relation).in_(args["relation"]))
    if args.get("document"):
        cited = cited.where(col(Citation.document_id).in_(args["document"]))
    if args.get("provision"):
        cited = cited.where(col(Citation.provision_id).in_(args["provision"]))
    if args.get("topic"):
        tagged = sa.select(col(ProvisionTopic.provision_id)).where(
            col(ProvisionTopic.topic_id).in_(args["topic"])
        )
        cited = cited.where(col(Citation.provision_id).in_(tagged))
    return cited


def list_statements(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    """Filtered statements in article order. Relation, document, provision and topic filters
    apply to one and the same citation."""
    stmt = sa.select(Statement).options(*statement_options())
    if args.get("speaker"):
        stmt = stmt.where(col(Statement.speaker_id).in_(args["speaker"]))
    if args.get("kind"):
        stmt = stmt.where(col(Statement.kind).in_(args["kind"]))
    if args.get("article"):
        stmt = stmt.where(col(Statement.article_id).in_(args["article"]))
    if args.get("said_from"):
        stmt = stmt.where(col(Statement.said_on) >= args["said_from"])
    if args.get("said_to"):
        stmt = stmt.where(col(Statement.said_on) <= period_end(args["said_to"]))
    if args.get("q"):
        stmt = stmt.where(contains_all_words([Statement.text], args["q"]))
    cited = _citing(args)
    if cited is not None:
        stmt = stmt.where(col(Statement.id).in_(cited))
    return stmt, STATEMENT_ORDER


CITATION_ORDER = [Citation.statement_id, Citation.position, Citation.id]


def citation_options() -> list[LoaderOption]:
    return [
        selectinload(rel(Citation.document)),
        selectinload(rel(Citation.provision)),
        selectinload(rel(Citation.statement)).options(
            selectinload(rel(Statement.speaker)),
            selectinload(rel(Statement.article)).options(defer(rel(Article.text))),
        ),
    ]


def get_citation(session: Session, citation_id: str) -> Citation | None:
    stmt = select(Citation).where(Citation.id == citation_id).options(*citation_options())
    return session.exec(stmt).first()


def list_citations(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    stmt = sa.select(Citation).options(*citation_options())
    if args.get("relation"):
        stmt = stmt.where(col(Citation.relation).in_(args["relation"]))
    if args.get("document"):
        stmt = stmt.where(col(Citation.document_id).in_(args["document"]))
    if args.get("provision"):
        stmt = stmt.where(col(Citation.provision_id).in_(args["provision"]))
    if args.get("statement"):
        stmt = stmt.where(col(Citation.statement_id).in_(args["statement"]))
    if args.get("whole_document") is not None:
        column = col(Citation.provision_id)
        stmt = stmt.where(column.is_(None) if args["whole_document"] else column.is_not(None))
    if args.get("speaker") or args.get("article"):
        by = sa.select(col(Statement.id))
        if args.get("speaker"):
            by = by.where(col(Statement.speaker_id).in_(args["speaker"]))
        if args.get("article"):
            by = by.where(col(Statement.article_id).in_(args["article"]))
        stmt = stmt.where(col(Citation.statement_id).in_(by))
    return stmt, CITATION_ORDER
