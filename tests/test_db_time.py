"""Database time limits: WAL, the request budget, the job engine, exports that never hold a release.

Every test runs on SQLite and PostgreSQL. Nothing here measures time: a test asserts what was
answered (status, body), and timeouts only bound a test that would otherwise hang.
"""

import json
import threading
from array import array
from collections.abc import Iterable, Iterator
from typing import cast

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlmodel import Session

from flask import Flask, g
from flask.testing import FlaskClient

from policyapi import create_app, migrate
from policyapi.db import build_engine, connect, get_engine, get_job_engine, get_session
from policyapi.exports import rows
from policyapi.exports.tables import TABLE_NAMES
from policyapi.queries.fetch import fetch_tuples
from policyapi.search.query import Ranking
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from policyapi.web.caching import cached_ranking
from tests.conftest import SEEDS, Databases
from tests.helpers import assert_problem
from tests.releasing import History

# Expensive on purpose: seconds of work on either engine, far past a 0.2 s budget.
SLOW = {
    "sqlite": "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000)"
    " SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(30)",
}
BUDGET = 0.2


def _kind(app: Flask) -> str:
    return get_engine(app).dialect.name


@pytest.fixture
def budget_app(seeded_url: str) -> Iterator[Flask]:
    """An app with a 0.2 s budget and a route that runs a query far over it."""
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "STATEMENT_TIMEOUT": BUDGET})

    def slow() -> str:
        with connect() as conn:
            conn.execute(sa.text(SLOW[_kind(app)]))
        return "done"

    app.add_url_rule("/test-only/slow", "slow", slow)
    yield app
    get_engine(app).dispose()


def test_a_query_over_its_budget_is_a_503_saying_it_was_too_expensive(budget_app: Flask) -> None:
    response = budget_app.test_client().get("/test-only/slow")
    body = assert_problem(response, 503)
    assert "too expensive" in body["detail"]
    assert int(response.headers["Retry-After"]) > 0
    # The next request on the same pooled connections is served normally.
    assert budget_app.test_client().get("/v1/topics").status_code == 200


def test_a_fast_path_query_over_its_budget_is_the_same_503(budget_app: Flask) -> None:
    """Search ranks through fetch_tuples, straight on the driver's cursor: its statement over
    the budget must be answered as any other's (it was a 500 at 1M statements)."""
    slow = sa.text(SLOW[_kind(budget_app)]).columns(sa.column("n"))

    def slow_fast_path() -> str:
        with connect() as conn:
            fetch_tuples(conn, slow, {})
        return "done"

    budget_app.add_url_rule("/test-only/slow-fast-path", "slow_fast_path", slow_fast_path)
    response = budget_app.test_client().get("/test-only/slow-fast-path")
    body = assert_problem(response, 503)
    assert "too expensive" in body["detail"]
    assert budget_app.test_client().get("/v1/search?q=warrant").status_code == 200


def test_statements_that_each_fit_the_budget_share_one(seeded_url: str) -> None:
    """PostgreSQL: four statements of 0.4 s in a 1 s budget. Each is within the session's
    statement_timeout; the third starts with 0.2 s of the request's budget left and is stopped,
    as SQLite's progress handler stops a request's work wherever it is spent."""
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "STATEMENT_TIMEOUT": 1.0})
    if _kind(app) != "postgresql":
        pytest.skip("SQLite's progress handler reads the request's deadline itself")
    finished = []

    def several() -> str:
        with connect() as conn:
            for n in range(4):
                conn.execute(sa.text("SELECT pg_sleep(0.4)"))
                finished.append(n)
        return "done"

    app.add_url_rule("/test-only/several", "several", several)
    try:
        response = app.test_client().get("/test-only/several")
        body = assert_problem(response, 503)
        assert "too expensive" in body["detail"]
        assert finished == [0, 1]
        # The bound was local to that transaction: the next request has the whole budget.
        with app.app_context(), connect() as conn:
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "1s"
    finally:
        get_engine(app).dispose()


@pytest.fixture
def own_app(seeded_url: str) -> Iterator[Flask]:
    """An app of this test's own, so it can add a route before its first request."""
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})
    yield app
    get_engine(app).dispose()


