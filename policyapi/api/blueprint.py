"""flask-smorest Blueprint that completes every operation's documentation.

It names each operation (operationId <method><ViewClass>, e.g. getProvisionById) so client
generators get stable names, and documents the problem responses every GET can give.
"""

from typing import Any

import flask_smorest

# Responses any read can produce besides 200 and 422 (declared by @arguments).
COMMON_RESPONSES = {"304": "NOT_MODIFIED", "400": "BAD_REQUEST", "406": "NOT_ACCEPTABLE"}


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
        super().register_views_in_doc(api, app, spec, **kwargs)
