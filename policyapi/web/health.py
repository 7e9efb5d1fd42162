"""Liveness and readiness probes for the platform (exempt from rate limits)."""

import sqlalchemy as sa

from flask import Flask, Response, current_app

from policyapi.db import get_engine
from policyapi.errors import UNMIGRATED, problem_response
from policyapi.migrate import is_at_head
from policyapi.web.endpoints import Endpoint


def healthz() -> Response:
    """The process is up (no dependency checked)."""
    return current_app.response_class('{"status": "ok"}', mimetype="application/json")


def readyz() -> Response:
    """The database answers and its schema is at the newest migration."""
    try:
        engine = get_engine()
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        if not is_at_head(engine):
            return problem_response(503, UNMIGRATED)
    except sa.exc.SQLAlchemyError:
        return problem_response(503, "The database is unreachable.", headers={"Retry-After": "5"})
    return current_app.response_class('{"status": "ready"}', mimetype="application/json")


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", Endpoint.HEALTHZ, healthz, methods=["GET"])
    app.add_url_rule("/readyz", Endpoint.READYZ, readyz, methods=["GET"])
