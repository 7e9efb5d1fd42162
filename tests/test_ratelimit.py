"""Per-client rate limits: IETF RateLimit headers, 429 problems, memory and Redis storage."""

import multiprocessing
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from flask import Flask

from policyapi import create_app
from policyapi.web.ratelimit import (
    DEFAULTS,
    InlineExpiryMemoryStorage,
    RateLimiter,
    client_key,
)
from policyapi.web.ratelimit_storage import SQLiteStorage
from tests.helpers import assert_problem

REDIS_URL = "redis://127.0.0.1:6379"
RATELIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


@pytest.fixture
def limited_app(seeded_url: str) -> Iterator[Callable[..., Flask]]:
    """Build apps with rate limiting switched on (tests run unlimited by default)."""
    apps: list[Flask] = []

    def build(**config: Any) -> Flask:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": seeded_url,
                "RATELIMIT_ENABLED": True,
                # An hour-long window: the test can never straddle a reset.
                "RATELIMIT_DEFAULT": "3 per hour",
                **config,
            }
        )
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["policyapi.engine"].dispose()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the shared Redis; its keys are deleted afterwards."""
    prefix = f"policyapi-test-{uuid.uuid4().hex}"
    yield prefix
    with redis.Redis.from_url(REDIS_URL) as store:
        keys = list(store.scan_iter(match=f"*{prefix}*"))
        if keys:
            store.delete(*keys)


def test_headers_count_down_per_draft_06(limited_app: Callable[..., Flask]) -> None:
    client = limited_app().test_client()
    remaining = []
    for _ in range(3):
        response = client.get("/v1/topics")
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        assert response.headers["RateLimit-Policy"] == "3;w=3600"
        assert 0 < int(response.headers["RateLimit-Reset"]) <= 3600
        assert "Retry-After" not in response.headers
        assert "X-RateLimit-Limit" not in response.headers
        remaining.append(int(response.headers["RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]


def test_over_the_limit_is_a_429_problem_with_retry_after(
    limited_app: Callable[..., Flask],
) -> None:
    client = limited_app().test_client()
    for _ in range(3):
        assert client.get("/v1/provisions").status_code == 200
    response = client.get("/v1/provisions")
    body = assert_problem(response, 429)
    assert "3 per 1 hour" in body["detail"]
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert response.headers["RateLimit-Remaining"] == "0"
    assert response.headers["Cache-Control"] == "no-store"


def test_browser_code_may_read_every_header_the_limiter_sends(
    limited_app: Callable[..., Flask],
) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    origin = {"Origin": "https://news.example"}
    answers = [client.get("/v1/topics", headers=origin) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 429]
    for answer in answers:
        exposed = {h.strip() for h in answer.headers["Access-Control-Expose-Headers"].split(",")}
        sent = {name for name, _ in answer.headers if name.startswith("RateLimit-")}
        sent |= {"Retry-After"} & set(answer.headers.keys())
        assert sent and sent <= exposed, (sent, exposed)
        assert {"ETag", "Link", "X-Dataset-Version", "Retry-After"} <= exposed


def test_limits_are_per_client(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    first = {"REMOTE_ADDR": "192.0.2.1"}
    second = {"REMOTE_ADDR": "192.0.2.2"}
    assert client.get("/v1/topics", environ_base=first).status_code == 200
    assert_problem(client.get("/v1/topics", environ_base=first), 429)
    assert client.get("/v1/topics", environ_base=second).status_code == 200


def test_unknown_paths_count_too(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    assert_problem(client.get("/v1/nothing-here"), 404)
    response = client.get("/v1/nothing-here")
    assert_problem(response, 429)
    assert "Retry-After" in response.headers


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_are_exempt(limited_app: Callable[..., Flask], path: str) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200
        assert not any(name in response.headers for name in RATELIMIT_HEADERS)


def test_limit_comes_from_the_environment(seeded_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYAPI_RATELIMIT_ENABLED", "true")
    monkeypatch.setenv("POLICYAPI_RATELIMIT_DEFAULT", "7 per hour")
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})
    response = app.test_client().get("/v1/meta")
    app.extensions["policyapi.engine"].dispose()
    assert response.headers["RateLimit-Limit"] == "7"
    assert response.headers["RateLimit-Policy"] == "7;w=3600"


def test_testing_apps_are_unlimited_by_default(client: Any) -> None:
    for _ in range(5):
        response = client.get("/v1/topics")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response.headers


def test_redis_storage_is_shared_between_processes(
    limited_app: Callable[..., Flask], redis_prefix: str
) -> None:
    # Two apps stand for two gunicorn workers (or hosts): they must share one counter.
    config = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix}
    worker_a = limited_app(**config).test_client()
    worker_b = limited_app(**config).test_client()
    assert worker_a.get("/v1/topics").headers["RateLimit-Remaining"] == "2"
    assert worker_b.get("/v1/topics").headers["RateLimit-Remaining"] == "1"
    assert worker_a.get("/v1/topics").headers["RateLimit-Remaining"] == "0"
    response = worker_b.get("/v1/topics")
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) >= 1
    with redis.Redis.from_url(REDIS_URL) as store:
        assert store.keys(f"*{redis_prefix}*"), "the counter lives in Redis"


def test_unreachable_redis_falls_back_to_memory(
    limited_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = limited_app(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port}", RATELIMIT_DEFAULT="1 per hour"
    )
    client = app.test_client()
    assert client.get("/v1/topics").status_code == 200
    assert_problem(client.get("/v1/topics"), 429)
    assert "falling back to in-memory storage" in caplog.text
    assert "Traceback" not in caplog.text


def test_memory_storage_counts_exactly_under_concurrent_hits() -> None:
    storage = InlineExpiryMemoryStorage()
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("100000 per hour")
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def hit() -> None:
        try:
            start.wait()
            for _ in range(300):
                limiter.hit(limit, "client")
        except BaseException as error:  # noqa: BLE001 - any error fails the test below
            failures.append(error)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert limiter.get_window_stats(limit, "client").remaining == 100000 - 8 * 300


def test_memory_storage_sweeps_expired_counters_without_threads() -> None:
    storage = InlineExpiryMemoryStorage()
    threads_before = threading.active_count()
    storage.incr("gone", expiry=60)
    storage.expirations["gone"] = 0.0  # expired long ago, and never read again
    storage._next_sweep = 0.0  # a sweep is due
    for _ in range(1000):
        storage.incr("busy", expiry=60)
    assert "gone" not in storage.storage
    assert storage.get("busy") == 1000
    assert threading.active_count() <= threads_before, "hits start no timer threads"


def test_an_application_limit_caps_a_client_across_endpoints(
    limited_app: Callable[..., Flask],
) -> None:
    app = limited_app(RATELIMIT_DEFAULT="100 per hour", RATELIMIT_APPLICATION="2 per hour")
    test_client = app.test_client()
    first = test_client.get("/v1/topics")
    assert first.headers["RateLimit-Limit"] == "2", "the limit closest to refusing is announced"
    assert first.headers["RateLimit-Remaining"] == "1"
    assert test_client.get("/v1/provisions").status_code == 200
    body = assert_problem(test_client.get("/v1/documents"), 429)
    assert "2 per 1 hour" in body["detail"]


def test_counting_returns_to_redis_once_it_answers(redis_prefix: str) -> None:
    limiter = RateLimiter(
        {**DEFAULTS, "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix}
    )
    limiter.on_fallback_until = 0.0  # counting in memory since a failure, and a retry is due
    verdict = limiter.count("192.0.2.9", "topics")
    assert verdict is not None and verdict.allowed
    assert limiter.on_fallback_until is None
    with redis.Redis.from_url(REDIS_URL) as store:
        assert store.keys(f"*{redis_prefix}*"), "the request was counted in Redis"


def test_without_a_fallback_a_storage_failure_lets_requests_through(
    limited_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = limited_app(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port}",
        RATELIMIT_DEFAULT="1 per hour",
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=False,
    )
    client = app.test_client()
    for _ in range(3):
        response = client.get("/v1/topics")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response.headers
    assert "this request is not counted" in caplog.text


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        (None, "unknown"),
        ("not-an-ip", "not-an-ip"),
    ],
)
def test_clients_are_keyed_by_ipv4_address_or_ipv6_network(address: str | None, key: str) -> None:
    assert client_key(address, 64) == key


def test_one_ipv6_network_shares_one_quota(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    assert client.get("/v1/topics", environ_base={"REMOTE_ADDR": "2001:db8::1"}).status_code == 200
    # Another address of the same /64: the same client.
    assert_problem(client.get("/v1/topics", environ_base={"REMOTE_ADDR": "2001:db8::2"}), 429)
    assert (
        client.get("/v1/topics", environ_base={"REMOTE_ADDR": "2001:db8:0:1::1"}).status_code == 200
    )


def test_the_ipv6_prefix_is_a_setting(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour", RATELIMIT_IPV6_PREFIX=128).test_client()
    for address in ("2001:db8::1", "2001:db8::2"):
        assert client.get("/v1/topics", environ_base={"REMOTE_ADDR": address}).status_code == 200


@pytest.mark.parametrize("prefix", [0, 129, "64"])
def test_a_bad_ipv6_prefix_refuses_to_start(seeded_url: str, prefix: object) -> None:
    config = {"TESTING": True, "DATABASE_URL": seeded_url, "RATELIMIT_ENABLED": True}
    with pytest.raises(ValueError, match="RATELIMIT_IPV6_PREFIX"):
        create_app({**config, "RATELIMIT_IPV6_PREFIX": prefix})


def test_trusted_proxies_key_on_the_forwarded_address(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour", TRUSTED_PROXIES=1).test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = {"X-Forwarded-For": "192.0.2.1"}
    assert client.get("/v1/topics", headers=first, environ_base=proxy).status_code == 200
    assert_problem(client.get("/v1/topics", headers=first, environ_base=proxy), 429)
    # A client's own X-Forwarded-For is not believed: the proxy appends the real address.
    spoofed = {"X-Forwarded-For": "198.51.100.9, 192.0.2.1"}
    assert_problem(client.get("/v1/topics", headers=spoofed, environ_base=proxy), 429)
    other = {"X-Forwarded-For": "192.0.2.2"}
    assert client.get("/v1/topics", headers=other, environ_base=proxy).status_code == 200


def test_without_trusted_proxies_forwarded_headers_are_ignored(
    limited_app: Callable[..., Flask],
) -> None:
    client = limited_app(RATELIMIT_DEFAULT="1 per hour").test_client()
    assert client.get("/v1/topics", headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 200
    assert_problem(client.get("/v1/topics", headers={"X-Forwarded-For": "192.0.2.2"}), 429)


def test_sqlite_storage_is_shared_between_apps(
    limited_app: Callable[..., Flask], tmp_path: Path
) -> None:
    # Two apps on one file stand for two gunicorn workers of one server.
    uri = f"policyapi-sqlite://{tmp_path / 'counters.sqlite3'}"
    worker_a = limited_app(RATELIMIT_STORAGE_URI=uri).test_client()
    worker_b = limited_app(RATELIMIT_STORAGE_URI=uri).test_client()
    assert worker_a.get("/v1/topics").headers["RateLimit-Remaining"] == "2"
    assert worker_b.get("/v1/topics").headers["RateLimit-Remaining"] == "1"
    assert worker_a.get("/v1/topics").headers["RateLimit-Remaining"] == "0"
    response = worker_b.get("/v1/topics")
    assert_problem(response, 429)
    assert 1 <= int(response.headers["Retry-After"]) <= 3600


def _hit_sqlite(path: str, times: int) -> None:
    limiter = FixedWindowRateLimiter(SQLiteStorage(f"policyapi-sqlite://{path}"))
    limit = parse("100000 per hour")
    for _ in range(times):
        limiter.hit(limit, "client")


def test_sqlite_storage_counts_exactly_across_processes(tmp_path: Path) -> None:
    path = str(tmp_path / "counters.sqlite3")
    SQLiteStorage(f"policyapi-sqlite://{path}")  # the table exists before the race
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_hit_sqlite, args=(path, 200)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0] * 4
    limiter = FixedWindowRateLimiter(SQLiteStorage(f"policyapi-sqlite://{path}"))
    assert limiter.get_window_stats(parse("100000 per hour"), "client").remaining == 100000 - 800


def test_sqlite_storage_starts_a_new_window_after_expiry(tmp_path: Path) -> None:
    storage = SQLiteStorage(f"policyapi-sqlite://{tmp_path / 'counters.sqlite3'}")
    assert storage.incr("k", expiry=3600) == 1
    assert storage.incr("k", expiry=3600) == 2
    # An expired window (expiry in the past, no waiting): the next hit starts from 1.
    assert storage.incr("old", expiry=-1) == 1
    assert storage.get("old") == 0
    assert storage.incr("old", expiry=3600) == 1
    assert storage.get_expiry("k") > storage.get_expiry("missing")
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.check()


def test_searching_costs_its_own_quota_over_every_search_route(
    limited_app: Callable[..., Flask],
) -> None:
    client = limited_app(
        RATELIMIT_DEFAULT="100 per hour", RATELIMIT_SEARCH="2 per hour"
    ).test_client()
    assert client.get("/v1/search?q=warrant").headers["RateLimit-Remaining"] == "1"
    assert client.get("/v1/provisions?q=warrant").headers["RateLimit-Remaining"] == "0"
    assert_problem(client.get("/v1/suggest?text=judicial+warrant"), 429)
    refused = client.get("/v1/statements?q=city")
    assert_problem(refused, 429)
    assert refused.headers["RateLimit-Limit"] == "2", "the quota that refused it"
    # Requests without q are not searches: only the per-endpoint quota applies.
    listed = client.get("/v1/statements")
    assert listed.status_code == 200 and listed.headers["RateLimit-Limit"] == "100"
