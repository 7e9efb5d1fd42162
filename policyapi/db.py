"""One SQLAlchemy engine per app, one Session per request (kept on `g`).

Two engines over the same database: the request engine, whose work is bounded by the
request's time budget (STATEMENT_TIMEOUT), and the job engine (seed load, export CLI,
releases prune, migrations), which has no budget but waits at most LOCK_WAIT_TIMEOUT for a
lock, then fails with one clear line. A job's statement may rightly run for minutes, so no
deadline can tell a slow job from a frozen server: a job's connection is checked instead
(JOB_LIVENESS_CHECK, see dbwatch.py) and cut only when the server answers nothing at all.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine.url import make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from flask import Flask, current_app, g

from policyapi import budget
from policyapi.dbwatch import WATCHDOG

CONNECT_TIMEOUT_SECONDS = 5
# SQLite calls the progress handler every this many virtual-machine instructions: often
# enough to stop within milliseconds, rare enough to cost nothing measurable.
PROGRESS_INSTRUCTIONS = 10_000
# The watchdog cuts a PostgreSQL call this long after its budget: the server's own
# statement_timeout answers first whenever the server is alive.
WATCHDOG_GRACE_SECONDS = 2.0
# A request's statements starting this many seconds into its budget get only what is left.
SPENT_BEFORE_BOUND = 0.25
# A health check or a checkout's ping gets this long before the watchdog cuts it.
PING_SECONDS = 2.0
# A job's connection is checked after this many seconds, then as often, while it is in use.
LIVENESS_CHECK_SECONDS = 10.0
LIVENESS_CHECK_NAME = "policyapi liveness check"
# TCP keepalives and tcp_user_timeout: a peer that vanished (host down, cable cut) is noticed
# within about a minute even on an idle pooled connection.
TCP_SETTINGS = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # milliseconds
}


@dataclass(frozen=True)
class Limits:
    """How long one engine's work may take (None: unbounded), in seconds."""

    statement: float | None = None
    lock_wait: float = 30.0
    idle_in_transaction: float | None = None
    # Without a statement budget: check that the server still answers this often.
    liveness_check: float | None = None
    # PostgreSQL's parallel workers per query (None: the server's setting).
    parallel_workers: int | None = None


JOB_LIMITS = Limits(liveness_check=LIVENESS_CHECK_SECONDS)


class DatabaseGone(exc.OperationalError):
    """A job's connection was cut: its server answered neither it nor a new connection.

    The driver's error (`orig`) only says the connection closed, as if the server had closed
    it; this says what happened. The statement that was running is `statement` (None: the
    commit or rollback, whose outcome is then unknown).
    """

    def __str__(self) -> str:
        return (
            "the database server stopped answering (a new connection to it got no answer "
            "either), so the job was stopped"
        )


