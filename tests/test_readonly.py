"""Read-only by construction: the API serves from a connection that cannot write."""

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from flask import Flask

from policyapi import create_app
from policyapi.db import build_engine
from tests.conftest import Databases

PATHS = [
    "/v1/documents",
    "/v1/documents/newark-fair-welcoming-2017",
    "/v1/provisions?topic=warrants",
    "/v1/statements?relation=criticizes",
    "/v1/citations",
    "/v1/topics",
    "/v1/speakers/william-barr/statements",
    "/v1/articles",
    "/v1/search?q=warrant",
    "/v1/meta",
    "/readyz",
]


def _grant_select_only(admin_url: str, role: str) -> None:
    admin = build_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(sa.text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
        conn.execute(sa.text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(sa.text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
    admin.dispose()


def _drop_role(admin_url: str, role: str) -> None:
    admin = build_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP OWNED BY "{role}"'))
        conn.execute(sa.text(f'DROP ROLE "{role}"'))
    admin.dispose()


@pytest.fixture
def readonly_url(databases: Databases, seeded_url: str) -> Iterator[str]:
    """The seeded database through a connection with read access only."""
    if databases.kind == "sqlite":
        # SQLite's equivalent of a SELECT-only role: the file opened read-only.
        path = make_url(seeded_url).database
        yield f"sqlite:///file:{path}?mode=ro&uri=true"
        return
    role = f"policyapi_ro_{uuid.uuid4().hex[:8]}"
    _grant_select_only(seeded_url, role)
    yield make_url(seeded_url).set(username=role, password=None).render_as_string(False)
    _drop_role(seeded_url, role)


@pytest.fixture
def readonly_app(readonly_url: str) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": readonly_url})
    yield app
    app.extensions["policyapi.engine"].dispose()


def test_every_read_works_without_write_grants(readonly_app: Flask) -> None:
    client = readonly_app.test_client()
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True))
    etag = client.get("/v1/provisions").headers["ETag"]
    assert client.get("/v1/provisions", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM citations",
        "UPDATE topics SET label = 'x'",
        "INSERT INTO topics (id, label, description, position) VALUES ('x', 'x', 'x', 99)",
        "CREATE TABLE intruder (id integer)",
    ],
)
def test_the_serving_connection_cannot_write(readonly_app: Flask, statement: str) -> None:
    engine = readonly_app.extensions["policyapi.engine"]
    with pytest.raises(sa.exc.DBAPIError) as failure, engine.begin() as conn:
        conn.execute(sa.text(statement))
    message = str(failure.value.orig).lower()
    assert "permission denied" in message or "readonly" in message
