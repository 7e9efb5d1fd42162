"""Swagger UI from our own origin: the files of a pinned PyPI package, not a CDN.

flask-smorest renders /docs from OPENAPI_SWAGGER_UI_URL; by default that URL is DOCS_ASSETS
below, served here from flask-swagger-ui's copy of swagger-ui-dist (its VERSION file names the
release). Setting OPENAPI_SWAGGER_UI_URL to a CDN still works: web/html.py's docs policy then
admits that origin instead of 'self'.
"""

import hashlib
import mimetypes
from functools import cache
from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Flask, Response, request

from flask_smorest import abort

DOCS_ASSETS = "/docs/assets/"
# Only the files the docs page loads: the package also ships source maps and an OAuth page.
ASSETS = frozenset(
    {
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
        "favicon-32x32.png",
        "favicon-16x16.png",
    }
)
# The package is installed as files (a wheel), never zipped: a real directory to send from.
DIST = Path(str(files("flask_swagger_ui") / "dist"))

# Only the listed files route here (documented as an enum); any other is the plain 404.
ASSET_RULE = "{}<any({}):name>".format(DOCS_ASSETS, ", ".join(f"'{n}'" for n in sorted(ASSETS)))

bp = Blueprint("docs_assets", __name__)


def swagger_ui_version() -> str:
    """The swagger-ui-dist release the package carries (e.g. v5.34.0)."""
    return (DIST / "VERSION").read_text().strip()


@cache
def _asset_bytes(name: str) -> tuple[bytes, str]:
    """A file's bytes and their ETag, read once per process (about 1.6 MB for all five)."""
    body = (DIST / name).read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:32]


@bp.get(ASSET_RULE)
def asset(name: str) -> Response:
    """One Swagger UI file, cacheable for a day (the package pins its version)."""
    if name not in ASSETS:
        abort(404, message=f"No documentation asset {name!r}.")
    # From memory, not an open file: no file handle is left to whoever drops the answer unread.
    body, etag = _asset_bytes(name)
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.make_conditional(request)  # a 304 for a matching If-None-Match, in place
    return response


def init_app(app: Flask) -> None:
    """Serve the assets when the docs page is configured to load them from here."""
    app.register_blueprint(bp)