def normalise_url(url: str) -> str:
    """Make a bare postgresql:// URL mean psycopg 3 everywhere."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def _interrupt_when_over_budget() -> int:
    # Non-zero stops the statement: sqlite3 raises OperationalError("interrupted").
    return 1 if budget.expired() else 0


def _sqlite_connect(budgeted: bool) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked on every connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL: readers never block the writer nor it them, so a slow export never keeps a
        # seed load from committing. NORMAL is durable across application crashes, and WAL
        # keeps the database consistent across power loss (the last commits may be lost).
        # Both are asked on every connection ("memory" stays memory for an in-memory database).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if budgeted:
            dbapi_connection.set_progress_handler(
                _interrupt_when_over_budget, PROGRESS_INSTRUCTIONS
            )

    return configure


def _sqlite_engine(url: str, limits: Limits, pool: dict[str, Any]) -> Engine:
    # `timeout` is SQLite's busy timeout: how long to wait for another connection's lock.
    wait = limits.lock_wait if limits.statement is None else limits.statement
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": wait}, **pool)
    event.listen(engine, "connect", _sqlite_connect(limits.statement is not None))
    return engine


def _milliseconds(seconds: float | None) -> int:
    return 0 if seconds is None else max(1, round(seconds * 1000))  # 0 means "no limit"


def _postgresql_options(limits: Limits) -> str:
    # Server-side limits, per session. A request's lock waits count against its budget.
    lock_wait = limits.lock_wait if limits.statement is None else limits.statement
    settings: dict[str, int | str] = {
        "statement_timeout": _milliseconds(limits.statement),
        "lock_timeout": _milliseconds(lock_wait),
        "idle_in_transaction_session_timeout": _milliseconds(limits.idle_in_transaction),
    }
    if limits.parallel_workers is not None:
        settings["max_parallel_workers_per_gather"] = limits.parallel_workers
    if limits.statement is not None:
        # No JIT compilation for a request's queries: under load, searches went on for up to
        # 3.8 s past their budget, most likely compiling, which a cancel does not stop (with
        # JIT off, no overrun in two runs of bench/attacks.py at 1M statements); and a query
        # bounded to seconds gains little from it.
        settings["jit"] = "off"
    return " ".join(f"-c {name}={value}" for name, value in settings.items())


FRESH = "policyapi.fresh"


def _mark_fresh(_dbapi_connection: Any, record: Any) -> None:
    record.info[FRESH] = True


def _bound_by_the_request_budget(engine: Engine, seconds: float) -> None:
    # The session's statement_timeout bounds each statement by the whole budget; a request that
    # has spent part of it on earlier statements gives the next one only what is left, for the
    # rest of its transaction (set_config(..., true) is SET LOCAL), so a request's statements
    # together stay within its budget as on SQLite. Statements in the first SPENT_BEFORE_BOUND
    # seconds (nearly all) pay nothing.
    def before(conn: Connection, cursor: Any, *_args: Any) -> None:
        left = budget.remaining()
        if left is None or left > seconds - SPENT_BEFORE_BOUND:
            return
        bound = cursor.connection.cursor()
        try:
            bound.execute(
                "SELECT set_config('statement_timeout', %s, true)", (str(_milliseconds(left)),)
            )
        finally:
            bound.close()

    event.listen(engine, "before_cursor_execute", before)


def _pinger(engine: Engine) -> Any:
    def ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # Pre-ping of our own (instead of pool_pre_ping) so the watchdog bounds it: a frozen
        # server makes it fail within PING_SECONDS, and SQLAlchemy then opens a fresh
        # connection (whose connect_timeout bounds it in turn). Like pool_pre_ping, a
        # connection just opened is not pinged: SQLAlchemy retries a failed ping only once,
        # and a second failure would not be a database error (the request would be a 500).
        if record.info.pop(FRESH, False):
            return
        WATCHDOG.watch(dbapi_connection, PING_SECONDS)
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the driver's own error class
            raise exc.DisconnectionError(str(error)) from error
        finally:
            WATCHDOG.release(dbapi_connection)

    return ping


def _watch_statements(engine: Engine, seconds: float) -> None:
    def before(conn: Connection, *_args: Any) -> None:
        WATCHDOG.watch(conn.connection.dbapi_connection, seconds)

    def after(conn: Connection, *_args: Any) -> None:
        WATCHDOG.release(conn.connection.dbapi_connection)

    def failed(context: Any) -> None:
        # Closed or invalidated, the connection has no DBAPI connection left: "close" and
        # "invalidate" release it then.
        with suppress(Exception):
            WATCHDOG.release(context.connection.connection.dbapi_connection)

    def returned(dbapi_connection: Any, *_args: Any) -> None:
        WATCHDOG.release(dbapi_connection)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "handle_error", failed)
    for name in ("checkin", "close", "invalidate"):
        event.listen(engine.pool, name, returned)


def _server_answers(engine: Engine) -> Callable[[], bool]:
    """A check that the server answers anything at all, on a new connection of its own.

    Only silence counts as gone: a connection that times out (CONNECT_TIMEOUT_SECONDS), or a
    `SELECT 1` the watchdog had to cut (PING_SECONDS). An error (too many clients, starting
    up) is an answer: the server is busy, not gone, and the job goes on. So is a refusal: the
    host is up without its server, whose end of the job's connection is then closed or reset,
    which the job hears from its own socket (or its TCP keepalives).
    """
    cargs, cparams = engine.dialect.create_connect_args(engine.url)
    params = {
        **cparams,
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        **TCP_SETTINGS,
        # Named, so an operator reading pg_stat_activity or the server log knows what it is.
        "application_name": LIVENESS_CHECK_NAME,
    }
    dbapi = engine.dialect.loaded_dbapi

    def answers() -> bool:
        try:
            probe = engine.dialect.connect(*cargs, **params)
        except dbapi.errors.ConnectionTimeout:
            return False
        except dbapi.Error:
            return True
        WATCHDOG.watch(probe, PING_SECONDS)
        try:
            engine.dialect.do_ping(probe)
        except dbapi.Error:
            pass  # cut by the watchdog (silence), or the server's own error (an answer)
        finally:
            silent = WATCHDOG.was_cut(probe)
            WATCHDOG.release(probe)
            probe.close()
        return not silent

    return answers


def _watch_job_connections(engine: Engine, seconds: float) -> None:
    # From connect (dialect initialisation runs first thing) or checkout to checkin: fetches
    # from server-side cursors, commits, rollbacks and the pool's reset run outside statement
    # events, and a frozen server would hang any of them.
    answers = _server_answers(engine)

    def watch(dbapi_connection: Any, *_args: Any) -> None:
        WATCHDOG.watch(dbapi_connection, seconds, still_answering=answers)

    def released(dbapi_connection: Any, *_args: Any) -> None:
        WATCHDOG.release(dbapi_connection)

    def name_the_silence(context: Any) -> exc.DBAPIError | None:
        # Never raises: an error in this hook would replace the job's real error.
        with suppress(Exception):
            if WATCHDOG.was_cut(context.connection.connection.dbapi_connection):
                context.is_disconnect = True
                return DatabaseGone(
                    context.statement,
                    context.parameters,
                    context.original_exception,
                    connection_invalidated=True,
                )
        return None

    event.listen(engine.pool, "connect", watch, insert=True)
    # After the pinger, which watches the same connection for its own ping, then releases it.
    event.listen(engine.pool, "checkout", watch)
    for name in ("checkin", "close", "invalidate"):
        event.listen(engine.pool, name, released)
    event.listen(engine, "handle_error", name_the_silence)


def _postgresql_engine(url: str, limits: Limits, pool: dict[str, Any]) -> Engine:
    pooling = pool or {
        "pool_size": 5,
        "max_overflow": 5,
        "pool_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    engine = create_engine(
        url,
        **pooling,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            **TCP_SETTINGS,
            "options": _postgresql_options(limits),
        },
    )
    # While the database is down a request fails within seconds (connect, pool-wait and
    # watchdog timeouts), as a 503, never hangs; the ping lets the pool recover by itself.
    event.listen(engine.pool, "connect", _mark_fresh)
    event.listen(engine.pool, "checkout", _pinger(engine))
    if limits.statement is not None:
        _watch_statements(engine, limits.statement + WATCHDOG_GRACE_SECONDS)
        _bound_by_the_request_budget(engine, limits.statement)
    elif limits.liveness_check is not None:
        _watch_job_connections(engine, limits.liveness_check)
    return engine


def build_engine(url: str, limits: Limits = JOB_LIMITS, *, pooled: bool = True) -> Engine:
    """Create an engine with the settings every database needs (a job's by default).

    Unpooled, each connection closes when it is returned: for one-off jobs, which should not
    keep idle connections open in a serving process.
    """
    url = normalise_url(url)
    pool: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, limits, pool)
    return _postgresql_engine(url, limits, pool)


def request_limits(config: Any) -> Limits:
    """The request engine's limits, from the app's configuration."""
    idle = config.get("IDLE_IN_TRANSACTION_TIMEOUT")
    return Limits(
        statement=float(config["STATEMENT_TIMEOUT"]),
        idle_in_transaction=float(idle) if idle else None,
        parallel_workers=_parallel_workers(config["QUERY_PARALLEL_WORKERS"]),
    )


def _parallel_workers(value: Any) -> int:
    workers = int(value)
    if workers < 0:
        raise ValueError(f"QUERY_PARALLEL_WORKERS must be 0 or more, not {value}")
    return workers


def job_limits(config: Any) -> Limits:
    """The job engine's limits: no budget, a bounded wait for locks, a server that answers."""
    liveness = float(config["JOB_LIVENESS_CHECK"])
    return Limits(
        lock_wait=float(config["LOCK_WAIT_TIMEOUT"]),
        liveness_check=liveness if liveness > 0 else None,
    )


def get_engine(app: Flask | None = None) -> Engine:
    """Return the app's request engine (bounded by the request budget)."""
    engine: Engine = (app or current_app).extensions["policyapi.engine"]
    return engine


def get_job_engine(app: Flask | None = None) -> Engine:
    """Return the app's job engine: no time budget, a bounded wait for locks."""
    engine: Engine = (app or current_app).extensions["policyapi.job_engine"]
    return engine


@contextmanager
def connect() -> Iterator[Connection]:
    """A connection for one request's reads, returned to the pool when they are done."""
    with get_engine().connect() as conn:
        yield conn


def get_session() -> Session:
    """Return the request's Session, creating it on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's Session, if one was opened."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def _start_budget() -> None:
    budget.start(float(current_app.config["STATEMENT_TIMEOUT"]))


def _end_budget(_exc: BaseException | None = None) -> None:
    budget.end()


def init_app(app: Flask) -> None:
    """Attach both engines, the request budget and the per-request session teardown."""
    url = app.config["DATABASE_URL"]
    app.extensions["policyapi.engine"] = build_engine(url, request_limits(app.config))
    app.extensions["policyapi.job_engine"] = build_engine(url, job_limits(app.config), pooled=False)
    app.before_request(_start_budget)
    app.teardown_request(_end_budget)
    app.teardown_appcontext(close_session)
