"""Cursor pagination boundaries."""

import math
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeSerializer

from policyapi.web import cursors
from tests.helpers import assert_problem, walk
from tests.seedfacts import facts


@pytest.mark.parametrize(
    "collection",
    ["/v1/statements", "/v1/provisions", "/v1/citations", "/v1/topics", "/v1/speakers"],
)
def test_page_size_one_walks_every_record_once_in_order(
    client: FlaskClient, collection: str
) -> None:
    everything = client.get(f"{collection}?page_size=500").get_json()
    one_by_one = walk(client, f"{collection}?page_size=1")
    assert [r["id"] for r in one_by_one] == [r["id"] for r in everything["results"]]
    assert len(one_by_one) == everything["pagination"]["total"]


def test_first_page_has_next_and_no_prev(client: FlaskClient) -> None:
    response = client.get("/v1/statements?page_size=10")
    pagination = response.get_json()["pagination"]
    assert pagination["prev"] is None
    assert pagination["next"].startswith("http://localhost/v1/statements?page_size=10&cursor=")
    assert response.headers["Link"] == f'<{pagination["next"]}>; rel="next"'


def test_last_page_has_prev_and_no_next(client: FlaskClient) -> None:
    statements = len(facts().statements())
    assert statements > 10
    url = "/v1/statements?page_size=10"
    for _ in range((statements - 1) // 10):
        url = client.get(url).get_json()["pagination"]["next"]
    last = client.get(url)
    body = last.get_json()
    assert len(body["results"]) == statements - 10 * ((statements - 1) // 10)
    assert body["pagination"]["next"] is None and body["pagination"]["prev"]
    assert 'rel="prev"' in last.headers["Link"]


def test_prev_link_returns_the_previous_page(client: FlaskClient) -> None:
    first = client.get("/v1/statements?page_size=5").get_json()
    second = client.get(first["pagination"]["next"]).get_json()
    back = client.get(second["pagination"]["prev"]).get_json()
    assert [s["id"] for s in back["results"]] == [s["id"] for s in first["results"]]


def test_filters_are_kept_in_links(client: FlaskClient) -> None:
    body = client.get("/v1/statements?speaker=ras-baraka&page_size=2").get_json()
    assert "speaker=ras-baraka" in body["pagination"]["next"]
    baraka = facts().statement_ids(speaker="ras-baraka")
    assert len(baraka) > 2
    walked = walk(client, "/v1/statements?speaker=ras-baraka&page_size=2")
    assert [s["id"] for s in walked] == baraka


def test_past_the_end_is_an_empty_page(client: FlaskClient) -> None:
    speakers = len(facts().speakers)
    last = walk(client, f"/v1/speakers?page_size={speakers}")
    assert len(last) == speakers
    body = client.get(f"/v1/speakers?page_size={speakers}").get_json()
    assert body["pagination"]["next"] is None


@pytest.mark.parametrize("size", ["0", "501", "-1", "abc", "1e3", "99999999999999999999"])
def test_bad_page_sizes_are_422(client: FlaskClient, size: str) -> None:
    body = assert_problem(client.get(f"/v1/statements?page_size={size}"), 422)
    assert body["errors"][0]["pointer"] == "#/page_size"


def test_max_page_size_is_accepted(client: FlaskClient) -> None:
    body = client.get("/v1/statements?page_size=500").get_json()
    expected = min(500, len(facts().statements()))
    assert body["pagination"]["page_size"] == 500 and len(body["results"]) == expected


@pytest.mark.parametrize("cursor", ["abc", "", "eyJkIjoiYWZ0ZXIiLCJrIjpbXX0", "x" * 3000])
def test_malformed_cursor_is_a_problem(client: FlaskClient, cursor: str) -> None:
    response = client.get(f"/v1/statements?cursor={cursor}")
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_tampered_cursor_is_400(client: FlaskClient) -> None:
    next_url = client.get("/v1/statements?page_size=2").get_json()["pagination"]["next"]
    token = next_url.split("cursor=")[1]
    payload, signature = token.rsplit(".", 1)
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    body = assert_problem(client.get(f"/v1/statements?page_size=2&cursor={tampered}"), 400)
    assert "cursor" in body["detail"]


def test_cursor_from_another_collection_is_400(client: FlaskClient) -> None:
    next_url = client.get("/v1/provisions?page_size=2").get_json()["pagination"]["next"]
    token = next_url.split("cursor=")[1]
    assert_problem(client.get(f"/v1/statements?cursor={token}"), 400)


def _cursor(url: str) -> str:
    return parse_qs(urlsplit(url).query)["cursor"][0]


def _payload(app: Flask, next_url: str) -> dict[str, Any]:
    serializer = URLSafeSerializer(app.config["SECRET_KEY"], salt=cursors.CURSOR_SALT)
    payload: dict[str, Any] = serializer.loads(_cursor(next_url))
    return payload


def _ill_typed(value: Any) -> list[Any]:
    """Values a cursor signed with the right key could hold where `value` belongs."""
    if isinstance(value, str):
        return [7, "a\x00b", None, [value]]
    if isinstance(value, int):
        return [2**63, -(2**63) - 1, "7", 1.5, True]
    return ["1.0", math.inf, math.nan, None]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/provisions?page_size=1",
        "/v1/statements?page_size=1",
        "/v1/documents?page_size=1",
        "/v1/topics?page_size=1",
        "/v1/search?q=city&page_size=1",
    ],
)
def test_a_well_signed_cursor_with_ill_typed_values_is_400(
    app: Flask, client: FlaskClient, path: str
) -> None:
    next_url = client.get(path).get_json()["pagination"]["next"]
    payload = _payload(app, next_url)
    forged = 0
    for i, value in enumerate(payload["k"]):
        for bad in _ill_typed(value):
            key = [*payload["k"][:i], bad, *payload["k"][i + 1 :]]
            token = cursors.encode(
                app.config["SECRET_KEY"], payload["c"], "after", key, payload["q"]
            )
            body = assert_problem(client.get(f"{path}&cursor={token}"), 400)
            assert "cursor" in body["detail"]
            forged += 1
    assert forged >= 4


