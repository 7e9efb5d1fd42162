"""/embed/v1.js (and /embed.js): turns placeholders into auto-sized card iframes."""

import hashlib

from flask import Response, current_app, render_template, request

from policyapi.embed.blueprint import bp

# The script changes rarely and carries a strong ETag: caches revalidate cheaply after a day.
SCRIPT_MAX_AGE = 86400


@bp.get("/embed/v1.js")
@bp.get("/embed.js")
def script() -> Response:
    """The embed script, version 1 of its placeholder and message protocol."""
    source = render_template("embed/embed.js")
    response = current_app.response_class(source, mimetype="text/javascript")
    response.set_etag(hashlib.sha256(source.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.make_conditional(request)
    return response
