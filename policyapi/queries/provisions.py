"""Provisions as typed rows, with their parts (children, topics, citation counts) in one query."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    CITATIONS_TABLE,
    DOCUMENTS_TABLE,
    PARENT_PROVISIONS,
    PROVISION_TOPICS_TABLE,
    PROVISIONS_TABLE,
    STATEMENTS_TABLE,
    TOPICS_TABLE,
    any_of,
    matches_search,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset
from policyapi.vocab import Relation


class ProvisionRow(NamedTuple):
    id: str
    document_id: str
    parent_id: str | None
    number: str
    eid: str
    position: int
    heading: str
    summary: str
    text: str | None
    confidence: str
    confidence_note: str | None
    evidence: list[dict[str, Any]]
    kind: str
    label_scheme: str
    position_basis: str
    text_state: str
    document_title: str
    parent_number: str | None
    parent_eid: str | None
    parent_heading: str | None


class ChildRef(NamedTuple):
    id: str
    number: str
    eid: str
    heading: str


class TopicRef(NamedTuple):
    id: str
    label: str


@dataclass
class ProvisionParts:
    children: list[ChildRef] = field(default_factory=list)
    topics: list[TopicRef] = field(default_factory=list)
    citation_counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((str(r) for r in Relation), 0)
    )


@dataclass(frozen=True)
class ProvisionFilters:
    document: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    relation: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    cited_by: tuple[str, ...] = ()
    q: str | None = None


P, PARENT = PROVISIONS_TABLE, PARENT_PROVISIONS
TABLE_COLUMNS = ProvisionRow._fields.index("document_title")  # the rest come from joins
KEYSET = Keyset((P.c.document_id, P.c.position, P.c.id))


def provision_where(filters: ProvisionFilters) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses on the provisions table for `filters` (values bound by filter name)."""
    c = CITATIONS_TABLE
    where: list[sa.ColumnElement[bool]] = []
    if filters.document:
        where.append(any_of(P.c.document_id, "document"))
    if filters.topic:
        tagged = sa.select(PROVISION_TOPICS_TABLE.c.provision_id).where(
            any_of(PROVISION_TOPICS_TABLE.c.topic_id, "topic")
        )
        where.append(P.c.id.in_(tagged))
    if filters.confidence:
        where.append(any_of(P.c.confidence, "confidence"))
    if filters.cited_by:
        where.append(
            P.c.id.in_(sa.select(c.c.provision_id).where(any_of(c.c.statement_id, "cited_by")))
        )
    if filters.relation or filters.speaker:
        s = STATEMENTS_TABLE
        cited = sa.select(c.c.provision_id).join(s, s.c.id == c.c.statement_id)
        if filters.relation:
            cited = cited.where(any_of(c.c.relation, "relation"))
        if filters.speaker:
            cited = cited.where(any_of(s.c.speaker_id, "speaker"))
        where.append(P.c.id.in_(cited))
    where.extend(matches_search(P.c.id, "provision", filters.q))
    return where


