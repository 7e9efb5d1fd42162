"""The request pipeline: every cross-cutting step, called in the order written here.

Before the view (the first step that answers ends it; the view never runs):
  1. a malformed request target is a 400       (web/targets.py)
  2. the client is counted; over its limit, 429 (web/ratelimit.py)
  3. a query parameter the route does not declare is a 400 (web/parameters.py)
  4. the representation is chosen; none, 406    (web/negotiation.py)
  5. a known ETag is a 304, a stored answer is sent as it was (web/conditional.py)
After the view, or a step that answered (an answer from the response cache carries 6-8 already):
  6. validators: ETag, Cache-Control, Vary, X-Dataset-Version (web/conditional.py)
  7. CORS and security headers                  (web/headers.py)
  8. the answer is stored in the response cache (web/caching.py)
  9. this exchange's rate-limit headers          (web/ratelimit.py)
 10. a browser gets an HTML error card for a problem (site/errorcards.py)
 11. a Content-Security-Policy on HTML          (web/html.py)
 12. the body compressed for this client, Vary: Accept-Encoding (web/compression.py)
 13. If-None-Match: *: a 200 becomes a 304     (web/conditional.py)
Errors raised anywhere become problem+json (errors.py) and take steps 6-13 like any answer.
"""

from collections.abc import Callable

from flask import Flask, Request, Response, g
from flask.sessions import NullSession, SessionInterface

from policyapi.site import errorcards
from policyapi.web import (
    caching,
    compression,
    conditional,
    headers,
    html,
    negotiation,
    parameters,
    ratelimit,
    targets,
)

BEFORE: tuple[Callable[[], Response | None], ...] = (
    targets.refuse_malformed_target,
    ratelimit.limit_request,
    parameters.refuse_unknown_parameters,
    negotiation.negotiate,
    conditional.answer_from_etag,
)
# Steps whose headers describe the representation: stored with it in the response cache.
REPRESENTATION: tuple[Callable[[Response], Response], ...] = (
    conditional.add_validators,
    headers.add_cors,
    headers.add_security_headers,
    caching.store_response,
)
EXCHANGE: tuple[Callable[[Response], Response], ...] = (
    ratelimit.add_ratelimit_headers,
    errorcards.as_error_card,
    html.add_csp,  # before compression: it reads the docs page's scripts
    compression.compress_response,
    conditional.answer_any_representation,  # last: a 304 carries the encoded answer's ETag
)


def before_view() -> Response | None:
    for step in BEFORE:
        answer = step()
        if answer is not None:
            return answer
    return None


def after_view(response: Response) -> Response:
    if not g.get("response_from_cache"):
        for step in REPRESENTATION:
            response = step(response)
    for step in EXCHANGE:
        response = step(response)
    return response


class NoSessions(SessionInterface):
    """The API keeps no per-client state: no session cookie is read, signed or set.

    Flask's default builds a signing serializer and parses cookies on every request, about 3 %
    of a cached answer's time under py-spy, for sessions nothing here uses.
    """

    def open_session(self, app: Flask, request: Request) -> NullSession:
        return self.make_null_session(app)

    def save_session(self, app: Flask, session: object, response: Response) -> None:
        return None


def init_app(app: Flask) -> None:
    """Install the pipeline: one hook before the views, one after; call it last."""
    app.session_interface = NoSessions()
    caching.init_app(app)
    compression.init_app(app)
    ratelimit.init_app(app)
    headers.init_app(app)
    negotiation.init_app(app)
    parameters.init_app(app)
    app.before_request(before_view)
    app.after_request(after_view)
