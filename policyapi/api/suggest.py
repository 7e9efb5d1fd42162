"""/v1/suggest"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request
from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import json_response
from policyapi.representations import suggest as representation
from policyapi.schemas.suggest import SuggestArgsSchema, SuggestBodySchema, SuggestResultSchema
from policyapi.suggest.cache import get_suggester
from policyapi.web import slots
from policyapi.web.links import links
from policyapi.web.negotiation import JSON, offers

blp = Blueprint(
    "suggest",
    __name__,
    url_prefix="/v1/suggest",
    description="Which provisions does a text cite? Ranked, calibrated suggestions for curators",
)


def suggest_json(text: str, document: str | None) -> dict[str, Any]:
    """The answer for `text` (limited to `document`'s provisions if given), as public JSON."""
    if document is not None:
        known_ids({"document": [document]})
    with slots.slot(slots.SEARCH):  # it ranks the index's provisions: a worker runs few at once
        suggestions = get_suggester().suggest(text, document)
    return representation.answer(links(), suggestions)


def json_body(view: Callable[..., Response]) -> Callable[..., Response]:
    """A 415 problem for a body that is not JSON (webargs would read it as an empty object)."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Response:
        if not request.is_json:
            abort(415, message="Send the body as JSON (Content-Type: application/json).")
        return view(*args, **kwargs)

    return checked


@blp.route("")
class Suggest(MethodView):
    @offers(JSON)
    @blp.arguments(SuggestArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, SuggestResultSchema)
    def get(self, args: dict[str, Any]) -> Response:
        """Suggest the provisions a short text cites, best first, with calibrated scores"""
        return json_response(suggest_json(args["text"], args["document"]))

    @json_body
    @blp.arguments(SuggestBodySchema, location="json", as_kwargs=False)
    @blp.response(200, SuggestResultSchema)
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, body: dict[str, Any]) -> Response:
        """Suggest the provisions a text of up to 5,000 characters cites (JSON body)"""
        return json_response(suggest_json(body["text"], body["document"]))
