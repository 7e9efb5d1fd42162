"""Jobs against a frozen PostgreSQL: a slow job is left alone, a job whose server went silent stops.

A private cluster (never the shared one) with log_connections on, so the server's log shows
each liveness check the watchdog makes. The jobs run with checks every second. A job is held
mid-way deterministically: another connection holds a lock the job needs, and the test waits
until the job's backend waits for it (pg_stat_activity), then freezes the cluster (SIGSTOP).
Timeouts here only bound a job that would otherwise hang; nothing measures time.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine.url import make_url
from sqlmodel import Session, SQLModel

from policyapi import create_app, migrate
from policyapi.db import LIVENESS_CHECK_NAME, build_engine, get_job_engine
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from tests.conftest import SEEDS
from tests.pgcluster import PrivateCluster

pytestmark = [pytest.mark.slow, pytest.mark.postgresql]

LIVENESS_CHECK = "1"  # seconds: checks come early, so the tests stay short
# A job must end within this once its server froze; it bounds a hang, it is not a timing
# assertion (the watchdog needs the check interval plus a connect timeout).
JOB_TIMEOUT = 120.0
WAIT_TIMEOUT = 60.0


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds; fail after WAIT_TIMEOUT seconds."""
    deadline = time.monotonic() + WAIT_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {WAIT_TIMEOUT} s")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    pg = PrivateCluster()
    try:
        pg.start(log_connections="on")
        yield pg
    finally:
        pg.destroy()


def conninfo(url: str) -> str:
    """libpq's form of an SQLAlchemy URL, for plain psycopg connections of the test's own."""
    parsed = make_url(url)
    return f"host={parsed.host} port={parsed.port} dbname={parsed.database} user={parsed.username}"


@pytest.fixture
def migrated_url(cluster: PrivateCluster) -> str:
    """A new, migrated, empty database in the cluster."""
    name = f"jobs_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo(cluster.url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(cluster.url).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return url


def run_job(url: str, *args: str) -> subprocess.Popen[str]:
    """`policyapi ARGS` against `url` in a process of its own, checking liveness every second."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "POLICYAPI_JOB_LIVENESS_CHECK": LIVENESS_CHECK,
        # Far longer than the test: the job must not end by its lock wait, only by the freeze.
        "POLICYAPI_LOCK_WAIT_TIMEOUT": "600",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "policyapi.console", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def backend_waiting_for_a_lock(observer: psycopg.Connection, job: subprocess.Popen[str]) -> int:
    """The pid of the job's backend once it waits for a lock (the job must still run)."""
    found: list[int] = []

    def waiting() -> bool:
        assert job.poll() is None, job.communicate()
        row = observer.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        ).fetchone()
        if row:
            found.append(row[0])
        return bool(row)

    wait_until(waiting, "the job never waited for the held lock")
    return found[0]


def stderr_once_frozen(cluster: PrivateCluster, job: subprocess.Popen[str]) -> str:
    """Freeze the cluster; the job must end by itself (else it hung). Thaw it after."""
    try:
        cluster.freeze()
        _, stderr = job.communicate(timeout=JOB_TIMEOUT)
    except subprocess.TimeoutExpired:
        job.kill()
        job.communicate()
        raise AssertionError(f"the job still ran {JOB_TIMEOUT} s after the server froze") from None
    finally:
        cluster.thaw()
    return stderr


def test_a_slow_job_is_checked_and_left_alone(cluster: PrivateCluster) -> None:
    """A statement that runs several check intervals long, its server alive, is not cut."""
    app = create_app(
        {"TESTING": True, "DATABASE_URL": cluster.url, "JOB_LIVENESS_CHECK": LIVENESS_CHECK}
    )
    checks_before = cluster.log.read_text().count(LIVENESS_CHECK_NAME)
    seconds = 5 * float(LIVENESS_CHECK)
    with get_job_engine(app).connect() as conn:
        slept = conn.execute(sa.text("SELECT 'slept' FROM pg_sleep(:s)"), {"s": seconds})
        assert slept.scalar_one() == "slept"
    # The server was asked meanwhile (each check is a connection the server logs), and
    # answered: the job went on.
    assert cluster.log.read_text().count(LIVENESS_CHECK_NAME) > checks_before


def test_seed_load_stops_when_its_server_freezes_and_writes_nothing(
    cluster: PrivateCluster, migrated_url: str
) -> None:
    tables = [table.name for table in SQLModel.metadata.sorted_tables]
    with (
        psycopg.connect(conninfo(migrated_url)) as holder,
        psycopg.connect(conninfo(migrated_url), autocommit=True) as observer,
    ):
        # The load inserts every table before citations, then waits for this lock.
        holder.execute("LOCK TABLE citations IN SHARE MODE")
        load = run_job(migrated_url, "seed", "load", str(SEEDS))
        backend = backend_waiting_for_a_lock(observer, load)
        written = {
            name
            for (name,) in observer.execute(
                "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE l.pid = %s AND l.mode = 'RowExclusiveLock' AND l.granted",
                [backend],
            )
        }
        assert {"topics", "documents", "provisions", "statements"} <= written, written
        stderr = stderr_once_frozen(cluster, load)
        holder.rollback()
        # The server reads the closed connection and rolls the load back.
        wait_until(
            lambda: (
                not observer.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]
                ).fetchone()
            ),
            "the frozen load's backend never ended",
        )
        counts = {
            name: observer.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
            for name in tables
        }
    assert load.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert "database server stopped answering" in stderr
    assert "nothing was written, run it again" in stderr
    # All or nothing: not one row of the rows written before the freeze was kept.
    assert counts == dict.fromkeys(tables, 0)
    # Run again with the server back, the same load succeeds.
    again = run_job(migrated_url, "seed", "load", str(SEEDS))
    _, stderr = again.communicate(timeout=JOB_TIMEOUT)
    assert again.returncode == 0, stderr


def test_an_export_stops_when_its_server_freezes(
    cluster: PrivateCluster, migrated_url: str, tmp_path: Path
) -> None:
    """Any job, not only the load: one line, no traceback, when its server goes silent."""
    engine = build_engine(migrated_url)
    with Session(engine) as session:
        load_bundle(session, build_bundle(SEEDS))
    engine.dispose()
    with (
        psycopg.connect(conninfo(migrated_url)) as holder,
        psycopg.connect(conninfo(migrated_url), autocommit=True) as observer,
    ):
        holder.execute("LOCK TABLE statements IN ACCESS EXCLUSIVE MODE")
        export = run_job(migrated_url, "export", "--out", str(tmp_path / "package"))
        backend_waiting_for_a_lock(observer, export)
        stderr = stderr_once_frozen(cluster, export)
        holder.rollback()
    assert export.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert "database server stopped answering" in stderr
