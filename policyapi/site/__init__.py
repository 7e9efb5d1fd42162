"""The human site: HTML pages on the /v1 URLs, search, error cards, problem pages, docs assets."""

from flask import Flask

from policyapi.site import (  # noqa: F401  (routes)
    articles,
    docs,
    favicon,
    problempages,
    searchbox,
)
from policyapi.site.blueprint import bp


def init_app(app: Flask) -> None:
    """Register the site's own routes (the /v1 pages are the API views' HTML representation)."""
    docs.init_app(app)
    app.register_blueprint(bp)
