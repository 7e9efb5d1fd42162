"""Each resource wired once: its query, its representations and how a view answers with them."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from flask import Response

from flask_smorest import abort

from policyapi.api import designations as designations_
from policyapi.api.responses import Listing, json_response
from policyapi.db import connect
from policyapi.errors import found, not_found
from policyapi.queries import (
    catalog,
    citations,
    documents,
    jurisdictions,
    provisions,
    relations,
    statements,
    versions,
)
from policyapi.queries.collection import Collection
from policyapi.queries.common import exists
from policyapi.queries.documents import DocumentRow
from policyapi.queries.jurisdictions import JurisdictionRow
from policyapi.queries.provisions import ProvisionFilters, ProvisionRow
from policyapi.queries.relations import (
    CorrespondenceFilters,
    CorrespondenceRow,
    RelationFilters,
    RelationRow,
)
from policyapi.queries.statements import StatementRow
from policyapi.representations import json, jsonld
from policyapi.representations.versions import in_force_row
from policyapi.site import pages
from policyapi.vocab import Direction
from policyapi.web import negotiation
from policyapi.web.links import Links, links

R = TypeVar("R")


def render_statements(
    conn: sa.Connection, links_: Links, rows: list[StatementRow]
) -> list[dict[str, Any]]:
    cited = statements.citations_of(conn, [row.id for row in rows])
    return [json.statement(links_, row, cited[row.id]) for row in rows]


def render_provisions(
    conn: sa.Connection, links_: Links, rows: list[ProvisionRow]
) -> list[dict[str, Any]]:
    parts = provisions.parts_of(conn, [row.id for row in rows])
    return [json.provision(links_, row, parts[row.id]) for row in rows]


def render_documents(
    conn: sa.Connection, links_: Links, rows: list[DocumentRow]
) -> list[dict[str, Any]]:
    actors = documents.actors_of(conn, [row.id for row in rows])
    return [json.document(links_, row, actors[row.id]) for row in rows]


def render_jurisdictions(
    conn: sa.Connection, links_: Links, rows: list[JurisdictionRow]
) -> list[dict[str, Any]]:
    chains = jurisdictions.chains_of(conn, rows)
    return [json.jurisdiction(links_, row, chains[row.id]) for row in rows]


def _each(render: Any) -> Any:
    """A renderer of rows that need nothing more than themselves."""

    def render_rows(_conn: sa.Connection, links_: Links, rows: list[Any]) -> list[dict[str, Any]]:
        return [render(links_, row) for row in rows]

    return render_rows


STATEMENTS = Listing(statements.STATEMENTS, render_statements)
PROVISIONS = Listing(provisions.PROVISIONS, render_provisions)
DOCUMENTS = Listing(documents.DOCUMENTS, render_documents)
JURISDICTIONS = Listing(jurisdictions.JURISDICTIONS, render_jurisdictions)
TOPICS = Listing(catalog.TOPICS, _each(json.topic))
SPEAKERS = Listing(catalog.SPEAKERS, _each(json.speaker))
ARTICLES = Listing(catalog.ARTICLES, _each(json.article))
CITATIONS = Listing(citations.CITATIONS, _each(json.citation))


def statement(statement_id: str) -> Response:
    """One statement, as JSON or JSON-LD."""
    with connect() as conn:
        row = found(statements.STATEMENTS.get(conn, statement_id), "statement", statement_id)
        cited = statements.citations_of(conn, [statement_id])[statement_id]
    if negotiation.chosen() is negotiation.JSONLD:
        return json_response(jsonld.statement(links(), row, cited))
    if negotiation.chosen() is negotiation.HTML:
        return pages.statement_page(row, cited)
    return json_response(json.statement(links(), row, cited))


def _provision(conn: sa.Connection, row: ProvisionRow, day: date | None) -> Response:
    if negotiation.chosen() is negotiation.HTML:
        return pages.provision_page(conn, row, day)
    parts = provisions.parts_of(conn, [row.id])[row.id]
    chosen = versions.as_of_each(conn, [row], day)
    as_of = chosen[row.id] if chosen else None
    if negotiation.chosen() is negotiation.JSONLD:
        document = documents.DOCUMENTS.get(conn, row.document_id)
        assert document is not None  # nosec B101  # a provision's document exists (FK)
        worded = in_force_row(row, as_of)
        return json_response(jsonld.provision(links(), worded, parts, document))
    return json_response(json.provision(links(), row, parts, as_of))


def provision(provision_id: str, day: date | None = None) -> Response:
    """One provision (as worded on `day`, if given), as JSON or JSON-LD."""
    with connect() as conn:
        row = found(provisions.PROVISIONS.get(conn, provision_id), "provision", provision_id)
        return _provision(conn, row, day)


def provision_by_eid(document_id: str, eid: str, day: date | None = None) -> Response:
    """One provision of a document by its eid, as JSON or JSON-LD."""
    with connect() as conn:
        row = provisions.get_provision_by_eid(conn, document_id, eid)
        if row is None:
            found(documents.DOCUMENTS.get(conn, document_id), "document", document_id)
            designations = provisions.list_designations(conn, document_id)
            return designations_.redirect_or_explain(document_id, eid, designations)
        return _provision(conn, row, day)


def document(document_id: str, day: date | None = None) -> Response:
    """One document with all its provisions (as worded on `day`), as JSON, JSON-LD or HTML."""
    if negotiation.chosen() is negotiation.HTML:
        return pages.document_page(document_id, day)
    with connect() as conn:
        row = found(documents.DOCUMENTS.get(conn, document_id), "document", document_id)
        rows = provisions.provisions_of(conn, [document_id])
        actors = documents.actors_of(conn, [document_id])[document_id]
        chosen = versions.as_of_each(conn, rows, day)
        if negotiation.chosen() is negotiation.JSONLD:
            stated = relations.stated_by(conn, document_id)
            if chosen:
                rows = [in_force_row(p, chosen[p.id]) for p in rows]
            return json_response(jsonld.document(links(), row, rows, actors, stated))
        parts = provisions.parts_of(conn, [p.id for p in rows])
    return json_response(json.document_detail(links(), row, actors, rows, parts, chosen))


def provisions_answer(filters: ProvisionFilters, args: Mapping[str, Any]) -> Response:
    """A page of provisions, each as worded on the `as_of` day when one is asked."""
    day = args.get("as_of")
    if day is None:
        return PROVISIONS.answer(filters, args)
    if negotiation.chosen() in (negotiation.CSV, negotiation.NDJSON):
        abort(
            422,
            errors={
                "as_of": [
                    "is answered in JSON only: CSV and NDJSON list the current versions "
                    "(every version is in the provision_versions export)"
                ]
            },
        )

    def render(conn: sa.Connection, links_: Links, rows: list[ProvisionRow]) -> list[Any]:
        parts = provisions.parts_of(conn, [row.id for row in rows])
        chosen = versions.as_of_each(conn, rows, day) or {}
        return [json.provision(links_, row, parts[row.id], chosen[row.id]) for row in rows]

    return Listing(provisions.PROVISIONS, render).answer(filters, args)


def document_relations(document_id: str, args: dict[str, Any]) -> Response:
    """A document's relations to other documents, both ways unless a direction is asked."""
    require("documents", "document", document_id)
    direction = args.get("direction")
    filters = RelationFilters(
        document=document_id if direction is None else None,
        subject=(document_id,) if direction == Direction.OUTGOING else (),
        object=(document_id,) if direction == Direction.INCOMING else (),
        relation=tuple(args.get("relation") or ()),
    )

    def render(_conn: sa.Connection, links_: Links, rows: list[RelationRow]) -> list[Any]:
        return [json.relation(links_, row, document_id) for row in rows]

    return Listing(relations.RELATIONS, render).answer(filters, args)