def _select(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return (
        sa.select(
            *(P.c[name] for name in ProvisionRow._fields[:TABLE_COLUMNS]),
            DOCUMENTS_TABLE.c.title.label("document_title"),
            PARENT.c.number.label("parent_number"),
            PARENT.c.eid.label("parent_eid"),
            PARENT.c.heading.label("parent_heading"),
        )
        .select_from(
            P.join(DOCUMENTS_TABLE, DOCUMENTS_TABLE.c.id == P.c.document_id).outerjoin(
                PARENT, PARENT.c.id == P.c.parent_id
            )
        )
        .where(*where)
    )


PROVISIONS = Collection("provisions", ProvisionRow, KEYSET, _select, provision_where)
PROVISION_BY_EID = _select(
    [P.c.document_id == sa.bindparam("document_id"), P.c.eid == sa.bindparam("eid")]
)
PROVISIONS_OF_DOCUMENTS = _select([any_of(P.c.document_id, "document_ids")]).order_by(
    *KEYSET.columns
)


def get_provision_by_eid(conn: sa.Connection, document_id: str, eid: str) -> ProvisionRow | None:
    params = {"document_id": document_id, "eid": eid}
    found = fetch(conn, PROVISION_BY_EID, params, ProvisionRow)
    return found[0] if found else None


class Designation(NamedTuple):
    """How one provision of a document can be named: its id, its printed number, its eid."""

    id: str
    number: str | None
    eid: str


def list_designations(conn: sa.Connection, document_id: str) -> list[Designation]:
    """Every provision of a document as (id, number, eid), in document order."""
    query = (
        sa.select(P.c.id, P.c.number, P.c.eid)
        .where(P.c.document_id == document_id)
        .order_by(P.c.position, P.c.id)
    )
    return [Designation(*row) for row in conn.execute(query)]


def provisions_of(conn: sa.Connection, document_ids: Sequence[str]) -> list[ProvisionRow]:
    """Every provision of these documents, in document order."""
    if not document_ids:
        return []
    params = {"document_ids": list(document_ids)}
    return fetch(conn, PROVISIONS_OF_DOCUMENTS, params, ProvisionRow)


class _PartRow(NamedTuple):
    part: str
    owner: str
    id: str
    number: str | None
    eid: str | None
    heading: str | None
    rank: int


def _parts() -> sa.CompoundSelect[Any]:
    p, t, pt, c = PROVISIONS_TABLE, TOPICS_TABLE, PROVISION_TOPICS_TABLE, CITATIONS_TABLE
    nothing = sa.null()
    return sa.union_all(
        sa.select(sa.literal("child").label("part"), p.c.parent_id.label("owner"), p.c.id,
                  p.c.number, p.c.eid, p.c.heading, p.c.position.label("rank"))
        .where(any_of(p.c.parent_id, "provision_ids")),
        sa.select(sa.literal("topic"), pt.c.provision_id, t.c.id, t.c.label, nothing, nothing,
                  t.c.position)
        .join(pt, pt.c.topic_id == t.c.id)
        .where(any_of(pt.c.provision_id, "provision_ids")),
        sa.select(sa.literal("count"), c.c.provision_id, c.c.relation, nothing, nothing, nothing,
                  sa.func.count(sa.distinct(c.c.statement_id)))
        .where(any_of(c.c.provision_id, "provision_ids"))
        .group_by(c.c.provision_id, c.c.relation),
    ).order_by(*map(sa.column, ("part", "owner", "rank", "id")))  # fmt: skip


# Children, topics and citation counts in one round trip, where a topic's label is in `number`
# and a relation's count in `rank`.
PROVISION_PARTS = _parts()


def parts_of(conn: sa.Connection, provision_ids: Sequence[str]) -> dict[str, ProvisionParts]:
    """Each provision's children and topics in order, and its citing statements per relation."""
    parts = {provision_id: ProvisionParts() for provision_id in provision_ids}
    if not parts:
        return parts
    for row in fetch(conn, PROVISION_PARTS, {"provision_ids": list(parts)}, _PartRow):
        owner = parts[row.owner]
        if row.part == "child":
            owner.children.append(
                ChildRef(row.id, row.number or "", row.eid or "", row.heading or "")
            )
        elif row.part == "topic":
            owner.topics.append(TopicRef(row.id, row.number or ""))
        else:
            owner.citation_counts[row.id] = row.rank
    return parts


PROVISIONS_WITH_TOPIC = (
    _select(provision_where(ProvisionFilters(topic=("",))))
    .order_by(*KEYSET.columns)
    .limit(sa.bindparam("most", type_=sa.Integer))
)


def provisions_with_topic(conn: sa.Connection, topic_id: str, most: int) -> list[ProvisionRow]:
    """The first `most` provisions tagged with a topic, in document order (its page)."""
    return fetch(conn, PROVISIONS_WITH_TOPIC, {"topic": [topic_id], "most": most}, ProvisionRow)
