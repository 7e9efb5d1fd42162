"""The README's table of search queries, run on SQLite and PostgreSQL.

Each query gives the same ids in the same order on both engines, and exactly the items a
reference reading of the seeds says it should: the seed texts analysed by the same analyser
and matched in Python (every group, phrases as adjacent terms within one field, exclusions),
so a new seed changes the expectation, not the test.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlmodel import Session

from flask.testing import FlaskClient

from policyapi import create_app, migrate
from policyapi.db import build_engine
from policyapi.search.language import Phrase, Query, QueryError, parse
from policyapi.search.tokens import terms
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, SEEDS, Databases
from tests.helpers import assert_problem, walk
from tests.seedfacts import facts

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| `(?P<q>[^`]+)` \| (?P<finds>.+) \|$")


def documented_queries() -> list[str]:
    """The `q` column of the README's table under '## Search language'."""
    section = README.read_text(encoding="utf-8").split("## Search language", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines()]
    return [row["q"] for row in rows if row]


QUERIES = documented_queries()


def test_the_readme_documents_the_language() -> None:
    assert len(QUERIES) >= 10
    assert any('"' in q for q in QUERIES) and any(" OR " in q for q in QUERIES)
    assert any(q.startswith("-") or " -" in q for q in QUERIES)


# Per item: (type, id) -> (heading terms, body terms), as policyapi/search/index.py reads them.
Fields = dict[tuple[str, str], tuple[list[str], list[str]]]


def seed_fields() -> Fields:
    names = {s["id"]: s["name"] for s in facts().speakers}
    found: Fields = {}
    for p in facts().provisions():
        heading = f"{p['number']} {p['heading']}"
        found["provision", p["id"]] = (terms(heading), terms(f"{p['summary']} {p['text'] or ''}"))
    for s in facts().statements():
        found["statement", s["id"]] = (terms(names.get(s["speaker"], "")), terms(s["text"]))
    return found


def _holds(fields: tuple[list[str], list[str]], phrase: Phrase) -> bool:
    size = len(phrase.terms)
    return any(
        tuple(field[i : i + size]) == phrase.terms
        for field in fields
        for i in range(len(field) - size + 1)
    )


def expected(query: Query, fields: Fields) -> set[tuple[str, str]]:
    """The items the seeds say `query` matches."""
    return {
        item
        for item, its in fields.items()
        if all(any(_holds(its, p) for p in group) for group in query.groups)
        and not any(_holds(its, p) for p in query.excluded)
    }


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, FlaskClient]]:
    """One client per engine, each over a database loaded with the seeds."""
    kinds = ["sqlite"]
    if POSTGRES_URL:
        kinds.append("postgresql")
    elif REQUIRE_POSTGRES:
        pytest.fail("POLICYAPI_TEST_POSTGRES_URL is not set but PostgreSQL is required")
    made: list[tuple[Databases, Any]] = []
    clients = {}
    for kind in kinds:
        databases = Databases(kind, tmp_path_factory.mktemp(f"language-{kind}"))
        url = databases.new()
        migrate.upgrade(url)
        engine = build_engine(url)
        with Session(engine) as session:
            load_bundle(session, build_bundle(SEEDS))
        engine.dispose()
        app = create_app({"TESTING": True, "DATABASE_URL": url})
        made.append((databases, app))
        clients[kind] = app.test_client()
    yield clients
    for databases, app in made:
        app.extensions["policyapi.engine"].dispose()
        databases.drop_all()


@pytest.mark.parametrize("q", QUERIES)
def test_each_documented_query_is_the_same_on_both_engines(
    q: str, engines: dict[str, FlaskClient]
) -> None:
    url = f"/v1/search?page_size=7&q={quote(q)}"
    try:
        query = parse(q)
    except QueryError as error:
        for client in engines.values():
            problem = assert_problem(client.get(url), 422)
            assert str(error) in str(problem), problem
        return
    want = expected(query, seed_fields())
    assert want, f"{q!r} should find something in the seeds"
    answers = {kind: walk(client, url) for kind, client in engines.items()}
    orders = {kind: [(h["type"], h["id"]) for h in hits] for kind, hits in answers.items()}
    for kind, order in orders.items():
        assert set(order) == want, kind
        assert len(order) == len(want), f"{kind}: each hit once"
        ranks = [hit["rank"] for hit in answers[kind]]
        assert ranks == sorted(ranks, reverse=True), kind
    assert len({tuple(order) for order in orders.values()}) == 1, "same order on every engine"
    for kind, client in engines.items():
        for collection in ("provision", "statement"):
            listed = walk(client, f"/v1/{collection}s?page_size=500&q={quote(q)}")
            ids = {(collection, item["id"]) for item in listed}
            assert ids == {item for item in want if item[0] == collection}, (kind, collection)


def test_equivalent_queries_share_one_normal_form() -> None:
    assert parse("Warrants").key == parse("warrant the").key == parse("warrant").key
    assert parse("ICE's").key == parse("ICE").key
    assert parse("b OR a c").key == parse("c a OR b").key
