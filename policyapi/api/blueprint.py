"""flask-smorest Blueprint that completes every operation's documentation.

It names each operation (operationId <method><ViewClass>, e.g. getProvisionById) so client
generators get stable names, and documents the problem responses every GET can give.
"""

from typing import Any

import flask_smorest

from policyapi.web.negotiation import Offer

# Responses any read can produce besides 200 and 422 (declared by @arguments).
# 429: over the client's rate limit (policyapi/web/ratelimit.py); 503: the database is unavailable.
COMMON_RESPONSES = {
    "304": "NOT_MODIFIED",
    "400": "BAD_REQUEST",
    "406": "NOT_ACCEPTABLE",
    "429": "TOO_MANY_REQUESTS",
    "503": "SERVICE_UNAVAILABLE",
}


def _format_parameter(offer: Offer) -> dict[str, Any]:
    names = offer.names
    described = "; ".join(f"`{r.name}`: {r.description}" for r in offer.representations)
    return {
        "in": "query",
        "name": "format",
        "required": False,
        "description": (
            f"The representation to answer with (default `{names[0]}`); the Accept header "
            f"chooses among the same media types. {described}"
        ),
        "schema": {"type": "string", "enum": names, "default": names[0], "example": names[-1]},
    }


def _document_representations(info: dict[str, Any], responses: dict[Any, Any]) -> None:
    """The format parameter and one 200 content entry per representation a view offers."""
    offer: Offer | None = info.get("representations")
    if offer is None or len(offer.representations) < 2:
        return
    _document_content(offer, responses)
    if offer.by_path is not None:
        return
    # Beside the arguments' own parameters (flask-smorest turns a mapping into one as it is).
    parameters = info.setdefault("arguments", {}).setdefault("parameters", [])
    if not any(isinstance(p, dict) and p.get("name") == "format" for p in parameters):
        parameters.append(_format_parameter(offer))
    if "UNPROCESSABLE_ENTITY" not in responses.setdefault("422", []):
        responses["422"].append("UNPROCESSABLE_ENTITY")


def _document_content(offer: Offer, responses: dict[Any, Any]) -> None:
    for representation in offer.representations[1:]:
        entry = {
            "description": representation.description,
            "content_type": representation.media_type,
            "schema": representation.schema,
        }
        # Blueprints are module-level: every app created documents them again.
        if entry not in responses[200]:
            responses[200].append(entry)


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._item_endpoints: set[str] = set()

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if "<" in rule:
            self._item_endpoints.add(endpoint or view_func.__name__)
        return super().add_url_rule(rule, endpoint, view_func, *args, **kwargs)

    def arguments(self, schema: Any, **kwargs: Any) -> Any:
        """As flask-smorest's, with one schema instance per view.

        Given a class, webargs builds a new instance (copying every field) on each request.
        """
        return super().arguments(schema() if isinstance(schema, type) else schema, **kwargs)

    def register_views_in_doc(self, api: Any, app: Any, spec: Any, **kwargs: Any) -> None:
        for endpoint, methods in self._docs.items():
            has_path_params = endpoint in self._item_endpoints
            for method, info in methods.items():
                if method == "parameters":
                    continue
                info.setdefault("manual_doc", {}).setdefault("operationId", f"{method}{endpoint}")
                responses = info.setdefault("response", {}).setdefault("responses", {})
                expected = dict(COMMON_RESPONSES)
                if has_path_params:
                    expected["404"] = "NOT_FOUND"
                for status, name in expected.items():
                    if name not in responses.setdefault(status, []):
                        responses[status].append(name)
                if 200 in responses:
                    _document_representations(info, responses)
        super().register_views_in_doc(api, app, spec, **kwargs)
