"""Response, total and dataset-version caches: fewer queries, never stale after a change."""

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskClient

from policyapi import create_app
from tests.conftest import SEEDS
from tests.helpers import walk

PROVISION = "/v1/provisions/newark-fair-welcoming-2017-n02"


class Queries:
    """The SQL an engine runs while the recorder is attached."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.seen: list[str] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)

    def __enter__(self) -> "Queries":
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def queries(app: Flask) -> Queries:
    return Queries(app.extensions["policyapi.engine"])


def test_a_repeated_request_runs_no_query(cached_app: Flask) -> None:
    client = cached_app.test_client()
    first = client.get(PROVISION)
    with queries(cached_app) as seen:
        second = client.get(PROVISION)
    assert seen.seen == []
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    assert _representation_headers(second) == _representation_headers(first)
    assert second.headers["Access-Control-Allow-Origin"] == "*"


def _representation_headers(response: Any) -> list[tuple[str, str]]:
    per_exchange = ("date", "ratelimit", "retry-after")
    return sorted((k, v) for k, v in response.headers if not k.lower().startswith(per_exchange))


def test_the_stored_answer_depends_on_accept(cached_app: Flask) -> None:
    client = cached_app.test_client()
    client.get(PROVISION)
    with queries(cached_app) as seen:
        linked = client.get(PROVISION, headers={"Accept": "application/ld+json"})
    assert seen.seen, "a different Accept header is a different representation"
    assert linked.status_code == 200
    assert linked.mimetype == "application/ld+json"


def test_total_is_counted_once_per_filter_set(cached_app: Flask) -> None:
    client = cached_app.test_client()
    first = client.get("/v1/statements?page_size=2&kind=paraphrase").get_json()
    with queries(cached_app) as seen:
        second = client.get(first["pagination"]["next"]).get_json()
    assert not [sql for sql in seen.seen if "count(" in sql.lower()]
    assert second["pagination"]["total"] == first["pagination"]["total"]
    with queries(cached_app) as seen:
        client.get("/v1/statements?page_size=2&kind=direct_quote")
    assert [sql for sql in seen.seen if "count(" in sql.lower()]


@pytest.mark.parametrize(
    "settings", [{"RESPONSE_CACHE_BYTES": 0}, {"RESPONSE_CACHE_MAX_ENTRY": 10}]
)
def test_disabled_or_oversized_answers_are_not_stored(
    seeded_url: str, settings: dict[str, int]
) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, **settings})
    client = app.test_client()
    client.get(PROVISION)
    with queries(app) as seen:
        assert client.get(PROVISION).status_code == 200
    assert seen.seen
    app.extensions["policyapi.engine"].dispose()


def test_a_commit_makes_the_next_request_fresh(fresh_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_url, "DATASET_VERSION_TTL": 3600.0})
    assert app.test_cli_runner().invoke(args=["seed", "load", str(SEEDS)]).exit_code == 0
    client = app.test_client()
    assert client.get(PROVISION).get_json()["heading"] != "Changed"
    with Session(app.extensions["policyapi.engine"]) as session:
        session.execute(
            sa.text("UPDATE provisions SET heading = 'Changed' WHERE id = :id"),
            {"id": PROVISION.rsplit("/", 1)[1]},
        )
        session.commit()
    assert client.get(PROVISION).get_json()["heading"] == "Changed"
    app.extensions["policyapi.engine"].dispose()


def test_a_statement_built_for_one_filter_value_serves_others(client: FlaskClient) -> None:
    totals = {}
    for kind in ("paraphrase", "direct_quote", "narration"):
        results = walk(client, f"/v1/statements?kind={kind}&page_size=4")
        assert results and {s["kind"] for s in results} == {kind}
        totals[kind] = len(results)
    everything = client.get("/v1/statements?page_size=1").get_json()["pagination"]["total"]
    assert sum(totals.values()) == everything
    pairs = [("ras-baraka", "paraphrase"), ("william-barr", "direct_quote")]
    for speaker, kind in pairs:
        results = walk(client, f"/v1/statements?speaker={speaker}&kind={kind}&page_size=3")
        assert results
        assert {(s["speaker"]["id"], s["kind"]) for s in results} == {(speaker, kind)}


def _ranking_queries(seen: Queries) -> list[str]:
    # search/query.py's ranking select is the one that counts its matches in a window.
    return [sql for sql in seen.seen if "count(*) OVER ()" in sql]


def test_a_search_is_ranked_once_per_dataset_version(fresh_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_url, "DATASET_VERSION_TTL": 3600.0})
    assert app.test_cli_runner().invoke(args=["seed", "load", str(SEEDS)]).exit_code == 0
    client = app.test_client()
    with queries(app) as seen:
        first = client.get("/v1/search?q=city&page_size=2").get_json()
    assert len(_ranking_queries(seen)) == 1
    with queries(app) as seen:
        second = client.get(first["pagination"]["next"]).get_json()
        bigger = client.get("/v1/search?q=city&page_size=5").get_json()
    assert _ranking_queries(seen) == [], "later pages and sizes reuse the ranking"
    assert [h["id"] for h in bigger["results"]] == [
        h["id"] for h in first["results"] + second["results"] + bigger["results"][4:]
    ]
    with queries(app) as seen:
        client.get("/v1/search?q=city&type=statement")
    assert len(_ranking_queries(seen)) == 1, "a type filter is another ranking"
    with Session(app.extensions["policyapi.engine"]) as session:
        session.execute(sa.text("DELETE FROM search_index WHERE kind = 'provision'"))
        session.commit()
    with queries(app) as seen:
        after = client.get("/v1/search?q=city&page_size=5").get_json()
    assert len(_ranking_queries(seen)) == 1, "a commit forgets every ranking"
    assert {h["type"] for h in after["results"]} == {"statement"}
    assert after["pagination"]["total"] < bigger["pagination"]["total"]
    app.extensions["policyapi.engine"].dispose()


def test_rankings_can_be_turned_off(seeded_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "RANKING_CACHE_BYTES": 0})
    client = app.test_client()
    first = client.get("/v1/search?q=city&page_size=2").get_json()
    with queries(app) as seen:
        second = client.get(first["pagination"]["next"]).get_json()
    assert len(_ranking_queries(seen)) == 1
    assert second["results"] and second["results"][0]["id"] not in {
        h["id"] for h in first["results"]
    }
    app.extensions["policyapi.engine"].dispose()


def test_rankings_are_shared_between_workers_through_redis(seeded_url: str) -> None:
    # Two apps stand for two workers (or hosts) with one Redis: the second never ranks.
    prefix_key = f"test-{uuid.uuid4().hex}"
    config = {
        "TESTING": True,
        "DATABASE_URL": seeded_url,
        "RANKING_CACHE_URL": "redis://127.0.0.1:6379/0",
        "DATASET_VERSION_TTL": 3600.0,
    }
    worker_a, worker_b = create_app(config), create_app(config)
    q = f"warrant -{prefix_key}"  # a query of this test's own: nothing stored for it yet
    with queries(worker_a) as seen:
        first = worker_a.test_client().get(f"/v1/search?q={q}").get_json()
    assert len(_ranking_queries(seen)) == 1
    with queries(worker_b) as seen:
        second = worker_b.test_client().get(f"/v1/search?q={q}").get_json()
    assert _ranking_queries(seen) == [], "read from Redis, not ranked again"
    assert second["results"] == first["results"]
    assert second["pagination"]["total"] == first["pagination"]["total"]
    for app in (worker_a, worker_b):
        app.extensions["policyapi.engine"].dispose()


def test_an_unreachable_ranking_cache_is_a_miss(seeded_url: str) -> None:
    app = create_app(
        {"TESTING": True, "DATABASE_URL": seeded_url, "RANKING_CACHE_URL": "redis://127.0.0.1:9"}
    )
    response = app.test_client().get("/v1/search?q=warrant")
    assert response.status_code == 200 and response.get_json()["results"]
    app.extensions["policyapi.engine"].dispose()
