"""Headers every answer carries: CORS for any origin (flask-cors), nosniff, no referrer."""

import re
from collections.abc import Callable

from flask_cors.core import get_cors_options
from flask_cors.extension import make_after_request_function

from flask import Flask, Response, current_app

from policyapi.web.ratelimit import HEADER_NAMES as RATELIMIT_HEADERS

EXTENSION_KEY = "policyapi.cors"
# What browser code on another origin may read: pagination, validators, the data version, and
# the quota (RateLimit-*, Retry-After on a 429 or 503) so a widget can back off by itself.
EXPOSED = ["ETag", "Link", "X-Dataset-Version", *RATELIMIT_HEADERS]


def add_cors(response: Response) -> Response:
    """Pipeline step: any origin may read (GET, HEAD, OPTIONS), the exposed headers included."""
    cors: Callable[[Response], Response] = current_app.extensions[EXTENSION_KEY]
    return cors(response)


def add_security_headers(response: Response) -> Response:
    """Pipeline step: no MIME sniffing, no referrer leaks."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def init_app(app: Flask) -> None:
    """Build flask-cors' header step once (the pipeline calls it; no hook of its own)."""
    options = get_cors_options(
        app,
        {
            "origins": "*",
            "send_wildcard": True,
            "methods": ["GET", "HEAD", "OPTIONS"],
            "expose_headers": EXPOSED,
            "max_age": 86400,
        },
    )
    app.extensions[EXTENSION_KEY] = make_after_request_function([(re.compile(r".*"), options)])
