"""/v1/provisions and who said what about each."""

from flask.testing import FlaskClient

from tests.helpers import assert_problem, walk

N02 = "newark-fair-welcoming-2017-n02"


def test_provision_representation(client: FlaskClient) -> None:
    body = client.get(f"/v1/provisions/{N02}").get_json()
    assert body["url"] == f"http://localhost/v1/provisions/{N02}"
    assert body["document"]["id"] == "newark-fair-welcoming-2017"
    assert body["number"] == "N02" and body["eid"] == "sec_2"
    assert body["parent"] is None and body["children"] == []
    assert {t["id"] for t in body["topics"]} == {"non-cooperation", "warrants"}
    assert body["confidence"] == "confirmed"
    assert body["citation_counts"] == {"describes": 1, "defends": 4, "criticizes": 0, "mentions": 0}
    assert body["statements_url"].endswith(f"/v1/provisions/{N02}/statements")


def test_statements_citing_warrants_provisions_include_judicial_warrants(
    client: FlaskClient,
) -> None:
    warrant_provisions = walk(client, "/v1/provisions?topic=warrants")
    assert {p["number"] for p in warrant_provisions} == {"N02", "N05", "N06"}
    texts = set()
    for provision in warrant_provisions:
        texts |= {s["text"] for s in walk(client, provision["statements_url"])}
    assert any("valid judicial warrants" in t for t in texts)


def test_topics_are_ored(client: FlaskClient) -> None:
    one = client.get("/v1/provisions?topic=detainers").get_json()["pagination"]["total"]
    both = client.get("/v1/provisions?topic=detainers&topic=commission").get_json()
    assert one == 1
    assert both["pagination"]["total"] == 2


def test_filter_by_confidence(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?confidence=inferred&page_size=500").get_json()
    assert {p["number"] for p in body["results"]} == {"N01", "N10", "N12", "N15", "N16"}


def test_filter_by_relation_and_speaker(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?relation=criticizes&speaker=william-barr").get_json()
    assert {p["number"] for p in body["results"]} == {"N01", "N05", "N06"}


def test_words_filter(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?q=commission").get_json()
    assert "N14" in {p["number"] for p in body["results"]}
    assert client.get("/v1/provisions?q=zzzyzx").get_json()["results"] == []


def test_provision_statements_filters(client: FlaskClient) -> None:
    url = f"/v1/provisions/{N02}/statements"
    assert client.get(url).get_json()["pagination"]["total"] == 5
    described = client.get(f"{url}?relation=describes").get_json()["results"]
    assert [s["id"][-3:] for s in described] == ["s18"]
    baraka = client.get(f"{url}?speaker=ras-baraka&kind=direct_quote").get_json()["results"]
    assert {s["id"][-3:] for s in baraka} == {"s14", "s15", "s23"}


def test_unknown_topic_and_confidence_are_422(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/provisions?topic=sanctuary"), 422)
    assert "warrants" in body["detail"] and body["errors"][0]["pointer"] == "#/topic"
    assert_problem(client.get("/v1/provisions?confidence=likely"), 422)
    assert_problem(client.get(f"/v1/provisions/{N02}/statements?relation=likes"), 422)


def test_unknown_provision_is_404(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/provisions/nope"), 404)
    assert_problem(client.get("/v1/provisions/nope/statements"), 404)
