"""Cross-cutting HTTP behaviour: ETag before the query, cache headers, CORS, health checks."""

import hashlib

import sqlalchemy as sa
from flask_cors import CORS

from flask import Flask, Request, Response, current_app, g, request
from flask.sessions import NullSession, SessionInterface

from policyapi import cache
from policyapi.db import get_engine
from policyapi.errors import problem_response
from policyapi.migrate import is_at_head

CACHED_PREFIXES = (
    "/v1/",
    "/openapi.json",
    "/oembed",
    "/embed/provisions/",
    "/embed/statements/",
    "/embed/documents/",
)
# Media types the JSON API can answer with; other modules (exports, JSON-LD) add theirs.
OFFERED_MEDIA_TYPES = [
    "application/json",
    "application/problem+json",
    "application/ld+json",
    "text/csv",
    "application/x-ndjson",
]


class NoSessions(SessionInterface):
    """The API keeps no per-client state: no session cookie is read, signed or set.

    Flask's default builds a signing serializer and parses cookies on every request, about 3 %
    of a cached answer's time under py-spy, for sessions nothing here uses.
    """

    def open_session(self, app: Flask, request: Request) -> NullSession:
        return self.make_null_session(app)

    def save_session(self, app: Flask, session: object, response: Response) -> None:
        return None


def _is_cacheable_request() -> bool:
    cached_path = request.path == "/" or request.path.startswith(CACHED_PREFIXES)
    return request.method in ("GET", "HEAD") and cached_path


def _base_url_key() -> str:
    """What the absolute URLs in a response are built from (urls.base_url), as a cache key.

    The raw WSGI values, not `request.host_url`, which costs 5 % of a cached answer to build.
    """
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured)
    env = request.environ
    parts = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME")
    return " ".join(str(env.get(part, "")) for part in parts)


def _etag_for_request(fingerprint: str) -> str:
    """Strong ETag from the dataset release and everything that shapes the response."""
    accept = request.headers.get("Accept", "")
    key = "\n".join((fingerprint, _base_url_key(), request.full_path, accept))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _refuse_unacceptable() -> Response | None:
    """406 when the client accepts none of the media types the API produces."""
    if not request.path.startswith("/v1/") or not request.accept_mimetypes:
        return None
    if request.accept_mimetypes.best_match(OFFERED_MEDIA_TYPES) is None:
        offered = ", ".join(OFFERED_MEDIA_TYPES)
        return problem_response(406, f"This resource is available as: {offered}.")
    return None


def _answer_from_etag() -> Response | None:
    """Answer 304, or a stored copy, before any data query when this version was answered."""
    if not _is_cacheable_request():
        return None
    fingerprint = cache.dataset_fingerprint()
    g.dataset_fingerprint = fingerprint
    g.etag = _etag_for_request(fingerprint)
    if g.etag in request.if_none_match:
        response = Response(status=304)
        _add_cache_headers(response)
        return response
    return cache.cached_response(g.etag)


def _add_cache_headers(response: Response) -> None:
    etag = g.get("etag")
    if etag and response.status_code in (200, 304):
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['CACHE_MAX_AGE']}"
        if "Vary" in response.headers:
            response.vary.add("Accept")
        else:  # the usual case, without parsing and re-serialising a header set
            response.headers["Vary"] = "Accept"
    if "dataset_fingerprint" in g:
        response.headers["X-Dataset-Version"] = g.dataset_fingerprint


def _after(response: Response) -> Response:
    if g.get("response_from_cache"):  # stored with these headers (cache.init_app)
        return response
    if response.status_code != 304:
        _add_cache_headers(response)
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


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
            return problem_response(503, "The database schema is not at the newest migration.")
    except sa.exc.SQLAlchemyError:
        return problem_response(503, "The database is unreachable.", headers={"Retry-After": "5"})
    return current_app.response_class('{"status": "ready"}', mimetype="application/json")


def init_app(app: Flask) -> None:
    """Install ETag, cache, CORS and security headers, and the health endpoints."""
    app.session_interface = NoSessions()
    cache.init_app(app)  # before the header hooks, so stored responses carry their headers
    CORS(
        app,
        resources={r"/*": {"origins": "*"}},
        send_wildcard=True,
        methods=["GET", "HEAD", "OPTIONS"],
        expose_headers=["ETag", "Link", "X-Dataset-Version"],
        max_age=86400,
    )
    app.before_request(_refuse_unacceptable)
    app.before_request(_answer_from_etag)
    app.after_request(_after)
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.add_url_rule("/readyz", "readyz", readyz, methods=["GET"])
