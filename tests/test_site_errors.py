"""Error cards for browsers, problem+json for other clients, and the pages problem types name."""

import pytest

from flask import Flask
from flask.testing import FlaskClient

from policyapi.problems import PROBLEM_TYPES
from tests.helpers import assert_problem, get_with_host
from tests.seedfacts import facts

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROVISION = facts().provisions()[0]["id"]


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/no/such/page", 404, "No page or resource is at /no/such/page"),
        ("/v1/provisions/no-such-provision", 404, "No provision with id"),
        ("/v1/provisions?topics=warrants", 400, "did you mean"),
        ("/v1/provisions?topic=no-such-topic", 422, "must be one of"),
        ("/v1/provisions?page_size=100000", 422, "page_size"),
        (f"/v1/provisions/{PROVISION}?as_of=tomorrow", 422, "as_of"),
        ("/embed/provisions/no-such-provision", 404, "No provision with id"),
        ("/embed/provisions/x?theme=purple", 400, "theme"),
    ],
)
def test_a_browser_gets_an_error_card_with_the_status(
    client: FlaskClient, path: str, status: int, says: str
) -> None:
    card = client.get(path, headers=BROWSER)
    assert card.status_code == status
    assert card.mimetype == "text/html"
    html = card.get_data(as_text=True)
    assert says in html.replace("&#39;", "'")
    assert "/problems/" in html  # "What this error means"
    assert "script-src 'none'" in card.headers["Content-Security-Policy"]
    assert "Accept" in card.headers["Vary"]
    # The same URL answers any other client with problem+json.
    body = assert_problem(client.get(path), status)
    assert says in str(body)


def test_embed_error_cards_can_be_framed_other_pages_cannot(client: FlaskClient) -> None:
    embedded = client.get("/embed/provisions/nope", headers=BROWSER)
    assert "frame-ancestors *" in embedded.headers["Content-Security-Policy"]
    assert 'role="search"' not in embedded.get_data(as_text=True)  # a bare card, no site chrome
    page = client.get("/v1/provisions/nope", headers=BROWSER)
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_an_error_card_keeps_the_problems_headers(client: FlaskClient) -> None:
    card = client.post("/v1/provisions", headers=BROWSER)
    assert card.status_code == 405 and card.mimetype == "text/html"
    assert "GET" in card.headers["Allow"]


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/problem+json", ""])
def test_clients_that_do_not_prefer_html_get_problem_json(client: FlaskClient, accept: str) -> None:
    assert_problem(client.get("/no/such/page", headers={"Accept": accept}), 404)


def test_a_malformed_host_never_reaches_a_card_or_a_link(app: Flask) -> None:
    response = get_with_host(app, "/v1/provisions", "xn--zz", headers=BROWSER)
    body = assert_problem(response, 400)
    assert body["type"] == "/problems/bad-request"  # relative: the Host is not echoed


def test_every_problem_type_resolves_to_its_page(client: FlaskClient) -> None:
    index = client.get("/problems").get_data(as_text=True)
    for problem in PROBLEM_TYPES:
        assert f"/problems/{problem.slug}" in index
        page = client.get(f"/problems/{problem.slug}")
        assert page.status_code == 200 and page.mimetype == "text/html"
        assert problem.title in page.get_data(as_text=True)


def test_a_problems_type_is_the_url_of_its_page(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/documents/nope"), 404)
    assert body["type"] == "http://localhost/problems/not-found"
    assert client.get(body["type"].removeprefix("http://localhost")).status_code == 200


def test_an_unknown_problem_type_is_a_404(client: FlaskClient) -> None:
    assert_problem(client.get("/problems/teapot"), 404)
