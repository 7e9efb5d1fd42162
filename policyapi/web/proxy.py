"""Trust the X-Forwarded-For of a known number of proxies, so rate limits key on the client.

Behind nginx (`policyapi serve` without --no-proxy), every request reaches gunicorn from the
same Unix socket; the client's address is in X-Forwarded-For, which only the proxies in front
may be believed about. `TRUSTED_PROXIES` counts them (werkzeug's ProxyFix takes that many
entries from the right); 0, the default, trusts no header at all.
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from policyapi import UnsafeConfigError


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when proxies are trusted."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise UnsafeConfigError(f"POLICYAPI_TRUSTED_PROXIES must be a count >= 0, not {count!r}")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count)  # type: ignore[method-assign]
