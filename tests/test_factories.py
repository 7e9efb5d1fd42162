"""tests/factories.py builds rows the API serves like seeded ones, on both engines."""

from sqlmodel import Session

from flask import Flask

from tests.factories import (
    make_article,
    make_citation,
    make_provision,
    make_statement,
    make_topic,
)


def test_a_statement_is_an_exact_span_of_its_article(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        article = make_article(session)
        # After curly quotes and before an em dash: offsets must count code points.
        statement = make_statement(session, article, text="the clerk said")
        session.commit()
        article_id, statement_id = article.id, statement.id
    client = fresh_app.test_client()
    text = client.get(f"/v1/articles/{article_id}").get_json()["text"]
    body = client.get(f"/v1/statements/{statement_id}").get_json()
    position, quote = body["anchor"]["position"], body["anchor"]["quote"]
    assert text[position["start"] : position["end"]] == body["text"] == "the clerk said"
    assert text[: position["start"]].endswith(quote["prefix"]) and "\u201d" in quote["prefix"]
    assert text[position["end"] :].startswith(quote["suffix"]) and "\u2014" in quote["suffix"]
    assert len(quote["prefix"]) == 32 and body["paragraph"] == 1
    assert body["speaker"]["id"] and body["kind"] == "direct_quote"


def test_missing_parents_are_built_and_citations_reach_both_targets(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        topic = make_topic(session)
        section = make_provision(session, topics=[topic])
        paragraph = make_provision(session, parent=section, eid="sec_1__para_a", number="1(a)")
        statement = make_statement(session, kind="narration")
        make_citation(session, statement, paragraph, relation="defends")
        make_citation(session, statement, document=section.document, relation="mentions")
        session.commit()
        ids = (section.id, paragraph.id, section.document_id, statement.id, topic.id)
    section_id, paragraph_id, document_id, statement_id, topic_id = ids
    client = fresh_app.test_client()
    provision = client.get(f"/v1/provisions/{section_id}").get_json()
    assert [c["id"] for c in provision["children"]] == [paragraph_id]
    assert [t["id"] for t in provision["topics"]] == [topic_id]
    document = client.get(f"/v1/documents/{document_id}").get_json()
    assert [p["id"] for p in document["provisions"]] == [section_id, paragraph_id]
    body = client.get(f"/v1/statements/{statement_id}").get_json()
    assert body["speaker"] is None
    cited = [(c["provision"] and c["provision"]["id"], c["relation"]) for c in body["citations"]]
    assert cited == [(paragraph_id, "defends"), (None, "mentions")]
    assert body["citations"][1]["document"]["id"] == document_id
