"""flask-smorest Blueprint that completes every operation's documentation.

It names each operation (operationId <method><ViewClass>, e.g. getProvisionById) so client
generators get stable names, and documents the problem responses every GET can give.
"""

from typing import Any

import flask_smorest

# Responses any read can produce besides 200 and 422 (declared by @arguments).
# 429: over the client's rate limit (policyapi/ratelimit.py); 503: the database is unavailable.
COMMON_RESPONSES = {
    "304": "NOT_MODIFIED",
    "400": "BAD_REQUEST",
    "406": "NOT_ACCEPTABLE",
    "429": "TOO_MANY_REQUESTS",
    "503": "SERVICE_UNAVAILABLE",
}
# What a collection's `format` parameter can ask for besides JSON (see api/exports.py).
FORMAT_MEDIA_TYPES = {"csv": "text/csv", "ndjson": "application/x-ndjson"}


def _format_responses(info: dict[str, Any]) -> list[dict[str, Any]]:
    """Document the CSV/NDJSON answers of operations whose `format` parameter offers them."""
    offered: list[str] = []
    for parameter in info.get("arguments", {}).get("parameters", []):
        schema = parameter["schema"]
        field = (schema() if isinstance(schema, type) else schema).fields.get("format")
        for validator in getattr(field, "validators", []):
            offered.extend(getattr(validator, "choices", []))
    return [
        {
            "description": f"Every matching row as {name.upper()} (format={name})",
            "content_type": media_type,
            "schema": {"type": "string"},
        }
        for name, media_type in FORMAT_MEDIA_TYPES.items()
        if name in offered
    ]


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
                for response in _format_responses(info) if 200 in responses else []:
                    # Blueprints are module-level: every app created documents them again.
                    if response not in responses[200]:
                        responses[200].append(response)
        super().register_views_in_doc(api, app, spec, **kwargs)
