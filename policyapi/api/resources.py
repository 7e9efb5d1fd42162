"""Each resource wired once: its query, its representations and how a view answers with them."""

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from flask import Response

from flask_smorest import abort

from policyapi.api.responses import Listing, json_response
from policyapi.db import connect
from policyapi.errors import found, not_found
from policyapi.queries import catalog, citations, documents, provisions, statements
from policyapi.queries.collection import Collection
from policyapi.queries.common import exists
from policyapi.queries.provisions import ProvisionRow
from policyapi.queries.statements import StatementRow
from policyapi.representations import json, jsonld
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


def _each(render: Any) -> Any:
    """A renderer of rows that need nothing more than themselves."""

    def render_rows(_conn: sa.Connection, links_: Links, rows: list[Any]) -> list[dict[str, Any]]:
        return [render(links_, row) for row in rows]

    return render_rows


STATEMENTS = Listing(statements.STATEMENTS, render_statements)
PROVISIONS = Listing(provisions.PROVISIONS, render_provisions)
DOCUMENTS = Listing(documents.DOCUMENTS, _each(json.document))
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
    return json_response(json.statement(links(), row, cited))


def _provision(conn: sa.Connection, row: ProvisionRow) -> Response:
    parts = provisions.parts_of(conn, [row.id])[row.id]
    if negotiation.chosen() is negotiation.JSONLD:
        document = documents.DOCUMENTS.get(conn, row.document_id)
        assert document is not None  # nosec B101  # a provision's document exists (FK)
        return json_response(jsonld.provision(links(), row, parts, document))
    return json_response(json.provision(links(), row, parts))


def provision(provision_id: str) -> Response:
    """One provision, as JSON or JSON-LD."""
    with connect() as conn:
        row = found(provisions.PROVISIONS.get(conn, provision_id), "provision", provision_id)
        return _provision(conn, row)


def provision_by_eid(document_id: str, eid: str) -> Response:
    """One provision of a document by its eid, as JSON or JSON-LD."""
    with connect() as conn:
        row = provisions.get_provision_by_eid(conn, document_id, eid)
        if row is None:
            not_found(f"provision in document {document_id!r}", eid)
        return _provision(conn, row)


def document(document_id: str) -> Response:
    """One document with all its provisions, as JSON or JSON-LD."""
    with connect() as conn:
        row = found(documents.DOCUMENTS.get(conn, document_id), "document", document_id)
        rows = provisions.provisions_of(conn, [document_id])
        if negotiation.chosen() is negotiation.JSONLD:
            return json_response(jsonld.document(links(), row, rows))
        parts = provisions.parts_of(conn, [p.id for p in rows])
    return json_response(json.document_detail(links(), row, rows, parts))


def _item(
    collection: Collection[Any, R], render: Callable[[Links, R], Any], what: str
) -> Callable[[str], Response]:
    """The answer for one item that renders from its row alone."""

    def answer(item_id: str) -> Response:
        with connect() as conn:
            row = found(collection.get(conn, item_id), what, item_id)
        return json_response(render(links(), row))

    return answer


topic = _item(catalog.TOPICS, json.topic, "topic")
speaker = _item(catalog.SPEAKERS, json.speaker, "speaker")
article = _item(catalog.ARTICLES, json.article_detail, "article")
citation = _item(citations.CITATIONS, json.citation, "citation")


def require(table: str, what: str, item_id: str) -> None:
    """A 404 unless the item a relation route names exists."""
    with connect() as conn:
        if not exists(conn, table, item_id):
            not_found(what, item_id)


def known_topics(wanted: tuple[str, ...]) -> None:
    """Topics are a controlled vocabulary kept in the data: unknown ones are a 422."""
    if not wanted:
        return
    with connect() as conn:
        known = catalog.topic_ids(conn)
    unknown = [t for t in wanted if t not in known]
    if unknown:
        names = ", ".join(map(repr, unknown))
        abort(
            422, errors={"topic": [f"unknown topic(s) {names}; must be one of: {', '.join(known)}"]}
        )
