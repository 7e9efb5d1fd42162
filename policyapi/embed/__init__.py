"""Embedding: HTML cards, oEmbed, the embed script, JSON-LD and the human front page."""

from flask import Flask

from policyapi.embed import cards, oembed, script  # noqa: F401  (register the routes)
from policyapi.embed.blueprint import bp
from policyapi.embed.negotiation import answer_front_page, answer_linked_data


def init_app(app: Flask) -> None:
    """Register the card routes and the negotiation hooks (after the API's own hooks)."""
    app.register_blueprint(bp)
    app.before_request(answer_linked_data)
    app.before_request(answer_front_page)