def test_a_connection_lost_mid_request_is_a_503_and_the_pool_recovers(own_app: Flask) -> None:
    """The request's own backend is terminated between two of its statements (PostgreSQL)."""
    if _kind(own_app) != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to lose")

    def severed() -> str:
        session = get_session()
        pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        with get_job_engine().connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        session.execute(sa.text("SELECT 1"))
        return "not reached"

    own_app.add_url_rule("/test-only/severed", "severed", severed)
    response = own_app.test_client().get("/test-only/severed")
    body = assert_problem(response, 503)
    assert "unavailable" in body["detail"]
    assert int(response.headers["Retry-After"]) > 0
    assert own_app.test_client().get("/v1/topics").status_code == 200


# How the pool itself reports a database that went away or is saturated: none is a bug in a
# statement, so each is the "unavailable" 503, never a 500.
POOL_ERRORS = [
    sa_exc.DisconnectionError("ping failed twice"),
    sa_exc.TimeoutError("QueuePool limit reached"),
    sa_exc.PendingRollbackError("Can't reconnect until invalid transaction is rolled back"),
    sa_exc.InterfaceError(
        "SELECT 1", {}, Exception("connection lost"), connection_invalidated=True
    ),
]


@pytest.mark.parametrize("error", POOL_ERRORS, ids=lambda error: type(error).__name__)
def test_the_pools_outage_errors_are_503s(own_app: Flask, error: Exception) -> None:
    def failing() -> str:
        raise error

    own_app.add_url_rule("/test-only/pool-error", "pool_error", failing)
    body = assert_problem(own_app.test_client().get("/test-only/pool-error"), 503)
    assert "unavailable" in body["detail"]


def test_a_statement_the_code_got_wrong_is_still_a_500(own_app: Flask) -> None:
    # What each engine calls a programming error (SQLite files most others as operational).
    wrong_statement = {
        "sqlite": ("SELECT ?", ()),  # a parameter without a value
        "postgresql": ("SELECT no_such_function_here()", ()),
    }[_kind(own_app)]

    def wrong() -> str:
        with connect() as conn:
            conn.exec_driver_sql(*wrong_statement)
        return "not reached"

    own_app.add_url_rule("/test-only/wrong", "wrong", wrong)
    assert_problem(own_app.test_client().get("/test-only/wrong"), 500)


def test_jobs_have_no_budget(budget_app: Flask) -> None:
    # The job engine (seed load, export CLI) runs past the request budget; here 1 s of sleep.
    query = {
        "sqlite": "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
        "WHERE x < 3000000) SELECT count(*) FROM n",
        "postgresql": "SELECT pg_sleep(1)",
    }[_kind(budget_app)]
    with budget_app.app_context(), get_job_engine().connect() as conn:
        conn.execute(sa.text(query))


def test_sqlite_runs_in_wal_with_normal_sync(app: Flask) -> None:
    if _kind(app) != "sqlite":
        pytest.skip("SQLite only")
    for engine in (get_engine(app), get_job_engine(app)):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_a_negative_number_of_parallel_workers_is_refused_at_start(seeded_url: str) -> None:
    with pytest.raises(ValueError, match="QUERY_PARALLEL_WORKERS"):
        create_app({"TESTING": True, "DATABASE_URL": seeded_url, "QUERY_PARALLEL_WORKERS": -1})


def test_postgresql_sessions_carry_their_timeouts(app: Flask) -> None:
    if _kind(app) != "postgresql":
        pytest.skip("PostgreSQL only")

    def settings(engine: sa.Engine) -> dict[str, str]:
        names = (
            "statement_timeout",
            "lock_timeout",
            "idle_in_transaction_session_timeout",
            "max_parallel_workers_per_gather",
            "jit",
        )
        with engine.connect() as conn:
            return {name: str(conn.exec_driver_sql(f"SHOW {name}").scalar()) for name in names}

    request = settings(get_engine(app))
    assert request["statement_timeout"] == "5s"
    assert request["lock_timeout"] == "5s"
    assert request["idle_in_transaction_session_timeout"] == "30s"
    assert request["max_parallel_workers_per_gather"] == "0"  # a request takes one core at most
    assert request["jit"] == "off"  # compiling is not interrupted: a budget would overrun
    job = settings(get_job_engine(app))
    assert job["statement_timeout"] == "0"
    assert job["lock_timeout"] == "30s"
    assert job["idle_in_transaction_session_timeout"] == "0"
    assert job["max_parallel_workers_per_gather"] != "0"
    # Client side (libpq): keepalives and a TCP user timeout on the connection's socket.
    with get_engine(app).connect() as conn:
        libpq = conn.connection.dbapi_connection.info.get_parameters()  # type: ignore[union-attr]
    assert libpq["keepalives"] == "1"
    assert int(libpq["tcp_user_timeout"]) > 0
    assert int(libpq["connect_timeout"]) > 0


