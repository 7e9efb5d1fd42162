"""/v1/statements and /v1/citations"""

from flask.testing import FlaskClient

from tests.helpers import assert_problem, walk
from tests.seedfacts import facts

ARTICLE = "nj1015-baraka-barr-sanctuary-2020"
S18 = f"{ARTICLE}-s18"


def test_every_anchor_reproduces_the_article_text(client: FlaskClient) -> None:
    texts = {
        a["id"]: client.get(f"/v1/articles/{a['id']}").get_json()["text"] for a in facts().articles
    }
    statements = walk(client, "/v1/statements?page_size=7")
    assert [s["id"] for s in statements] == facts().statement_ids()
    for statement in statements:
        text = texts[statement["article"]["id"]]
        position = statement["anchor"]["position"]
        quote = statement["anchor"]["quote"]
        exact = text[position["start"] : position["end"]]
        assert exact == statement["text"] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_statement_representation(client: FlaskClient) -> None:
    body = client.get(f"/v1/statements/{S18}").get_json()
    assert body["article"] == {
        "id": ARTICLE,
        "url": f"http://localhost/v1/articles/{ARTICLE}",
        "title": "Newark mayor: Barr provoking fear and hatred over our sanctuary policies",
        "publisher": "New Jersey 101.5 (Townsquare Media)",
        "published_on": "2020-02",
    }
    seeded = facts().statement(S18)
    assert body["speaker"] is None and body["kind"] == "paraphrase"
    assert body["anchor"]["position"] == {
        "type": "TextPositionSelector",
        "start": seeded["start"],
        "end": seeded["end"],
    }
    assert body["anchor"]["quote"]["type"] == "TextQuoteSelector"
    assert body["paragraph"] == seeded["paragraph"] and body["said_on"] == seeded["said_on"]
    cited = [(c["provision"]["id"], c["relation"]) for c in body["citations"]]
    assert cited == [(c["provision"], c["relation"]) for c in seeded["citations"]]


def test_nested_quote_has_its_parent(client: FlaskClient) -> None:
    body = client.get(f"/v1/statements/{ARTICLE}-s11").get_json()
    assert body["parent"]["id"] == f"{ARTICLE}-s10"
    assert body["speaker"]["id"] == "william-barr"
    assert body["role_as_stated"] == "U.S. Attorney"


def test_whole_document_citation_has_null_provision(client: FlaskClient) -> None:
    body = client.get(f"/v1/statements/{ARTICLE}-s16").get_json()
    assert [(c["provision"], c["relation"]) for c in body["citations"]] == [(None, "mentions")]
    assert body["citations"][0]["document"]["id"] == "newark-fair-welcoming-2017"


def test_statement_filters(client: FlaskClient) -> None:
    def total(query: str) -> int:
        return int(client.get(f"/v1/statements?{query}").get_json()["pagination"]["total"])

    seeds = facts()
    statements = seeds.statements()

    def said(low: str, high: str) -> int:
        """Statements said within [low, high], compared as text like the API does."""
        return sum(1 for s in statements if s.get("said_on") and low <= s["said_on"] <= high)

    barr = len(seeds.statement_ids(speaker="william-barr"))
    assert total("") == len(statements)
    assert total("speaker=william-barr") == barr
    albence = len(seeds.statement_ids(speaker="matthew-albence"))
    assert total("speaker=william-barr&speaker=matthew-albence") == barr + albence
    assert total("kind=narration") == len(seeds.statement_ids(kind="narration"))
    assert total("relation=criticizes") == len(seeds.citing(relation="criticizes"))
    n13 = "newark-fair-welcoming-2017-n13"
    assert total(f"provision={n13}") == len(seeds.citing(provision=n13))
    warrants = seeds.provision_ids(topic="warrants")
    assert total("topic=warrants") == total("&".join(f"provision={p}" for p in warrants))
    assert total("said_from=2020-02-10&said_to=2020-02-14") == said("2020-02-10", "2020-02-14")
    assert total("said_to=2017") == said("", "2017-12-31")
    # `q` keeps the statements holding every word (case-insensitively, as a substring).
    catchers = [s for s in statements if all(w in s["text"].lower() for w in ("slave", "catchers"))]
    assert total("q=slave catchers") == len(catchers) > 0
    assert total(f"article={ARTICLE}") == len(seeds.statements(ARTICLE))


def test_statement_provisions(client: FlaskClient) -> None:
    body = client.get(f"/v1/statements/{S18}/provisions").get_json()
    cited = [c["provision"] for c in facts().statement(S18)["citations"]]
    assert [p["id"] for p in body["results"]] == cited
    context_only = client.get(f"/v1/statements/{ARTICLE}-s03/provisions").get_json()
    assert facts().statement(f"{ARTICLE}-s03")["citations"] == []
    assert context_only["results"] == []


def test_unknown_statement_values(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/statements/nope"), 404)
    assert_problem(client.get("/v1/statements?kind=quote"), 422)
    assert_problem(client.get("/v1/statements?said_from=Feb-2020"), 422)
    assert_problem(client.get("/v1/statements?topic=unknown-topic"), 422)


def test_citation_rows_carry_both_ends(client: FlaskClient) -> None:
    body = client.get("/v1/citations?speaker=william-barr&page_size=500").get_json()
    seeded = {c["id"]: c for c in facts().citations() if c["speaker"] == "william-barr"}
    assert body["pagination"]["total"] == len(seeded) > 0
    for citation in body["results"]:
        expected = seeded[citation["id"]]
        assert citation["relation"] == expected["relation"]
        assert citation["speaker"]["id"] == "william-barr"
        assert citation["statement"]["url"].startswith("http://localhost/v1/statements/")
        assert citation["document"]["id"] == expected["document"]
        assert citation["article"]["id"] == expected["article"]


def test_citation_filters(client: FlaskClient) -> None:
    def total(query: str) -> int:
        return int(client.get(f"/v1/citations?{query}").get_json()["pagination"]["total"])

    seeds = facts()
    whole = len(seeds.citation_ids(provision=None))
    assert total("") == len(seeds.citations())
    assert total("whole_document=true") == whole > 0
    assert total("whole_document=false") == len(seeds.citations()) - whole
    assert total("relation=describes") == len(seeds.citation_ids(relation="describes"))
    n05 = "newark-fair-welcoming-2017-n05"
    assert total(f"provision={n05}") == len(seeds.citation_ids(provision=n05))


def test_citation_item(client: FlaskClient) -> None:
    cid = f"{S18}~newark-fair-welcoming-2017-n02~describes"
    body = client.get(f"/v1/citations/{cid}").get_json()
    assert body["id"] == cid and body["statement"]["id"] == S18
    assert body["provision"]["eid"] == "sec_2"
    assert_problem(client.get(f"/v1/citations/{S18}~nope~describes"), 404)
