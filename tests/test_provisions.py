"""/v1/provisions and who said what about each."""

from flask.testing import FlaskClient

from tests.helpers import assert_problem, walk
from tests.seedfacts import facts

N02 = "newark-fair-welcoming-2017-n02"


def test_provision_representation(client: FlaskClient) -> None:
    body = client.get(f"/v1/provisions/{N02}").get_json()
    assert body["url"] == f"http://localhost/v1/provisions/{N02}"
    assert body["document"]["id"] == "newark-fair-welcoming-2017"
    assert body["number"] == "N02" and body["eid"] == "sec_2"
    assert body["parent"] is None and body["children"] == []
    assert {t["id"] for t in body["topics"]} == set(facts().provision(N02)["topics"])
    assert body["confidence"] == "confirmed"
    assert body["citation_counts"] == facts().citation_counts(N02)
    assert body["statements_url"].endswith(f"/v1/provisions/{N02}/statements")


def test_statements_citing_warrants_provisions_include_judicial_warrants(
    client: FlaskClient,
) -> None:
    warrant_provisions = walk(client, "/v1/provisions?topic=warrants")
    assert [p["id"] for p in warrant_provisions] == facts().provision_ids(topic="warrants")
    texts = set()
    for provision in warrant_provisions:
        texts |= {s["text"] for s in walk(client, provision["statements_url"])}
    assert any("valid judicial warrants" in t for t in texts)


def test_topics_are_ored(client: FlaskClient) -> None:
    one = client.get("/v1/provisions?topic=detainers").get_json()["pagination"]["total"]
    both = client.get("/v1/provisions?topic=detainers&topic=commission").get_json()
    detainers = set(facts().provision_ids(topic="detainers"))
    either = detainers | set(facts().provision_ids(topic="commission"))
    assert one == len(detainers) < len(either)
    assert both["pagination"]["total"] == len(either)


def test_filter_by_confidence(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?confidence=inferred&page_size=500").get_json()
    assert [p["id"] for p in body["results"]] == facts().provision_ids(confidence="inferred")


def test_filter_by_relation_and_speaker(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?relation=criticizes&speaker=william-barr").get_json()
    cited = {
        c["provision"]
        for c in facts().citations()
        if c["provision"] and c["relation"] == "criticizes" and c["speaker"] == "william-barr"
    }
    assert cited and {p["id"] for p in body["results"]} == cited


def test_words_filter(client: FlaskClient) -> None:
    body = client.get("/v1/provisions?q=commission").get_json()
    assert "N14" in {p["number"] for p in body["results"]}
    assert client.get("/v1/provisions?q=zzzyzx").get_json()["results"] == []


def test_provision_statements_filters(client: FlaskClient) -> None:
    url = f"/v1/provisions/{N02}/statements"
    assert client.get(url).get_json()["pagination"]["total"] == len(facts().citing(provision=N02))
    described = client.get(f"{url}?relation=describes").get_json()["results"]
    assert [s["id"] for s in described] == facts().citing(provision=N02, relation="describes")
    baraka = client.get(f"{url}?speaker=ras-baraka&kind=direct_quote").get_json()["results"]
    quotes = set(facts().statement_ids(speaker="ras-baraka", kind="direct_quote"))
    expected = [s for s in facts().citing(provision=N02) if s in quotes]
    assert expected and [s["id"] for s in baraka] == expected


def test_unknown_topic_and_confidence_are_422(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/provisions?topic=sanctuary"), 422)
    assert "warrants" in body["detail"] and body["errors"][0]["pointer"] == "#/topic"
    assert_problem(client.get("/v1/provisions?confidence=likely"), 422)
    assert_problem(client.get(f"/v1/provisions/{N02}/statements?relation=likes"), 422)


def test_unknown_provision_is_404(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/provisions/nope"), 404)
    assert_problem(client.get("/v1/provisions/nope/statements"), 404)
