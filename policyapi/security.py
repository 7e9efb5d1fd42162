"""Hardening at the HTTP edge: malformed request targets refused, CSP on HTML responses.

A request target whose percent-encoding is broken or does not decode to UTF-8 is a 400 problem
(werkzeug would otherwise pass on U+FFFD or a literal '%' and answer as if it were meant).

The JSON API needs no CSP; HTML pages get a strict policy unless their view set its own (the
embeddable cards do, to allow framing). The interactive docs load Swagger UI from the CDN in
OPENAPI_SWAGGER_UI_URL and run one inline bootstrap script, allowed by its hash.
"""

import base64
import hashlib
import re
from urllib.parse import unquote_to_bytes, urlsplit

from flask import Flask, Response, current_app, request

from policyapi.errors import problem_response

DEFAULT_HTML_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
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


def _refuse_malformed_target() -> Response | None:
    problem = _target_problem()
    return problem_response(400, problem) if problem else None


def _script_hashes(html: bytes) -> list[str]:
    """CSP source expressions for every inline script of `html`."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]


def _cdn_source() -> str:
    """The origin Swagger UI is loaded from, or 'self' when it is served locally."""
    parts = urlsplit(str(current_app.config.get("OPENAPI_SWAGGER_UI_URL") or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "'self'"


def docs_policy(html: bytes) -> str:
    """Allow exactly what the Swagger UI page needs: CDN assets, its bootstrap, the spec."""
    cdn = _cdn_source()
    scripts = " ".join([cdn, *_script_hashes(html)])
    return (
        f"default-src 'none'; script-src {scripts}; style-src {cdn} 'unsafe-inline'; "
        f"img-src 'self' data: {cdn}; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def _add_csp(response: Response) -> Response:
    if response.mimetype != "text/html" or "Content-Security-Policy" in response.headers:
        return response
    docs_path = "/" + str(current_app.config.get("OPENAPI_SWAGGER_UI_PATH") or "docs").strip("/")
    if request.path == docs_path and not response.is_streamed:
        response.headers["Content-Security-Policy"] = docs_policy(response.get_data())
    else:
        response.headers["Content-Security-Policy"] = DEFAULT_HTML_POLICY
    return response


def init_app(app: Flask) -> None:
    """Refuse malformed request targets; give every HTML response a Content-Security-Policy."""
    app.before_request(_refuse_malformed_target)
    app.after_request(_add_csp)