def provision_correspondences(provision_id: str, args: dict[str, Any]) -> Response:
    """The provisions of other documents a provision corresponds to, stated from either side."""
    require("provisions", "provision", provision_id)
    filters = CorrespondenceFilters(
        provision=provision_id,
        scope=tuple(args.get("scope") or ()),
        confidence=tuple(args.get("confidence") or ()),
    )

    def render(_conn: sa.Connection, links_: Links, rows: list[CorrespondenceRow]) -> list[Any]:
        return [json.correspondence(links_, row, provision_id) for row in rows]

    return Listing(relations.CORRESPONDENCES, render).answer(filters, args)


def jurisdiction(jurisdiction_id: str) -> Response:
    """One division with its chain of enclosing divisions."""
    with connect() as conn:
        row = found(
            jurisdictions.JURISDICTIONS.get(conn, jurisdiction_id), "jurisdiction", jurisdiction_id
        )
        chain = jurisdictions.chains_of(conn, [row])[row.id]
    return json_response(json.jurisdiction(links(), row, chain))


def _item(
    collection: Collection[Any, R],
    render: Callable[[Links, R], Any],
    what: str,
    page: Callable[[str], Response] | None = None,
) -> Callable[[str], Response]:
    """The answer for one item that renders from its row alone (or its HTML page)."""

    def answer(item_id: str) -> Response:
        if page is not None and negotiation.chosen() is negotiation.HTML:
            return page(item_id)
        with connect() as conn:
            row = found(collection.get(conn, item_id), what, item_id)
        return json_response(render(links(), row))

    return answer


