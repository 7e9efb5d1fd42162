"""One SQLAlchemy engine per app, one Session per request (kept on `g`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.url import make_url
from sqlmodel import Session

from flask import Flask, current_app, g

CONNECT_TIMEOUT_SECONDS = 5


def normalise_url(url: str) -> str:
    """Make a bare postgresql:// URL mean psycopg 3 everywhere."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def build_engine(url: str) -> Engine:
    """Create an engine with the settings every database needs."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    # pre_ping lets the pool recover by itself after the database restarts. While it is down,
    # a request fails within seconds (connect and pool-wait timeouts), as a 503, never hangs.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=CONNECT_TIMEOUT_SECONDS,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def get_engine(app: Flask | None = None) -> Engine:
    """Return the app's engine."""
    engine: Engine = (app or current_app).extensions["policyapi.engine"]
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


def init_app(app: Flask) -> None:
    """Attach the engine and the per-request session teardown to the app."""
    app.extensions["policyapi.engine"] = build_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)
