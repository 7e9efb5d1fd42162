"""/v1/search over provisions and statements."""

from array import array

from flask import Flask
from flask.testing import FlaskClient

from policyapi.db import get_engine
from policyapi.search.language import parse
from policyapi.search.query import Ranking, count_items, hit_details, rank_matches
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
    for hit in hits:
        marked = [hit["snippet_text"][m["start"] : m["end"]].lower() for m in hit["highlights"]]
        assert marked and all(word.startswith(("judicial", "warrant")) for word in marked), hit


def test_search_type_filter(client: FlaskClient) -> None:
    hits = client.get("/v1/search?q=warrant&type=statement").get_json()["results"]
    assert hits and {h["type"] for h in hits} == {"statement"}
    assert all(h["url"].startswith("http://localhost/v1/statements/") for h in hits)


def test_search_stems_words(client: FlaskClient) -> None:
    singular = client.get("/v1/search?q=warrant").get_json()["pagination"]["total"]
    plural = client.get("/v1/search?q=warrants").get_json()["pagination"]["total"]
    assert singular == plural > 0


def test_search_operators_exclude_and_quote(client: FlaskClient) -> None:
    searched = {("statement", s["id"]): s["text"] for s in facts().statements()} | {
        ("provision", p["id"]): f"{p['heading']} {p['summary']} {p.get('text') or ''}"
        for p in facts().provisions()
    }
    every = client.get("/v1/search?q=warrant&page_size=500").get_json()["results"]
    kept = client.get("/v1/search?q=warrant -judicial&page_size=500").get_json()["results"]
    quoted = client.get('/v1/search?q="judicial warrant"&page_size=500').get_json()["results"]
    judicial = {
        (h["type"], h["id"]) for h in every if "judicial" in searched[(h["type"], h["id"])].lower()
    }
    assert judicial and kept
    assert {(h["type"], h["id"]) for h in kept} == {(h["type"], h["id"]) for h in every} - judicial
    assert quoted and {(h["type"], h["id"]) for h in quoted} <= judicial
    for hit in quoted:
        assert "judicial warrant" in searched[(hit["type"], hit["id"])].lower(), hit


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
    ties = [("provision", "b"), ("statement", "a"), ("statement", "c"), ("provision", "a")]
    ranking = Ranking(array("d", [-3.0, -2.0, -2.0, -1.0]), ties, total=1500)
    assert ranking.key(2) == [-2.0, "statement", "c"]
    assert ranking.position([-2.0, "statement", "a"], after=True) == 2
    assert ranking.position([-2.0, "statement", "a"], after=False) == 1
    assert ranking.position([-2.0, "statement", "b"], after=True) == 2, "a vanished key"
    assert ranking.position([-5.0, "", ""], after=True) == 0
    assert ranking.position([0.0, "", ""], after=False) == 4
    assert ranking.total == 1500 and len(ranking) == 4


def test_hits_come_in_the_keys_order_with_snippets(app: Flask) -> None:
    query = parse("city")
    with app.app_context(), get_engine().connect() as conn:
        ranking = rank_matches(conn, query, [], count_items(conn))
        keys = [ranking.key(index) for index in range(0, len(ranking), 2)]
        hits = hit_details(conn, query, keys)
    assert len(keys) > 2
    assert [(hit.kind, hit.item_id) for hit in hits] == [tuple(key[1:]) for key in keys]
    assert [hit.rank for hit in hits] == [-key[0] / 1000 for key in keys]
    assert all(hit.snippet.highlights for hit in hits)
