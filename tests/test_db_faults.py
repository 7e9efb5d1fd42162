"""Database faults: the served API survives its PostgreSQL going away and coming back.

A private cluster (never the shared one) is migrated and seeded, gunicorn serves it, traffic
runs, the cluster stops mid-traffic and starts again. While it is down every data request gets
a 503 problem with Retry-After (no hang, no traceback) and /readyz says not ready; afterwards
the same worker answers again by itself (the pool's ping on checkout), without a restart.
A frozen cluster (SIGSTOP: it neither answers nor refuses) gets the same answers, not hangs.
"""

import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from policyapi import migrate
from policyapi.db import build_engine
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from tests.conftest import SEEDS
from tests.pgcluster import PrivateCluster
from tests.served import Server, gunicorn

pytestmark = [pytest.mark.slow, pytest.mark.postgresql]

DATA_PATHS = [
    "/v1/provisions?page_size=5",
    "/v1/topics/warrants",
    "/v1/statements?relation=criticizes",
    "/v1/search?q=warrant",
    "/v1/meta",
]
# A request must come back within this; it bounds a hang, it is not a timing assertion.
REQUEST_TIMEOUT = 20.0
RECOVERY_DEADLINE = 60.0
MAX_TRAFFIC_REQUESTS = 5000


@dataclass
class Answer:
    status: int
    content_type: str
    retry_after: str | None
    body: bytes


def fetch(server: Server, path: str) -> Answer:
    try:
        with urllib.request.urlopen(server.base_url + path, timeout=REQUEST_TIMEOUT) as response:
            headers, status, body = response.headers, response.status, response.read()
    except urllib.error.HTTPError as error:
        headers, status, body = error.headers, error.code, error.read()
    return Answer(status, headers.get("Content-Type", ""), headers.get("Retry-After"), body)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    pg = PrivateCluster()
    try:
        pg.start()
        migrate.upgrade(pg.url)
        engine = build_engine(pg.url)
        with Session(engine) as session:
            load_bundle(session, build_bundle(SEEDS))
        engine.dispose()
        yield pg
    finally:
        pg.destroy()


class Traffic:
    """Requests in a loop from another thread, until stopped (bounded in count)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.statuses: Counter[int] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for index in range(MAX_TRAFFIC_REQUESTS):
            if self.stop.is_set():
                return
            try:
                status = fetch(self.server, DATA_PATHS[index % len(DATA_PATHS)]).status
            except OSError:  # no answer at all (refused, reset, timed out): counted as 0
                status = 0
            self.statuses[status] += 1

    def __enter__(self) -> "Traffic":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(REQUEST_TIMEOUT * 2)


def wait_for_status(server: Server, path: str, status: int, deadline: float) -> float:
    """Poll `path` until it answers `status`; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if fetch(server, path).status == status:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{path} never answered {status} within {deadline} s")


def test_database_outage_gives_503_then_recovers(cluster: PrivateCluster) -> None:
    env = {"POLICYAPI_RATELIMIT_ENABLED": "false"}
    with gunicorn(cluster.url, workers=1, threads=4, env=env) as server:
        worker_pids_before = server.log().count("Booting worker")
        with Traffic(server) as traffic:
            assert all(fetch(server, path).status == 200 for path in DATA_PATHS)
            cluster.stop()
            # Answers cached per dataset version may still be served until the version is
            # re-read (DATASET_VERSION_TTL); then every data request is a prompt problem.
            outage = wait_for_status(server, DATA_PATHS[0], 503, RECOVERY_DEADLINE)
            for path in DATA_PATHS:
                answer = fetch(server, path)
                assert answer.status == 503, answer.body
                assert answer.content_type == "application/problem+json"
                assert answer.retry_after and int(answer.retry_after) > 0
                assert b"unavailable" in answer.body
            ready = fetch(server, "/readyz")
            assert ready.status == 503 and ready.retry_after
            assert fetch(server, "/healthz").status == 200
            cluster.start()
            recovery = wait_for_status(server, DATA_PATHS[0], 200, RECOVERY_DEADLINE)
            assert all(fetch(server, path).status == 200 for path in DATA_PATHS)
            assert fetch(server, "/readyz").status == 200
        log = server.log()
    print(  # noqa: T201 - the closing note reports these
        f"503 {outage:.2f} s after the database stopped; recovered {recovery:.2f} s after it "
        f"came back; traffic {dict(traffic.statuses)}"
    )
    # The log first: a 500's traceback says what went wrong, where a status count cannot.
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 :][:6000]
    assert '" 500 ' not in log
    assert set(traffic.statuses) <= {200, 503}, traffic.statuses
    assert traffic.statuses[200] > 0
    # Recovered by itself: the same worker, no restart.
    assert log.count("Booting worker") == worker_pids_before


def test_a_frozen_database_gives_503_not_a_hang_then_recovers(cluster: PrivateCluster) -> None:
    env = {"POLICYAPI_RATELIMIT_ENABLED": "false", "POLICYAPI_DATASET_VERSION_TTL": "0"}
    with gunicorn(cluster.url, workers=1, threads=4, env=env) as server:
        assert all(fetch(server, path).status == 200 for path in DATA_PATHS)
        cluster.freeze()
        try:
            # Every request gets an answer (fetch's client timeout bounds a hang): /readyz
            # says not ready, and data requests are 503 problems, not stalled workers.
            started = time.monotonic()
            ready = fetch(server, "/readyz")
            ready_seconds = time.monotonic() - started
            assert ready.status == 503, ready.body
            assert ready.retry_after
            started = time.monotonic()
            for path in DATA_PATHS:
                answer = fetch(server, path)
                assert answer.status == 503, (path, answer.body)
                assert answer.content_type == "application/problem+json"
                assert answer.retry_after
            data_seconds = (time.monotonic() - started) / len(DATA_PATHS)
            assert fetch(server, "/healthz").status == 200
        finally:
            cluster.thaw()
        recovery = wait_for_status(server, DATA_PATHS[0], 200, RECOVERY_DEADLINE)
        assert all(fetch(server, path).status == 200 for path in DATA_PATHS)
        wait_for_status(server, "/readyz", 200, RECOVERY_DEADLINE)
        log = server.log()
    print(  # noqa: T201 - the closing note reports these
        f"frozen: /readyz 503 in {ready_seconds:.2f} s, data 503s in {data_seconds:.2f} s each; "
        f"recovered {recovery:.2f} s after SIGCONT"
    )
    assert "Traceback" not in log
    assert '" 500 ' not in log
