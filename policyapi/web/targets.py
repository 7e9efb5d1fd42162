"""Malformed request targets: refused with a 400 problem before anything else runs.

A request target whose percent-encoding is broken or does not decode to UTF-8 is a 400 problem
(werkzeug would otherwise pass on U+FFFD or a literal '%' and answer as if it were meant).
"""

import re
from urllib.parse import unquote_to_bytes

from flask import Response, request

from policyapi.errors import problem_response

BROKEN_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _wsgi_bytes(key: str) -> bytes:
    # WSGI hands the raw request target over as latin-1 decoded text.
    return str(request.environ.get(key, "")).encode("latin-1", "replace")


def _target_problem() -> str | None:
    """What is malformed in the request's path or query string, if anything."""
    query = _wsgi_bytes("QUERY_STRING")
    if BROKEN_PERCENT.search(query):
        return "The query string has a '%' that is not followed by two hex digits."
    for part, raw in (
        ("query string", unquote_to_bytes(query)),
        ("path", _wsgi_bytes("PATH_INFO")),
    ):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return f"The {part} is not valid UTF-8 once percent-decoded."
    return None


def refuse_malformed_target() -> Response | None:
    """Pipeline step: a 400 problem for a request target that is not well formed."""
    problem = _target_problem()
    return problem_response(400, problem) if problem else None
