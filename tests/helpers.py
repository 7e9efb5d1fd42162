"""Assertions shared by the HTTP tests."""

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`; return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == "about:blank"
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
