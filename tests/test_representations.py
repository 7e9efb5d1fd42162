"""One producer per representation: its keys are exactly the documented schema's fields.

tests/test_contract.py validates every answer against the OpenAPI document; this checks the
same promise from the marshmallow side, field by field, on every record of the seeds.
"""

from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from flask import Flask, url_for
from flask.testing import FlaskClient

from marshmallow import Schema, fields

from policyapi.schemas.articles import ArticleDetailSchema, ArticleSchema
from policyapi.schemas.documents import DocumentDetailSchema, DocumentSchema
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.schemas.search import SearchHitSchema
from policyapi.schemas.speakers import SpeakerSchema
from policyapi.schemas.statements import CitationSchema, StatementSchema
from policyapi.schemas.topics import TopicSchema
from policyapi.web.endpoints import Endpoint
from policyapi.web.links import links


def mismatches(schema: Schema, value: Any, path: str = "") -> list[str]:
    """Where `value` has keys the schema lacks or lacks keys it declares (nested too)."""
    if not isinstance(value, dict):
        return [f"{path or '/'}: not an object"]
    declared = schema.fields
    found = [f"{path}/{k}: undocumented" for k in value.keys() - declared.keys()]
    found += [f"{path}/{k}: missing" for k in declared.keys() - value.keys()]
    for name, field in declared.items():
        child = value.get(name)
        if child is None:
            if name in value and not field.allow_none:
                found.append(f"{path}/{name}: null but not nullable")
            continue
        inner = field.inner if isinstance(field, fields.List) else None
        if isinstance(field, fields.Nested):
            found += mismatches(field.schema, child, f"{path}/{name}")
        elif isinstance(inner, fields.Nested):
            for i, item in enumerate(child):
                found += mismatches(inner.schema, item, f"{path}/{name}/{i}")
    return found


def ids(db: Session, table: str) -> list[str]:
    column = sa.column("id")
    return [row[0] for row in db.execute(sa.select(column).select_from(sa.table(table)))]


ITEMS = [
    ("documents", "/v1/documents/{}", DocumentDetailSchema),
    ("provisions", "/v1/provisions/{}", ProvisionSchema),
    ("topics", "/v1/topics/{}", TopicSchema),
    ("speakers", "/v1/speakers/{}", SpeakerSchema),
    ("articles", "/v1/articles/{}", ArticleDetailSchema),
    ("statements", "/v1/statements/{}", StatementSchema),
    ("citations", "/v1/citations/{}", CitationSchema),
]
PAGES = [
    ("/v1/documents?page_size=500", DocumentSchema),
    ("/v1/provisions?page_size=500", ProvisionSchema),
    ("/v1/topics?page_size=500", TopicSchema),
    ("/v1/speakers?page_size=500", SpeakerSchema),
    ("/v1/articles?page_size=500", ArticleSchema),
    ("/v1/statements?page_size=500", StatementSchema),
    ("/v1/citations?page_size=500", CitationSchema),
    ("/v1/search?q=warrant&page_size=500", SearchHitSchema),
]


@pytest.mark.parametrize(("table", "path", "schema"), ITEMS, ids=[i[0] for i in ITEMS])
def test_every_item_has_exactly_its_documented_keys(
    client: FlaskClient, db: Session, table: str, path: str, schema: type[Schema]
) -> None:
    for item_id in ids(db, table):
        body = client.get(path.format(item_id)).get_json()
        assert mismatches(schema(), body) == [], item_id


@pytest.mark.parametrize(("path", "schema"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_entry_has_exactly_its_documented_keys(
    client: FlaskClient, path: str, schema: type[Schema]
) -> None:
    results = client.get(path).get_json()["results"]
    assert results
    for entry in results:
        assert mismatches(schema(), entry) == [], entry.get("id")


def test_every_output_field_is_required(app: Flask) -> None:
    for schema in (item[2] for item in ITEMS):
        assert all(field.required for field in schema().fields.values()), schema.__name__


@pytest.mark.parametrize("value", ["plain-id", "with~tilde.and_dots", "sp ace/slash"])
def test_links_quote_ids_as_url_for_does(app: Flask, value: str) -> None:
    with app.test_request_context("/"):
        expected = "http://localhost" + url_for(Endpoint.STATEMENT, statement_id=value)
        assert links().item(Endpoint.STATEMENT, value) == expected


def test_endpoint_names_are_the_routes(app: Flask) -> None:
    """Every named endpoint is a route, and every route of ours has a name in Endpoint."""
    ours = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in ("static",) and not rule.endpoint.startswith("api-docs.")
    }
    assert ours == {str(e) for e in Endpoint}
