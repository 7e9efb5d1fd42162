"""/v1/statements and /v1/citations"""

from flask.testing import FlaskClient

from tests.helpers import assert_problem, walk

ARTICLE = "nj1015-baraka-barr-sanctuary-2020"
S18 = f"{ARTICLE}-s18"


def test_every_anchor_reproduces_the_article_text(client: FlaskClient) -> None:
    text = client.get(f"/v1/articles/{ARTICLE}").get_json()["text"]
    statements = walk(client, "/v1/statements?page_size=7")
    assert len(statements) == 27
    for statement in statements:
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
    assert body["speaker"] is None and body["kind"] == "paraphrase"
    assert body["anchor"]["position"] == {
        "type": "TextPositionSelector",
        "start": 2551,
        "end": 2702,
    }
    assert body["anchor"]["quote"]["type"] == "TextQuoteSelector"
    assert body["paragraph"] == 12 and body["said_on"] == "2017-06-19"
    cited = [(c["provision"]["number"], c["relation"]) for c in body["citations"]]
    assert cited == [("N02", "describes"), ("N05", "describes"), ("N06", "describes")]


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

    assert total("") == 27
    assert total("speaker=william-barr") == 3
    assert total("speaker=william-barr&speaker=matthew-albence") == 5
    assert total("kind=narration") == 6
    assert total("relation=criticizes") == 5
    assert total("provision=newark-fair-welcoming-2017-n13") == 1
    assert total("topic=warrants") == total(
        "provision=newark-fair-welcoming-2017-n02&provision=newark-fair-welcoming-2017-n05&provision=newark-fair-welcoming-2017-n06"
    )
    assert total("said_from=2020-02-10&said_to=2020-02-14") == 6
    assert total("said_to=2017") == 8
    assert total("q=slave catchers") == 1
    assert total(f"article={ARTICLE}") == 27


def test_statement_provisions(client: FlaskClient) -> None:
    body = client.get(f"/v1/statements/{S18}/provisions").get_json()
    assert [p["number"] for p in body["results"]] == ["N02", "N05", "N06"]
    context_only = client.get(f"/v1/statements/{ARTICLE}-s03/provisions").get_json()
    assert context_only["results"] == []


def test_unknown_statement_values(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/statements/nope"), 404)
    assert_problem(client.get("/v1/statements?kind=quote"), 422)
    assert_problem(client.get("/v1/statements?said_from=Feb-2020"), 422)
    assert_problem(client.get("/v1/statements?topic=unknown-topic"), 422)


def test_citation_rows_carry_both_ends(client: FlaskClient) -> None:
    body = client.get("/v1/citations?speaker=william-barr&page_size=500").get_json()
    assert body["pagination"]["total"] == 5
    for citation in body["results"]:
        assert citation["relation"] == "criticizes"
        assert citation["speaker"]["id"] == "william-barr"
        assert citation["statement"]["url"].startswith("http://localhost/v1/statements/")
        assert citation["document"]["id"] == "newark-fair-welcoming-2017"
        assert citation["article"]["id"] == ARTICLE


def test_citation_filters(client: FlaskClient) -> None:
    def total(query: str) -> int:
        return int(client.get(f"/v1/citations?{query}").get_json()["pagination"]["total"])

    assert total("") == 38
    assert total("whole_document=true") == 8
    assert total("whole_document=false") == 30
    assert total("relation=describes") == 6
    assert total("provision=newark-fair-welcoming-2017-n05") == 6


def test_citation_item(client: FlaskClient) -> None:
    cid = f"{S18}~newark-fair-welcoming-2017-n02~describes"
    body = client.get(f"/v1/citations/{cid}").get_json()
    assert body["id"] == cid and body["statement"]["id"] == S18
    assert body["provision"]["eid"] == "sec_2"
    assert_problem(client.get(f"/v1/citations/{S18}~nope~describes"), 404)
