"""RFC 9457 problem+json for every error the API returns."""

import logging
from http import HTTPStatus
from typing import Any, NoReturn, TypeVar

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    OperationalError,
    PendingRollbackError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, NotFound

from flask_smorest import Api, abort
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from policyapi.budget import OverBudget, is_over_budget
from policyapi.problems import type_path
from policyapi.validation import flatten_messages

PROBLEM_MEDIA_TYPE = "application/problem+json"
T = TypeVar("T")
log = logging.getLogger(__name__)


class FieldErrorSchema(Schema):
    pointer = fields.String(
        required=True,
        metadata={"description": "JSON pointer to the offending input", "example": "#/page_size"},
    )
    detail = fields.String(
        required=True,
        metadata={"description": "What is wrong with it", "example": "Must be at most 500."},
    )


class ProblemSchema(Schema):
    """An RFC 9457 problem details object."""

    type = fields.String(
        metadata={
            "description": (
                "URI of the problem type: a page explaining it (/problems/{slug}), or "
                "about:blank for a status without one"
            ),
            "example": "https://api.example.org/problems/not-found",
        }
    )
    title = fields.String(
        metadata={"description": "Short summary of the problem type", "example": "Not Found"}
    )
    status = fields.Integer(metadata={"description": "HTTP status code", "example": 404})
    detail = fields.String(
        metadata={
            "description": "Explanation specific to this occurrence",
            "example": "No document with id 'nope'",
        }
    )
    instance = fields.String(
        metadata={"description": "The request path", "example": "/v1/documents/nope"}
    )
    errors = fields.List(
        fields.Nested(FieldErrorSchema),
        metadata={
            "description": (
                "Field-level validation errors (422), or the unknown query parameters (400)"
            ),
            "example": [{"pointer": "#/page_size", "detail": "Must be at most 500."}],
        },
    )


# webargs groups messages by location first ("query", "json"): pointers leave that level out.
LOCATIONS = frozenset({"query", "json", "path", "headers", "view_args"})


def _pointers(messages: Any) -> list[dict[str, str]]:
    """webargs' nested messages as RFC 6901 style pointers."""
    out = []
    for path, message in flatten_messages(messages):
        keys = path[1:] if path and path[0] in LOCATIONS else path
        out.append({"pointer": "/".join(("#", *map(str, keys))), "detail": message})
    return out


