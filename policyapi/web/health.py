"""Liveness and readiness probes for the platform (exempt from rate limits)."""

import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import sqlalchemy as sa

from flask import Flask, Response, current_app

from policyapi.db import get_engine
from policyapi.errors import UNMIGRATED, problem_response
from policyapi.migrate import is_at_head
from policyapi.web.endpoints import Endpoint

# /readyz answers within this many seconds whatever the database does.
READY_DEADLINE_SECONDS = 1.5
UNREACHABLE = "The database is unreachable."
NOT_ANSWERING = "The database did not answer in time."


class _Probe:
    """At most one database check in flight per engine: a hung database ties up one thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: Future[bool] | None = None

    def check(self, engine: sa.Engine) -> Future[bool]:
        with self._lock:
            if self._running is None or self._running.done():
                future: Future[bool] = Future()
                thread = threading.Thread(
                    target=_run_check, args=(engine, future), name="readyz", daemon=True
                )
                thread.start()
                self._running = future
            return self._running


def _run_check(engine: sa.Engine, future: Future[bool]) -> None:
    """Whether the database answers and its schema is at the newest migration."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        future.set_result(is_at_head(engine))
    except BaseException as error:  # noqa: BLE001 - handed to the waiting request
        future.set_exception(error)


def healthz() -> Response:
    """The process is up (no dependency checked)."""
    return current_app.response_class('{"status": "ok"}', mimetype="application/json")


def readyz() -> Response:
    """The database answers, in time, and its schema is at the newest migration."""
    probe: _Probe = current_app.extensions["policyapi.readyz"]
    retry = {"Retry-After": "5"}
    try:
        at_head = probe.check(get_engine()).result(timeout=READY_DEADLINE_SECONDS)
    except FutureTimeout:
        return problem_response(503, NOT_ANSWERING, headers=retry)
    except sa.exc.SQLAlchemyError:
        return problem_response(503, UNREACHABLE, headers=retry)
    if not at_head:
        return problem_response(503, UNMIGRATED)
    return current_app.response_class('{"status": "ready"}', mimetype="application/json")


def init_app(app: Flask) -> None:
    app.extensions["policyapi.readyz"] = _Probe()
    app.add_url_rule("/healthz", Endpoint.HEALTHZ, healthz, methods=["GET"])
    app.add_url_rule("/readyz", Endpoint.READYZ, readyz, methods=["GET"])
