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


# Filters bind their values by these names, so one statement built per filter combination
# can be run again with other values (queries.rows caches them that way).
LIST_FILTERS = ("speaker", "kind", "article", "relation", "document", "provision", "topic")


def statement_filter_params(args: dict[str, Any]) -> dict[str, Any]:
    """The values of the statement filters in `args`, by bind-parameter name (`q` aside)."""
    params: dict[str, Any] = {name: list(args[name]) for name in LIST_FILTERS if args.get(name)}
    if args.get("said_from"):
        params["said_from"] = args["said_from"]
    if args.get("said_to"):
        params["said_to"] = period_end(args["said_to"])
    return params


def _any_of(column: Any, params: dict[str, Any], name: str) -> sa.ColumnElement[bool]:
    return col(column).in_(sa.bindparam(name, params[name], expanding=True))


def _citing(params: dict[str, Any]) -> sa.Select[Any] | None:
    """Ids of statements with a citation matching the citation-level filters, if any."""
    if not any(name in params for name in ("relation", "document", "provision", "topic")):
        return None
    cited = sa.select(col(Citation.statement_id))
    if "relation" in params:
        cited = cited.where(_any_of(Citation.relation, params, "relation"))
    if "document" in params:
        cited = cited.where(_any_of(Citation.document_id, params, "document"))
    if "provision" in params:
        cited = cited.where(_any_of(Citation.provision_id, params, "provision"))
    if "topic" in params:
        tagged = sa.select(col(ProvisionTopic.provision_id)).where(
            _any_of(ProvisionTopic.topic_id, params, "topic")
        )
        cited = cited.where(col(Citation.provision_id).in_(tagged))
    return cited


def statement_filters(args: dict[str, Any]) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses for the statement filters in `args`. Relation, document, provision and
    topic filters apply to one and the same citation."""
    params = statement_filter_params(args)
    where: list[sa.ColumnElement[bool]] = []
    if "speaker" in params:
        where.append(_any_of(Statement.speaker_id, params, "speaker"))
    if "kind" in params:
        where.append(_any_of(Statement.kind, params, "kind"))
    if "article" in params:
        where.append(_any_of(Statement.article_id, params, "article"))
    if "said_from" in params:
        where.append(col(Statement.said_on) >= sa.bindparam("said_from", params["said_from"]))
    if "said_to" in params:
        where.append(col(Statement.said_on) <= sa.bindparam("said_to", params["said_to"]))
    if args.get("q"):
        where.append(contains_all_words([Statement.text], args["q"]))
    cited = _citing(params)
    if cited is not None:
        where.append(col(Statement.id).in_(cited))
    return where


def list_statements(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    """Filtered statements in article order."""
    stmt = sa.select(Statement).options(*statement_options()).where(*statement_filters(args))
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
