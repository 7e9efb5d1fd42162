"""The row builders in policyapi.render produce exactly what the marshmallow schemas dump."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskClient

from policyapi import render
from policyapi.models import Provision, Statement
from policyapi.queries import rows
from policyapi.queries.fetch import fetch
from policyapi.queries.provisions import get_provision
from policyapi.queries.statements import get_statement
from policyapi.schemas.common import page_schema
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.schemas.search import SearchHitSchema
from policyapi.schemas.statements import StatementSchema


def test_every_statement_renders_as_the_schema_dumps_it(app: Flask, db: Session) -> None:
    select, _count, params = rows.statement_page_select({})
    conn = db.connection()
    found = fetch(conn, select.order_by(*rows.STATEMENT_ORDER_COLUMNS), params)
    assert len(found) == db.execute(sa.select(sa.func.count()).select_from(Statement)).scalar()
    citations = rows.citation_rows(conn, [row.id for row in found])
    with app.test_request_context("/"):
        links = render.Links()
        for row in found:
            expected = StatementSchema().dump(get_statement(db, row.id))
            assert render.statement(links, row, citations[row.id]) == expected
            assert rows.statement_row(conn, row.id) == row


def test_every_provision_renders_as_the_schema_dumps_it(app: Flask, db: Session) -> None:
    ids = list(db.execute(sa.select(Provision.id)).scalars())  # type: ignore[call-overload]
    assert ids
    with app.test_request_context("/"):
        links = render.Links()
        for provision_id in ids:
            conn = db.connection()
            row, parts = (
                rows.provision_row(conn, provision_id),
                rows.provision_parts(conn, provision_id),
            )
            rendered = render.provision(links, row, parts)
            assert rendered == ProvisionSchema().dump(get_provision(db, provision_id))


@pytest.mark.parametrize("value", ["plain-id", "with~tilde.and_dots", "sp ace/slash"])
def test_links_quote_ids_as_url_for_does(app: Flask, value: str) -> None:
    from flask import url_for

    with app.test_request_context("/"):
        expected = "http://localhost" + url_for("statements.StatementById", statement_id=value)
        assert render.Links().statement(value) == expected


def test_search_answers_in_the_documented_shape(client: FlaskClient) -> None:
    body = client.get("/v1/search?q=warrant&page_size=5").get_json()
    assert body["results"]
    assert page_schema(SearchHitSchema, "SearchPage")().dump(body) == body


def test_statement_pages_hold_the_schema_dumps(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    body = client.get("/v1/statements?page_size=4&kind=paraphrase").get_json()
    with app.test_request_context("/"):
        expected = [StatementSchema().dump(get_statement(db, s["id"])) for s in body["results"]]
    assert body["results"] == expected