def problem_type_uri(status: int) -> str:
    """The absolute URL of the page explaining a status's problem type (about:blank if none).

    After a malformed Host the path stays relative: that Host must not be echoed into a URL.
    """
    path = type_path(status)
    if path is None:
        return "about:blank"
    if g.get("malformed_target"):
        return path
    from policyapi.web.links import links  # links needs the app; this module loads first

    return links().path(path)


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    type_: str | None = None,
) -> Response:
    """Build a problem+json response; its `type` is the page explaining its status."""
    body: dict[str, Any] = {
        "type": type_ or problem_type_uri(status),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class ProblemApi(Api):  # type: ignore[misc]
    """flask-smorest Api whose errors are RFC 9457 problem+json, documented as such."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        data = getattr(error, "data", None) or {}
        status = error.code or 500
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        headers.update(data.get("headers") or {})
        errors = None
        if "errors" in data:
            errors = _pointers(data["errors"])
        elif "messages" in data:
            errors = _pointers(data["messages"])
        if status == 422 and errors:
            detail = "; ".join(f"{e['pointer'][2:] or 'request'}: {e['detail']}" for e in errors)
        elif isinstance(error, InternalServerError):
            detail = "The server could not complete the request."
        elif isinstance(error, NotFound) and request.url_rule is None:
            detail = (
                f"No page or resource is at {request.path}: the front page (/) links to "
                "everything, and /docs lists every route."
            )
        elif isinstance(error, MethodNotAllowed) and error.valid_methods:
            allowed = ", ".join(sorted(error.valid_methods))
            detail = f"{request.method} is not allowed on this resource; use one of: {allowed}."
        else:
            detail = str(data.get("message") or error.description)
        return problem_response(status, detail, errors=errors, headers=headers)

    def _register_responses(self) -> None:
        """Document every error status with the problem+json media type."""
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def not_found(what: str, item_id: str) -> NoReturn:
    """Abort with a 404 problem naming what was looked for."""
    abort(404, message=f"No {what} with id {item_id!r}.")
    raise AssertionError("abort() raises")


def found(item: T | None, what: str, item_id: str) -> T:
    """`item`, or a 404 problem naming what was looked for."""
    if item is None:
        not_found(what, item_id)
    return item


def _handle_integrity_error(_error: IntegrityError) -> Response:
    return problem_response(409, "The request conflicts with existing data.")


OVER_BUDGET = (
    "The query was too expensive: it ran past this server's time budget and was stopped. "
    "Narrow it (fewer words in q, more filters, a smaller page_size) or try again later."
)
UNMIGRATED = "The database schema is not at the newest migration: run `policyapi db upgrade`."
# What each engine says when a table or column the code reads is missing: PostgreSQL's
# SQLSTATEs undefined_table and undefined_column, SQLite's messages.
MISSING_SCHEMA_STATES = frozenset({"42P01", "42703"})
MISSING_SCHEMA_MESSAGES = ("no such table", "no such column")


def _schema_missing(error: DBAPIError) -> bool:
    """Whether the failed statement read a table or column a migration has not made yet.

    Decided from the error first, so an outage never waits for a second connection here.
    """
    state = getattr(error.orig, "sqlstate", None)
    if state not in MISSING_SCHEMA_STATES and not str(error.orig).startswith(
        MISSING_SCHEMA_MESSAGES
    ):
        return False
    from policyapi.db import get_engine  # the app's engine; db imports this module
    from policyapi.migrate import is_at_head

    try:
        return not is_at_head(get_engine())
    except SQLAlchemyError:
        return False


def _handle_database_error(error: DBAPIError) -> Response:
    if _schema_missing(error):
        log.warning("database schema behind the code: %s", error.__class__.__name__)
        # An operator's job, not a client's: Retry-After still covers a deploy mid-migration.
        return problem_response(503, UNMIGRATED, headers={"Retry-After": "5"})
    # A lost connection is not always an OperationalError: the driver may report it as an
    # InterfaceError or a bare DatabaseError; SQLAlchemy then marks the error as a disconnect.
    if not isinstance(error, OperationalError) and not error.connection_invalidated:
        return _handle_unexpected(error)  # a statement the code got wrong: a bug, logged
    if is_over_budget(error):
        return _over_budget(error)
    return _database_unavailable(error)


def _over_budget(error: DBAPIError | OverBudget) -> Response:
    # A statement stopped by the database, or a wait for another request's work cut short.
    log.warning("request over its time budget: %s", error.__class__.__name__)
    return problem_response(503, OVER_BUDGET, headers={"Retry-After": "30"})


def _database_unavailable(error: Exception) -> Response:
    log.warning("database unavailable: %s: %s", error.__class__.__name__, error)
    return problem_response(
        503, "The database is unavailable; try again shortly.", headers={"Retry-After": "5"}
    )


def _handle_unexpected(_error: Exception) -> Response:
    # HTTPExceptions never get here: ProblemApi's more specific handler takes them.
    log.exception("unhandled error")
    return problem_response(500, "The server could not complete the request.")


def init_app(app: Flask) -> None:
    """Register the non-HTTP error handlers (HTTP ones belong to ProblemApi)."""
    app.register_error_handler(IntegrityError, _handle_integrity_error)
    # Every other driver error (PostgreSQL reports a missing table as a ProgrammingError, SQLite
    # as an OperationalError; a lost connection may be either, or an InterfaceError).
    app.register_error_handler(DBAPIError, _handle_database_error)
    app.register_error_handler(OverBudget, _over_budget)
    # The pool's own ways of saying the database went away or is saturated: a checkout whose
    # reconnects failed, a pool with no connection free in time, a transaction cut mid-way.
    for pool_error in (DisconnectionError, PoolTimeoutError, PendingRollbackError):
        app.register_error_handler(pool_error, _database_unavailable)
    app.register_error_handler(Exception, _handle_unexpected)
