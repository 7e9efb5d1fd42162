"""Statements and citations."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload
from sqlalchemy.orm.interfaces import LoaderOption
from sqlmodel import Session, select

from policyapi.models import Article, Citation, ProvisionTopic, Statement
from policyapi.queries.common import contains_all_words, period_end

STATEMENT_ORDER = [Statement.article_id, Statement.start_offset, Statement.id]


def statement_options() -> list[LoaderOption]:
    """Eager loads for a statement's representation (the article's long text is left out)."""
    return [
        selectinload(Statement.article).options(defer(Article.text)),  # type: ignore[arg-type]
        selectinload(Statement.speaker),  # type: ignore[arg-type]
        selectinload(Statement.parent),  # type: ignore[arg-type]
        selectinload(Statement.citations).options(  # type: ignore[arg-type]
            selectinload(Citation.document),  # type: ignore[arg-type]
            selectinload(Citation.provision),  # type: ignore[arg-type]
        ),
    ]


def get_statement(session: Session, statement_id: str) -> Statement | None:
    stmt = select(Statement).where(Statement.id == statement_id).options(*statement_options())
    return session.exec(stmt).first()


def _citing(args: dict[str, Any]) -> sa.Select[Any] | None:
    """Ids of statements with a citation matching the citation-level filters, if any."""
    if not any(args.get(k) for k in ("relation", "document", "provision", "topic")):
        return None
    cited = sa.select(Citation.statement_id)
    if args.get("relation"):
        cited = cited.where(Citation.relation.in_(args["relation"]))  # type: ignore[attr-defined]
    if args.get("document"):
        cited = cited.where(Citation.document_id.in_(args["document"]))  # type: ignore[attr-defined]
    if args.get("provision"):
        cited = cited.where(Citation.provision_id.in_(args["provision"]))  # type: ignore[union-attr]
    if args.get("topic"):
        tagged = sa.select(ProvisionTopic.provision_id).where(
            ProvisionTopic.topic_id.in_(args["topic"])  # type: ignore[attr-defined]
        )
        cited = cited.where(Citation.provision_id.in_(tagged))  # type: ignore[union-attr]
    return cited


def list_statements(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    """Filtered statements in article order. Relation, document, provision and topic filters
    apply to one and the same citation."""
    stmt = sa.select(Statement).options(*statement_options())
    if args.get("speaker"):
        stmt = stmt.where(Statement.speaker_id.in_(args["speaker"]))  # type: ignore[union-attr]
    if args.get("kind"):
        stmt = stmt.where(Statement.kind.in_(args["kind"]))  # type: ignore[attr-defined]
    if args.get("article"):
        stmt = stmt.where(Statement.article_id.in_(args["article"]))  # type: ignore[attr-defined]
    if args.get("said_from"):
        stmt = stmt.where(Statement.said_on >= args["said_from"])  # type: ignore[operator]
    if args.get("said_to"):
        stmt = stmt.where(Statement.said_on <= period_end(args["said_to"]))  # type: ignore[operator]
    if args.get("q"):
        stmt = stmt.where(contains_all_words([Statement.text], args["q"]))
    cited = _citing(args)
    if cited is not None:
        stmt = stmt.where(Statement.id.in_(cited))  # type: ignore[attr-defined]
    return stmt, STATEMENT_ORDER


CITATION_ORDER = [Citation.statement_id, Citation.position, Citation.id]


def citation_options() -> list[LoaderOption]:
    return [
        selectinload(Citation.document),  # type: ignore[arg-type]
        selectinload(Citation.provision),  # type: ignore[arg-type]
        selectinload(Citation.statement).options(  # type: ignore[arg-type]
            selectinload(Statement.speaker),  # type: ignore[arg-type]
            selectinload(Statement.article).options(defer(Article.text)),  # type: ignore[arg-type]
        ),
    ]


def get_citation(session: Session, citation_id: str) -> Citation | None:
    stmt = select(Citation).where(Citation.id == citation_id).options(*citation_options())
    return session.exec(stmt).first()


def list_citations(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    stmt = sa.select(Citation).options(*citation_options())
    if args.get("relation"):
        stmt = stmt.where(Citation.relation.in_(args["relation"]))  # type: ignore[attr-defined]
    if args.get("document"):
        stmt = stmt.where(Citation.document_id.in_(args["document"]))  # type: ignore[attr-defined]
    if args.get("provision"):
        stmt = stmt.where(Citation.provision_id.in_(args["provision"]))  # type: ignore[union-attr]
    if args.get("statement"):
        stmt = stmt.where(Citation.statement_id.in_(args["statement"]))  # type: ignore[attr-defined]
    if args.get("whole_document") is not None:
        column = Citation.provision_id
        stmt = stmt.where(column.is_(None) if args["whole_document"] else column.is_not(None))  # type: ignore[union-attr]
    if args.get("speaker") or args.get("article"):
        by = sa.select(Statement.id)
        if args.get("speaker"):
            by = by.where(Statement.speaker_id.in_(args["speaker"]))  # type: ignore[union-attr]
        if args.get("article"):
            by = by.where(Statement.article_id.in_(args["article"]))  # type: ignore[attr-defined]
        stmt = stmt.where(Citation.statement_id.in_(by))  # type: ignore[attr-defined]
    return stmt, CITATION_ORDER
