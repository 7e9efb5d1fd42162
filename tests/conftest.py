"""Fixtures: real databases (SQLite always, PostgreSQL when configured), built by migrations."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from policyapi import create_app, migrate
from policyapi.db import build_engine, normalise_url
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from tests.browsing import api, browser, engine_name  # noqa: F401  (fixtures of the browser tests)

if TYPE_CHECKING:
    from tests.releasing import History

# The seed tree every test loads and reads; POLICYAPI_TEST_SEEDS points it at another one (such
# as the copy `make test-extended` builds with tests/extend_seeds.py).
SEEDS = Path(
    os.environ.get("POLICYAPI_TEST_SEEDS") or Path(__file__).resolve().parent.parent / "seeds"
).resolve()
POSTGRES_URL = os.environ.get("POLICYAPI_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("POLICYAPI_REQUIRE_POSTGRES") == "1"


class Databases:
    """Creates throw-away databases on one engine kind and drops them at the end."""

    def __init__(self, kind: str, tmp: Path) -> None:
        self.kind = kind
        self.tmp = tmp
        self.created: list[str] = []

    def new(self) -> str:
        name = f"policyapi_t_{uuid.uuid4().hex[:10]}"
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp / (name + '.sqlite3')}"
        assert POSTGRES_URL
        admin = build_engine(POSTGRES_URL)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return (
            make_url(normalise_url(POSTGRES_URL))
            .set(database=name)
            .render_as_string(hide_password=False)
        )

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = build_engine(POSTGRES_URL or "")
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _kinds() -> list[Any]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(scope="session", params=_kinds())
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    """A factory of fresh databases of one kind (sqlite or postgresql)."""
    kind = request.param
    if kind == "postgresql" and not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("POLICYAPI_TEST_POSTGRES_URL is not set but PostgreSQL is required")
        pytest.skip("set POLICYAPI_TEST_POSTGRES_URL to run the PostgreSQL tests")
    dbs = Databases(kind, tmp_path_factory.mktemp(kind))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> "History":
    """An earlier release of the seeds, three records different (tests/releasing.py)."""
    from tests.releasing import earlier_release

    return earlier_release(SEEDS, tmp_path_factory.mktemp("earlier") / "seeds")


@pytest.fixture(scope="session")
def seeded_url(databases: Databases, history: "History") -> str:
    """A database migrated to head and loaded with the real seeds, shared read-only.

    An earlier release is loaded first, so the database has a history: two releases, and the
    changes from the first to the seeds. The records served are exactly the seeds'.
    """
    url = databases.new()
    migrate.upgrade(url)
    engine = build_engine(url)
    for root in (history.root, SEEDS):
        with Session(engine) as session:
            load_bundle(session, build_bundle(root))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(seeded_url: str) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})
    yield app
    app.extensions["policyapi.engine"].dispose()


@pytest.fixture
def cached_app(seeded_url: str) -> Iterator[Flask]:
    """An app over the seeded database with a long version TTL: only commits refresh it."""
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "DATASET_VERSION_TTL": 3600.0})
    yield app
    app.extensions["policyapi.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A Session on the seeded database (read it; do not write)."""
    with Session(app.extensions["policyapi.engine"]) as session:
        yield session


@pytest.fixture
def fresh_url(databases: Databases) -> str:
    """A new database migrated to head, empty, for tests that write."""
    url = databases.new()
    migrate.upgrade(url)
    return url


@pytest.fixture
def fresh_app(fresh_url: str) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_url})
    yield app
    app.extensions["policyapi.engine"].dispose()


@pytest.fixture
def runner(fresh_app: Flask) -> FlaskCliRunner:
    return fresh_app.test_cli_runner()


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (timestamps included), for before/after comparisons."""
    out = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(r) for r in rows]
    return out
