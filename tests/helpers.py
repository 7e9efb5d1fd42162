"""Assertions shared by the HTTP tests."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder, TestResponse, run_wsgi_app

from policyapi.problems import BY_STATUS

# Query parameters that take an id kept in the data: an unknown one is a 422 naming the closest.
ID_FILTERS = (
    "document", "provision", "speaker", "article", "statement", "jurisdiction", "within", "parent"
)  # fmt: skip


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`; return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    assert body["status"] == status
    explained = BY_STATUS.get(status)
    if explained is None:
        assert body["type"] == "about:blank"
    else:  # an absolute URL of the page explaining the type (tests/test_site_errors.py)
        assert body["type"].endswith(f"/problems/{explained.slug}"), body["type"]
    assert body["title"] and body["detail"]
    assert body["instance"] == response.request.path
    return body


def walk(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    """Follow `next` links from `url` and return every result."""
    results: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        results.extend(body["results"])
        next_url = body["pagination"]["next"]
    return results


def get_with_host(app: Flask, path: str, host: str, **kwargs: Any) -> TestResponse:
    """GET `path` with this exact Host header, as a server hands it over (latin-1 text).

    Not through the test client: it decodes the Host into an IRI after the app answered, and
    fails on the malformed ones these requests send.
    """
    builder = EnvironBuilder(path=path, **kwargs)
    environ = builder.get_environ()
    environ["HTTP_HOST"] = host
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return TestResponse(body, status, headers, request=builder.get_request())
