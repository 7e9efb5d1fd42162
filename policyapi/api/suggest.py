"""/v1/suggest"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, g, request
from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import json_response
from policyapi.representations import suggest as representation
from policyapi.schemas.suggest import SuggestArgsSchema, SuggestBodySchema, SuggestResultSchema
from policyapi.suggest.cache import Model, NotReady, get_model
from policyapi.web import slots
from policyapi.web.links import links
from policyapi.web.negotiation import JSON, offers

blp = Blueprint(
    "suggest",
    __name__,
    url_prefix="/v1/suggest",
    description="Which provisions does a text cite? Ranked, calibrated suggestions for curators",
)


def suggest_json(text: str, document: str | None, model: Model) -> dict[str, Any]:
    """The answer for `text` (limited to `document`'s provisions if given), as public JSON."""
    if document is not None:
        known_ids({"document": [document]})
    with slots.slot(slots.SEARCH):  # it ranks the index's provisions: a worker runs few at once
        answer = model.suggester.suggest(text, document)
    return representation.answer(links(), answer, model.dataset_version)


def answer(text: str, document: str | None) -> Response:
    """The suggestions as a response; a 503 while this process has no model yet."""
    try:
        model = get_model()
    except NotReady as building:
        abort(
            503,
            message=f"The suggester is being built for this dataset; retry in "
            f"{building.retry_after} s.",
            headers={"Retry-After": str(building.retry_after)},
        )
        raise AssertionError("abort() raises") from None
    body = suggest_json(text, document, model)
    if model.current:
        return json_response(body)
    # The previous release's model answers while the new one builds: no ETag (it would name
    # the new release) and no caching, so no cache keeps it past the rebuild.
    g.pop("etag", None)
    return json_response(body, headers={"Cache-Control": "no-store"})


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
        """Suggest the provisions a short text cites, best first, with calibrated scores

        Right after a new release, answers come from the previous release's model while the new
        one is built in the background (minutes on a large dataset): `model.dataset_version` then
        names the previous release, and the answer has no ETag and `Cache-Control: no-store`. A
        server process with no model at all yet (just started) waits a few seconds for it, then
        answers 503 with Retry-After.
        """
        return answer(args["text"], args["document"])

    @json_body
    @blp.arguments(SuggestBodySchema, location="json", as_kwargs=False)
    @blp.response(200, SuggestResultSchema)
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, body: dict[str, Any]) -> Response:
        """Suggest the provisions a text of up to 5,000 characters cites (JSON body)

        As GET: right after a new release, the previous release's model answers while the new
        one is built (`model.dataset_version` says which; no ETag, `Cache-Control: no-store`),
        and a server process with no model yet answers 503 with Retry-After after a few seconds.
        """
        return answer(body["text"], body["document"])
