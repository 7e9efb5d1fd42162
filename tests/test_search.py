"""/v1/search over provisions and statements."""

from array import array

from flask import Flask
from flask.testing import FlaskClient

from policyapi.db import get_engine
from policyapi.search.query import SCAN_MATCHES_MAX, Ranking, hit_details, rank_matches
from tests.helpers import assert_problem, walk
from tests.seedfacts import facts


def test_search_ranks_and_highlights(client: FlaskClient) -> None:
    body = client.get("/v1/search?q=judicial warrants").get_json()
    hits = body["results"]
    assert hits, body
    assert {h["type"] for h in hits} == {"provision", "statement"}
    ranks = [h["rank"] for h in hits]
    assert ranks == sorted(ranks, reverse=True)
    assert any(h["id"].endswith("-s18") for h in hits)
    assert all("<mark>" in h["snippet"] for h in hits)


def test_search_type_filter(client: FlaskClient) -> None:
    hits = client.get("/v1/search?q=warrant&type=statement").get_json()["results"]
    assert hits and {h["type"] for h in hits} == {"statement"}
    assert all(h["url"].startswith("http://localhost/v1/statements/") for h in hits)


def test_search_stems_words(client: FlaskClient) -> None:
    singular = client.get("/v1/search?q=warrant").get_json()["pagination"]["total"]
    plural = client.get("/v1/search?q=warrants").get_json()["pagination"]["total"]
    assert singular == plural > 0


def test_search_operators_are_literal(client: FlaskClient) -> None:
    body = client.get('/v1/search?q=("slave" -catchers*)').get_json()
    searched = {("statement", s["id"]): s["text"] for s in facts().statements()} | {
        ("provision", p["id"]): f"{p['heading']} {p['summary']} {p.get('text') or ''}"
        for p in facts().provisions()
    }
    hits = [(h["type"], h["id"]) for h in body["results"]]
    # "-" does not exclude and "*" is no wildcard: the hits hold both words.
    assert ("statement", "nj1015-baraka-barr-sanctuary-2020-s23") in hits
    for hit in hits:
        assert "slave" in searched[hit].lower() and "catchers" in searched[hit].lower(), hit


def test_snippet_escapes_html(client: FlaskClient) -> None:
    hits = client.get("/v1/search?q=dangerous criminals").get_json()["results"]
    snippets = "".join(h["snippet"] for h in hits)
    assert "&quot;" in snippets or "&#x27;" in snippets
    assert '"' not in snippets.replace("<mark>", "").replace("</mark>", "")


def test_search_pages_walk_every_hit_once(client: FlaskClient) -> None:
    first = client.get("/v1/search?q=city&page_size=2").get_json()
    total = first["pagination"]["total"]
    seen = [(h["type"], h["id"]) for h in first["results"]]
    next_url = first["pagination"]["next"]
    while next_url:
        page = client.get(next_url).get_json()
        seen += [(h["type"], h["id"]) for h in page["results"]]
        next_url = page["pagination"]["next"]
    assert len(seen) == len(set(seen)) == total > 2


def test_search_needs_words(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/search"), 422)
    assert_problem(client.get("/v1/search?q=%2B%2B%2B"), 422)
    assert_problem(client.get("/v1/search?q=x&type=article"), 422)


def test_search_pages_walk_back_to_the_first(client: FlaskClient) -> None:
    forward = walk(client, "/v1/search?q=city&page_size=3")
    last = client.get("/v1/search?q=city&page_size=3").get_json()
    while last["pagination"]["next"]:
        last = client.get(last["pagination"]["next"]).get_json()
    backward = [h["id"] for h in last["results"]]
    prev_url = last["pagination"]["prev"]
    while prev_url:
        page = client.get(prev_url).get_json()
        backward = [h["id"] for h in page["results"]] + backward
        prev_url = page["pagination"]["prev"]
    assert backward == [h["id"] for h in forward]
    assert page["pagination"]["prev"] is None and len(backward) > 3


def test_ranking_positions_respect_rank_then_tie_breaker() -> None:
    ranking = Ranking(
        array("d", [-3.0, -2.0, -2.0, -2.0, -1.0]), array("q", [9, 1, 4, 7, 2]), (float, int)
    )
    assert ranking.key(2) == [-2.0, 4]
    assert ranking.position([-2.0, 4], after=True) == 3
    assert ranking.position([-2.0, 4], after=False) == 2
    assert ranking.position([-2.0, 5], after=True) == 3, "a vanished key still has a place"
    assert ranking.position([-5.0, 0], after=True) == 0
    assert ranking.position([0.0, 0], after=False) == 5
    pg = Ranking(
        array("d", [-2.0, -2.0]), [("provision", "b"), ("statement", "a")], (float, str, str)
    )
    assert pg.key(1) == [-2.0, "statement", "a"]
    assert pg.position([-2.0, "provision", "b"], after=True) == 1


def test_a_page_of_hits_is_the_same_found_by_key_or_by_scan(app: Flask) -> None:
    words = ["city"]
    with app.app_context(), get_engine().connect() as conn:
        ranking = rank_matches(conn, words, [])
        keys = [ranking.key(index) for index in range(0, len(ranking), 2)]
        by_scan = hit_details(conn, words, keys, matches=len(ranking))
        by_key = hit_details(conn, words, keys, matches=SCAN_MATCHES_MAX + 1)
    assert len(keys) > 2
    assert by_scan == by_key
    assert [hit.rank for hit in by_scan] == [-key[0] for key in keys]
    assert all("\x02" in hit.snippet for hit in by_scan)
