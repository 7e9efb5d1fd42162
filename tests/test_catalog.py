"""/v1/topics, /v1/speakers, /v1/articles"""

import hashlib

from flask.testing import FlaskClient

from tests.conftest import SEEDS
from tests.helpers import assert_problem, walk

ARTICLE = "nj1015-baraka-barr-sanctuary-2020"


def test_topics_in_vocabulary_order(client: FlaskClient) -> None:
    topics = walk(client, "/v1/topics?page_size=5")
    assert len(topics) == 19
    assert topics[0]["id"] == "definitions" and topics[-1]["id"] == "general"


def test_topic_item_and_provisions(client: FlaskClient) -> None:
    topic = client.get("/v1/topics/warrants").get_json()
    assert topic["label"] and topic["description"]
    provisions = client.get(topic["provisions_url"]).get_json()["results"]
    assert [p["number"] for p in provisions] == ["N02", "N05", "N06"]
    assert_problem(client.get("/v1/topics/nope"), 404)


def test_barr_is_attorney_general_and_criticizes(client: FlaskClient) -> None:
    barr = client.get("/v1/speakers/william-barr").get_json()
    assert barr["roles"][0]["title"] == "Attorney General of the United States"
    statements = walk(client, barr["statements_url"])
    assert len(statements) == 3
    relations = {c["relation"] for s in statements for c in s["citations"]}
    assert relations == {"criticizes"}
    assert {s["role_as_stated"] for s in statements} == {"U.S. Attorney"}


def test_speaker_filters(client: FlaskClient) -> None:
    assert client.get("/v1/speakers").get_json()["pagination"]["total"] == 3
    body = client.get("/v1/speakers?q=barr").get_json()
    assert [s["id"] for s in body["results"]] == ["william-barr"]
    assert_problem(client.get("/v1/speakers?kind=robot"), 422)
    assert_problem(client.get("/v1/speakers/nope/statements"), 404)


def test_speaker_statements_relation_filter(client: FlaskClient) -> None:
    body = client.get("/v1/speakers/ras-baraka/statements?relation=defends").get_json()
    assert body["pagination"]["total"] == 13


def test_article_text_is_byte_exact(client: FlaskClient) -> None:
    body = client.get(f"/v1/articles/{ARTICLE}").get_json()
    raw = (SEEDS / "articles" / f"{ARTICLE}.txt").read_bytes()
    assert body["text"].encode("utf-8") == raw
    assert hashlib.sha256(body["text"].encode("utf-8")).hexdigest() == body["text_sha256"]
    assert body["text_length"] == 3729
    assert body["source_url"].startswith("https://wpgtalkradio.com/")


def test_article_list_and_date_filters(client: FlaskClient) -> None:
    assert client.get("/v1/articles").get_json()["pagination"]["total"] == 1
    assert "text" not in client.get("/v1/articles").get_json()["results"][0]
    assert client.get("/v1/articles?published_from=2020-02&published_to=2020-02").get_json()[
        "results"
    ]
    assert client.get("/v1/articles?published_from=2021").get_json()["results"] == []
    assert_problem(client.get("/v1/articles?published_to=yesterday"), 422)


def test_article_statements_in_text_order(client: FlaskClient) -> None:
    statements = walk(client, f"/v1/articles/{ARTICLE}/statements?page_size=10")
    starts = [s["anchor"]["position"]["start"] for s in statements]
    assert starts == sorted(starts) and len(starts) == 27
    assert_problem(client.get("/v1/articles/nope"), 404)