topic = _item(catalog.TOPICS, json.topic, "topic", pages.topic_page)
speaker = _item(catalog.SPEAKERS, json.speaker, "speaker", pages.speaker_page)
article = _item(catalog.ARTICLES, json.article_detail, "article", pages.article_page)
citation = _item(citations.CITATIONS, json.citation, "citation")


def require(table: str, what: str, item_id: str) -> None:
    """A 404 unless the item a relation route names exists."""
    with connect() as conn:
        if not exists(conn, table, item_id):
            not_found(what, item_id)


def _known(
    field: str, wanted: tuple[str, ...], ids_of: Callable[[sa.Connection], list[str]]
) -> None:
    """A vocabulary kept in the data (topics, doc_types): unknown values are a 422."""
    if not wanted:
        return
    with connect() as conn:
        known = ids_of(conn)
    unknown = [t for t in wanted if t not in known]
    if unknown:
        names = ", ".join(map(repr, unknown))
        abort(
            422, errors={field: [f"unknown {field}(s) {names}; must be one of: {', '.join(known)}"]}
        )


def known_topics(wanted: tuple[str, ...]) -> None:
    _known("topic", wanted, catalog.topic_ids)


def known_doc_types(wanted: tuple[str, ...]) -> None:
    _known("doc_type", wanted, catalog.doc_type_ids)


COMPARE_MOST = 500


def _unknown(field: str, what: str, ids: list[str]) -> None:
    names = ", ".join(map(repr, ids))
    abort(422, errors={field: [f"unknown {what} {names}"]})


def _as_pair(first: ProvisionRow, second: ProvisionRow) -> CorrespondenceRow:
    """Two provisions that do not correspond, shaped like a correspondence to line them up."""
    ends: dict[str, Any] = {}
    for end, p in (("provision", first), ("corresponding", second)):
        ends.update(
            {
                f"{end}_id": p.id,
                f"{end}_number": p.number,
                f"{end}_eid": p.eid,
                f"{end}_heading": p.heading,
                f"{end}_document_id": p.document_id,
                f"{end}_document_title": p.document_title,
                f"{end}_position": p.position,
            }
        )
    return CorrespondenceRow(
        id="", scope="same", confidence="unknown", note=None, position=0, **ends
    )


def compare(args: dict[str, Any]) -> Response:
    """Corresponding provisions of two documents, or two provisions, side by side."""
    field = "documents" if args.get("documents") is not None else "provisions"
    left, right = (part.strip() for part in args[field].split(","))
    with connect() as conn:
        if field == "documents":
            docs = [documents.DOCUMENTS.get(conn, d) for d in (left, right)]
            missing = [d for d, row in zip((left, right), docs, strict=True) if row is None]
            if missing:
                _unknown(field, "document(s)", missing)
            found_rows = relations.between(conn, left, right, COMPARE_MOST + 1)
            truncated = len(found_rows) > COMPARE_MOST
            pairs = [(row, row.provision_document_id == left) for row in found_rows[:COMPARE_MOST]]
            refs = [(d.id, d.title) for d in docs if d is not None]
            corresponds = True
        else:
            rows = [provisions.PROVISIONS.get(conn, p) for p in (left, right)]
            missing = [p for p, row in zip((left, right), rows, strict=True) if row is None]
            if missing:
                _unknown(field, "provision(s)", missing)
            first, second = (row for row in rows if row is not None)
            stated = relations.pair(conn, left, right)
            corresponds = stated is not None
            pairs = [
                (stated, stated.provision_id == left) if stated else (_as_pair(first, second), True)
            ]
            refs = [(p.document_id, p.document_title) for p in (first, second)]
            truncated = False
        ids = {pid for row, _ in pairs for pid in (row.provision_id, row.corresponding_id)}
        parts = provisions.parts_of(conn, sorted(ids))
    links_ = links()

    def left_position(pair: tuple[CorrespondenceRow, bool]) -> tuple[int, int, str]:
        row, left_first = pair
        mine, theirs = (
            (row.provision_position, row.corresponding_position)
            if left_first
            else (row.corresponding_position, row.provision_position)
        )
        return mine, theirs, row.id

    return json_response(
        {
            "documents": [json.document_ref(links_, *ref) for ref in refs],
            "rows": [
                json.compare_row(links_, row, left_first, parts, corresponds)
                for row, left_first in sorted(pairs, key=left_position)
            ],
            "truncated": truncated,
        }
    )