@pytest.mark.parametrize(
    ("issued", "used"),
    [
        ("/v1/search?q=city&page_size=1", "/v1/search?q=warrant"),
        ("/v1/statements?speaker=ras-baraka&page_size=1", "/v1/statements"),
        ("/v1/statements?page_size=1", "/v1/statements?speaker=ras-baraka"),
    ],
)
def test_a_cursor_from_other_filters_is_400(client: FlaskClient, issued: str, used: str) -> None:
    cursor = _cursor(client.get(issued).get_json()["pagination"]["next"])
    joiner = "&" if "?" in used else "?"
    body = assert_problem(client.get(f"{used}{joiner}cursor={cursor}"), 400)
    assert "other filters" in body["detail"]


def test_a_cursor_from_another_document_s_provisions_is_400(client: FlaskClient) -> None:
    documents = [d["id"] for d in facts().documents if len(facts().provisions(d["id"])) > 1]
    assert len(documents) >= 2
    first, other = (f"/v1/documents/{d}/provisions" for d in documents[:2])
    next_url = client.get(f"{first}?page_size=1").get_json()["pagination"]["next"]
    assert_problem(client.get(f"{other}?cursor={_cursor(next_url)}"), 400)


def test_a_cursor_keeps_working_with_another_page_size(client: FlaskClient) -> None:
    first = client.get("/v1/statements?speaker=ras-baraka&page_size=1").get_json()
    cursor = _cursor(first["pagination"]["next"])
    bigger = client.get(f"/v1/statements?page_size=3&speaker=ras-baraka&cursor={cursor}")
    assert bigger.status_code == 200
    expected = facts().statement_ids(speaker="ras-baraka")[1:4]
    assert [s["id"] for s in bigger.get_json()["results"]] == expected