def test_chunked_exports_equal_one_read(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = {table: client.get(f"/v1/export/{table}.csv").data for table in TABLE_NAMES}
    monkeypatch.setattr(rows, "BATCH_ROWS", 2)
    for table, data in whole.items():
        assert client.get(f"/v1/export/{table}.csv").data == data, table
    listed = client.get("/v1/statements?format=csv").data
    monkeypatch.setattr(rows, "BATCH_ROWS", 1000)
    assert client.get("/v1/statements?format=csv").data == listed


@pytest.fixture
def earlier_app(databases: Databases, history: History) -> Iterator[Flask]:
    """An app over a database holding the earlier release only (the seeds' release is next)."""
    url = databases.new()
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with Session(get_job_engine(app)) as session:
        load_bundle(session, build_bundle(history.root))
    yield app
    get_engine(app).dispose()


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("csv", b"# export interrupted"),
        ("ndjson", b'"error":"export interrupted"'),
        ("json", b"/*"),
    ],
)
def test_a_release_loads_while_a_slow_reader_downloads(
    earlier_app: Flask, monkeypatch: pytest.MonkeyPatch, fmt: str, marker: bytes
) -> None:
    monkeypatch.setattr(rows, "BATCH_ROWS", 3)
    client = earlier_app.test_client()
    response = client.get(f"/v1/export/statements.{fmt}", buffered=False)
    assert response.status_code == 200
    body = iter(cast(Iterable[bytes], response.response))
    first = next(body) + next(body)  # the reader has started, then stalls
    # The load commits at once: the stalled download holds no lock and no transaction.
    with Session(get_job_engine(earlier_app)) as session:
        report = load_bundle(session, build_bundle(SEEDS))
    assert report.release is not None
    # Other readers are served throughout, and see the new release.
    assert client.get("/v1/statements?page_size=5").status_code == 200
    assert client.get("/v1/meta").get_json()["dataset_version"].startswith(report.release)
    rest = b"".join(body)
    response.close()
    # The file never mixes two releases: it ends with the interruption marker instead.
    assert marker in (first + rest).splitlines()[-1]
    if fmt == "json":
        with pytest.raises(ValueError):
            json.loads(first + rest)


@pytest.fixture
def other_writer(fresh_url: str) -> Iterator[str]:
    """Another connection holding the write lock (SQLite) or a table `seed load` writes (PG)."""
    engine = build_engine(fresh_url)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.begin()
            conn.exec_driver_sql("LOCK TABLE topics IN ACCESS EXCLUSIVE MODE")
        yield fresh_url
        conn.rollback()
    engine.dispose()


def test_seed_load_waits_a_bounded_time_for_the_lock_then_says_so(other_writer: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": other_writer, "LOCK_WAIT_TIMEOUT": 0.5})
    result = app.test_cli_runner().invoke(args=["seed", "load", str(SEEDS)])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert "another writer held the database for over 0.5 s" in last
    assert "nothing was written" in last
    assert "Traceback" not in result.output
    get_engine(app).dispose()


def _never_ranked() -> Ranking:
    pytest.fail("ranked twice")


def test_waiting_for_the_same_ranking_stops_at_the_budget(seeded_url: str) -> None:
    """A request asking for a ranking another request is computing waits for it, but no longer
    than its own budget: then it is the same 503 as a statement over the budget."""
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "STATEMENT_TIMEOUT": BUDGET})
    computing, release = threading.Event(), threading.Event()
    ranked: list[Ranking] = []

    def slow_rank() -> Ranking:
        computing.set()
        release.wait(timeout=60)
        return Ranking(array("d"), [], 0)

    def first_request() -> None:
        with app.test_request_context():
            g.dataset_fingerprint = "test"
            ranked.append(cached_ranking("the same query", slow_rank, Ranking.from_bytes))

    first = threading.Thread(target=first_request)
    first.start()
    try:
        assert computing.wait(timeout=60)

        def second() -> str:
            g.dataset_fingerprint = "test"
            cached_ranking(
                "the same query", lambda: pytest.fail("ranked twice"), Ranking.from_bytes
            )
            return "done"

        app.add_url_rule("/test-only/same-ranking", "same_ranking", second)
        response = app.test_client().get("/test-only/same-ranking")
        body = assert_problem(response, 503)
        assert "too expensive" in body["detail"]
    finally:
        release.set()
        first.join(timeout=60)
        get_engine(app).dispose()
    assert len(ranked) == 1, "the first request's ranking completed"
