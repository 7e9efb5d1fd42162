"""The one link builder: every absolute URL the API writes (JSON, JSON-LD, cards, oEmbed, the
`Link` header) comes from a `Links`, and the response cache keys on the same base URL.

A request's base is PUBLIC_BASE_URL when set, else the scheme and host the request came to,
read from the raw WSGI values (cheaper than werkzeug's `host_url`, and no host decoding).
Item URLs are built without a url_for call per link: each endpoint's path is built by url_for
once per app and script root around a marker; a link is then the base, that path and the
quoted id, joined.
"""

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, url_for

from policyapi.web.endpoints import Endpoint

MARKER = "__policyapi_id__"
EXTENSION_KEY = "policyapi.link_templates"
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+").fullmatch
DEFAULT_PORTS = {"http": "80", "https": "443"}


def _request_host() -> str:
    env = request.environ
    host = env.get("HTTP_HOST")
    if host:
        return str(host)
    scheme, port = env.get("wsgi.url_scheme", "http"), str(env.get("SERVER_PORT", ""))
    name = str(env.get("SERVER_NAME", "localhost"))
    return name if port in ("", DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"


def base_url() -> str:
    """scheme://host of the absolute URLs in this request's answers (no trailing slash)."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    return f"{request.environ.get('wsgi.url_scheme', 'http')}://{_request_host()}"


def cache_key() -> str:
    """What the absolute URLs of an answer depend on, for the response cache and the ETag."""
    return base_url() + str(request.environ.get("SCRIPT_NAME", ""))


class _Templates:
    """Per app: each item route's path around the marker, per script root."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.paths: dict[tuple[str, str], tuple[str, str]] = {}
        self._arguments: dict[str, str] = {}

    def argument(self, endpoint: str) -> str:
        if not self._arguments:
            self._arguments = {
                rule.endpoint: next(iter(rule.arguments))
                for rule in self.app.url_map.iter_rules()
                if len(rule.arguments) == 1
            }
        return self._arguments[endpoint]

    def quote(self, value: str) -> str:
        # The `id` converter quotes path values exactly as url_for would.
        url_map = self.app.url_map
        return str(url_map.converters["id"](url_map).to_url(value))


class Links:
    """Absolute URLs for one request."""

    def __init__(self, app: Flask, base: str, root: str) -> None:
        self.base = base
        self._root = root
        self._shared: _Templates = app.extensions[EXTENSION_KEY]

    def item(self, endpoint: Endpoint, item_id: str) -> str:
        """The URL of a route with one path argument, e.g. a provision by its id."""
        head, tail = self._template(endpoint)
        quoted = item_id if _UNRESERVED(item_id) else self._shared.quote(item_id)
        return head + quoted + tail

    def _template(self, endpoint: Endpoint) -> tuple[str, str]:
        key = (self._root, endpoint)
        found = self._shared.paths.get(key)
        if found is None:
            values: dict[str, Any] = {self._shared.argument(endpoint): MARKER}
            head, _, tail = url_for(endpoint, **values).partition(MARKER)
            found = self._shared.paths[key] = (head, tail)
        return self.base + found[0], found[1]

    def to(self, endpoint: Endpoint, **values: Any) -> str:
        """The URL of any route, with path values and query arguments."""
        return self.base + url_for(endpoint, **values)

    def path(self, path: str, args: Mapping[str, Any] | None = None) -> str:
        """The URL of a path of this API (given without the script root), with a query."""
        query = urlencode(args or {}, doseq=True)
        return self.base + self._root + path + (f"?{query}" if query else "")


def links() -> Links:
    """The current request's link builder (one per request)."""
    found: Links | None = g.get("links")
    if found is None:
        found = g.links = Links(current_app, base_url(), request.root_path)
    return found


def init_app(app: Flask) -> None:
    """Keep the app's path templates (filled on first use)."""
    app.extensions[EXTENSION_KEY] = _Templates(app)


def permanent_redirect(target: str) -> Response:
    """A 308 to `target` with this request's query string kept (a client's filters survive)."""
    query = request.query_string.decode("ascii", "replace")
    return Response(status=308, headers={"Location": target + (f"?{query}" if query else "")})
