"""Embedding: HTML cards, oEmbed, the embed script and the human front page."""

from flask import Flask

from policyapi.embed import cards, oembed, script  # noqa: F401  (register the routes)
from policyapi.embed.blueprint import bp


def init_app(app: Flask) -> None:
    """Register the card, oEmbed and script routes."""
    app.register_blueprint(bp)
