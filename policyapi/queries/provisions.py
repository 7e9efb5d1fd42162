"""Provisions, their topics and the statements citing them."""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption
from sqlmodel import Session, select

from policyapi.models import Citation, Provision, ProvisionTopic, Statement
from policyapi.queries.common import annotate, contains_all_words
from policyapi.vocab import Relation


def provision_options(include_document: bool = True) -> list[LoaderOption]:
    """Eager loads for a provision's representation: constant queries per page."""
    options: list[LoaderOption] = [
        selectinload(Provision.topics),  # type: ignore[arg-type]
        selectinload(Provision.parent),  # type: ignore[arg-type]
        selectinload(Provision.children),  # type: ignore[arg-type]
    ]
    if include_document:
        options.append(selectinload(Provision.document))  # type: ignore[arg-type]
    return options


def with_citation_counts(session: Session, provisions: list[Provision]) -> list[Provision]:
    """Attach {relation: number of citing statements} to each provision, in one query."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Relation, 0))
    ids = [p.id for p in provisions]
    if ids:
        rows = session.execute(
            sa.select(
                Citation.provision_id,
                Citation.relation,
                sa.func.count(sa.distinct(Citation.statement_id)),
            )
            .where(Citation.provision_id.in_(ids))  # type: ignore[union-attr]
            .group_by(Citation.provision_id, Citation.relation)
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
        stmt = stmt.where(Provision.document_id.in_(args["document"]))  # type: ignore[attr-defined]
    if args.get("topic"):
        tagged = sa.select(ProvisionTopic.provision_id).where(
            ProvisionTopic.topic_id.in_(args["topic"])  # type: ignore[attr-defined]
        )
        stmt = stmt.where(Provision.id.in_(tagged))  # type: ignore[attr-defined]
    if args.get("confidence"):
        stmt = stmt.where(Provision.confidence.in_(args["confidence"]))  # type: ignore[attr-defined]
    if args.get("cited_by"):
        cited_by = sa.select(Citation.provision_id).where(
            Citation.statement_id.in_(args["cited_by"])  # type: ignore[attr-defined]
        )
        stmt = stmt.where(Provision.id.in_(cited_by))  # type: ignore[attr-defined]
    if args.get("relation") or args.get("speaker"):
        cited = sa.select(Citation.provision_id).join(
            Statement, Statement.id == Citation.statement_id
        )
        if args.get("relation"):
            cited = cited.where(Citation.relation.in_(args["relation"]))  # type: ignore[attr-defined]
        if args.get("speaker"):
            cited = cited.where(Statement.speaker_id.in_(args["speaker"]))  # type: ignore[union-attr]
        stmt = stmt.where(Provision.id.in_(cited))  # type: ignore[attr-defined]
    if args.get("q"):
        stmt = stmt.where(
            contains_all_words(
                [Provision.number, Provision.heading, Provision.summary, Provision.text], args["q"]
            )
        )
    return stmt, [Provision.document_id, Provision.position, Provision.id]
