"""/v1/topics, /v1/speakers, /v1/articles"""

import hashlib

from flask.testing import FlaskClient

from tests.conftest import SEEDS
from tests.helpers import assert_problem, walk
from tests.seedfacts import facts

ARTICLE = "nj1015-baraka-barr-sanctuary-2020"


def test_topics_in_vocabulary_order(client: FlaskClient) -> None:
    topics = walk(client, "/v1/topics?page_size=5")
    assert [t["id"] for t in topics] == [t["id"] for t in facts().topics]


def test_topic_item_and_provisions(client: FlaskClient) -> None:
    topic = client.get("/v1/topics/warrants").get_json()
    assert topic["label"] and topic["description"]
    provisions = client.get(topic["provisions_url"]).get_json()["results"]
    assert [p["id"] for p in provisions] == facts().provision_ids(topic="warrants")
    assert_problem(client.get("/v1/topics/nope"), 404)


def test_barr_is_attorney_general_and_criticizes(client: FlaskClient) -> None:
    barr = client.get("/v1/speakers/william-barr").get_json()
    assert barr["roles"][0]["title"] == "Attorney General of the United States"
    statements = walk(client, barr["statements_url"])
    seeded = [facts().statement(i) for i in facts().statement_ids(speaker="william-barr")]
    assert [s["id"] for s in statements] == [s["id"] for s in seeded]
    relations = {c["relation"] for s in statements for c in s["citations"]}
    assert relations == {c["relation"] for s in seeded for c in s["citations"]}
    assert "criticizes" in relations
    roles = {s["role_as_stated"] for s in statements}
    assert "U.S. Attorney" in roles and roles == {s["role_as_stated"] for s in seeded}


def test_speaker_filters(client: FlaskClient) -> None:
    speakers = facts().speakers
    assert client.get("/v1/speakers").get_json()["pagination"]["total"] == len(speakers)
    body = client.get("/v1/speakers?q=barr").get_json()
    barrs = [s["id"] for s in speakers if "barr" in s["name"].lower()]
    assert "william-barr" in barrs
    assert [s["id"] for s in body["results"]] == barrs
    assert_problem(client.get("/v1/speakers?kind=robot"), 422)
    assert_problem(client.get("/v1/speakers/nope/statements"), 404)


def test_speaker_statements_relation_filter(client: FlaskClient) -> None:
    body = client.get("/v1/speakers/ras-baraka/statements?relation=defends").get_json()
    defending = set(facts().citing(relation="defends"))
    baraka = [s for s in facts().statement_ids(speaker="ras-baraka") if s in defending]
    assert body["pagination"]["total"] == len(baraka) > 0


def test_article_text_is_byte_exact(client: FlaskClient) -> None:
    body = client.get(f"/v1/articles/{ARTICLE}").get_json()
    raw = (SEEDS / "articles" / f"{ARTICLE}.txt").read_bytes()
    assert body["text"].encode("utf-8") == raw
    assert hashlib.sha256(body["text"].encode("utf-8")).hexdigest() == body["text_sha256"]
    assert body["text_length"] == len(raw.decode("utf-8"))
    assert body["source_url"] == facts().article(ARTICLE)["url"]


def test_article_list_and_date_filters(client: FlaskClient) -> None:
    def ids(query: str) -> list[str]:
        return [a["id"] for a in client.get(f"/v1/articles?{query}").get_json()["results"]]

    articles = facts().articles
    assert client.get("/v1/articles").get_json()["pagination"]["total"] == len(articles)
    assert "text" not in client.get("/v1/articles").get_json()["results"][0]
    feb_2020 = [a["id"] for a in articles if str(a["published_on"]).startswith("2020-02")]
    assert ARTICLE in feb_2020
    assert ids("published_from=2020-02&published_to=2020-02") == feb_2020
    since_2021 = [a["id"] for a in articles if a["published_on"] and a["published_on"] >= "2021"]
    assert ids("published_from=2021") == since_2021
    assert_problem(client.get("/v1/articles?published_to=yesterday"), 422)


def test_article_statements_in_text_order(client: FlaskClient) -> None:
    statements = walk(client, f"/v1/articles/{ARTICLE}/statements?page_size=10")
    starts = [s["anchor"]["position"]["start"] for s in statements]
    assert starts == sorted(starts) and len(starts) == len(facts().statements(ARTICLE))
    assert_problem(client.get("/v1/articles/nope"), 404)
