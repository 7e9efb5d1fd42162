"""Provisions, their topics and the statements citing them."""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption
from sqlmodel import Session, col, select

from policyapi.models import Citation, Provision, ProvisionTopic, Statement
from policyapi.queries.common import annotate, contains_all_words, rel
from policyapi.vocab import Relation


def provision_options(include_document: bool = True) -> list[LoaderOption]:
    """Eager loads for a provision's representation: constant queries per page."""
    options: list[LoaderOption] = [
        selectinload(rel(Provision.topics)),
        selectinload(rel(Provision.parent)),
        selectinload(rel(Provision.children)),
    ]
    if include_document:
        options.append(selectinload(rel(Provision.document)))
    return options


def with_citation_counts(session: Session, provisions: list[Provision]) -> list[Provision]:
    """Attach {relation: number of citing statements} to each provision, in one query."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Relation, 0))
    ids = [p.id for p in provisions]
    if ids:
        rows = session.execute(
            sa.select(
                col(Citation.provision_id),
                col(Citation.relation),
                sa.func.count(sa.distinct(col(Citation.statement_id))),
            )
            .where(col(Citation.provision_id).in_(ids))
            .group_by(col(Citation.provision_id), col(Citation.relation))
        )
        for provision_id, relation, count in rows:
            counts[provision_id][relation] = count
    for provision in provisions:
        annotate(provision, citation_counts={str(k): v for k, v in counts[provision.id].items()})
    return provisions


def get_provision(session: Session, provision_id: str) -> Provision | None:
    stmt = select(Provision).where(Provision.id == provision_id).options(*provision_options())
    provision = session.exec(stmt).first()
    return with_citation_counts(session, [provision])[0] if provision else None


def get_provision_by_eid(session: Session, document_id: str, eid: str) -> Provision | None:
    stmt = (
        select(Provision)
        .where(Provision.document_id == document_id, Provision.eid == eid)
        .options(*provision_options())
    )
    provision = session.exec(stmt).first()
    return with_citation_counts(session, [provision])[0] if provision else None


def list_provisions(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    """Filtered provisions in document order."""
    stmt = sa.select(Provision).options(*provision_options())
    if args.get("document"):
        stmt = stmt.where(col(Provision.document_id).in_(args["document"]))
    if args.get("topic"):
        tagged = sa.select(col(ProvisionTopic.provision_id)).where(
            col(ProvisionTopic.topic_id).in_(args["topic"])
        )
        stmt = stmt.where(col(Provision.id).in_(tagged))
    if args.get("confidence"):
        stmt = stmt.where(col(Provision.confidence).in_(args["confidence"]))
    if args.get("cited_by"):
        cited_by = sa.select(col(Citation.provision_id)).where(
            col(Citation.statement_id).in_(args["cited_by"])
        )
        stmt = stmt.where(col(Provision.id).in_(cited_by))
    if args.get("relation") or args.get("speaker"):
        cited = sa.select(col(Citation.provision_id)).join(
            Statement, col(Statement.id) == col(Citation.statement_id)
        )
        if args.get("relation"):
            cited = cited.where(col(Citation.relation).in_(args["relation"]))
        if args.get("speaker"):
            cited = cited.where(col(Statement.speaker_id).in_(args["speaker"]))
        stmt = stmt.where(col(Provision.id).in_(cited))
    if args.get("q"):
        stmt = stmt.where(
            contains_all_words(
                [Provision.number, Provision.heading, Provision.summary, Provision.text], args["q"]
            )
        )
    return stmt, [Provision.document_id, Provision.position, Provision.id]
