"""/v1/suggest and `policyapi suggest`: ranked provisions for a text, on both engines."""

import json
from typing import Any

import numpy as np
import pytest
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskClient

from policyapi.models import Provision, Topic
from policyapi.queries.suggest import iter_cited_statements
from policyapi.suggest.evaluate import Ranked, Report
from policyapi.suggest.version import MODEL_NAME, MODEL_VERSION
from tests.factories import make_citation, make_document, make_provision, make_topic
from tests.helpers import assert_problem
from tests.seedfacts import facts

OFF_TOPIC = "Forecasters expect heavy snow across northern New Jersey through Tuesday morning."
AG_DIRECTIVE = "nj-ag-directive-2018-6"


def _suggest(client: FlaskClient, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/suggest", json={"text": text, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def _target(result: dict[str, Any]) -> str:
    return str((result["provision"] or result["document"])["id"])


def _field(session: Session, provision_id: str, name: str) -> str:
    if name.startswith("topics."):
        _, topic_id, attribute = name.split(".")
        return str(getattr(session.get(Topic, topic_id), attribute))
    return str(getattr(session.get(Provision, provision_id), name))


def test_a_reviewed_statement_finds_what_it_cites_with_exact_evidence(
    client: FlaskClient, db: Session
) -> None:
    for statement_id in facts().citing():
        statement = facts().statement(statement_id)
        cited = {c.get("provision") or c["document"] for c in statement["citations"]}
        body = _suggest(client, statement["text"])
        results = body["results"]
        assert cited & {_target(r) for r in results}, (statement_id, results)
        assert len(results) <= 5
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        for result in results:
            if result["provision"] is None:
                assert result["evidence"] == [] or result["document"]["id"] in cited | {
                    result["document"]["id"]
                }
                continue
            assert result["provision"]["document"] == result["document"]
            for evidence in result["evidence"]:
                value = _field(db, result["provision"]["id"], evidence["provision_field"])
                assert value[evidence["start"] : evidence["end"]] == evidence["matched"]
        model = body["model"]
        assert (model["name"], model["version"]) == (MODEL_NAME, MODEL_VERSION)


def test_get_and_post_give_the_same_answer(client: FlaskClient) -> None:
    text = "Officers will not ask residents about their immigration status."
    got = client.get("/v1/suggest", query_string={"text": text})
    assert got.status_code == 200 and got.headers["ETag"]
    assert got.get_json() == _suggest(client, text)


def test_an_off_topic_sentence_abstains(client: FlaskClient) -> None:
    body = _suggest(client, OFF_TOPIC)
    assert body["abstain"] is True
    assert all(r["score"] < 0.4 for r in body["results"] if r["provision"])


def test_a_document_limits_the_suggestions_to_its_provisions(client: FlaskClient) -> None:
    text = "Officers may not ask a person about their immigration status."
    body = _suggest(client, text, document=AG_DIRECTIVE)
    assert body["results"] and body["abstain"] is False
    assert {r["document"]["id"] for r in body["results"]} == {AG_DIRECTIVE}
    best = body["results"][0]["provision"]["id"]
    assert "status-inquiry" in facts().provision(best)["topics"]


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"text": ""}, 422, "#/text"),
        ({"text": "x" * 5001}, 422, "#/text"),
        ({"text": 42}, 422, "#/text"),
        ({"text": ["a list"]}, 422, "#/text"),
        ({"text": "nul \x00 byte"}, 422, "#/text"),
        ({}, 422, "#/text"),
        ({"text": "ok", "extra": 1}, 422, "#/extra"),
        ({"text": "ok", "document": "newark"}, 422, "#/document"),
    ],
)
def test_bad_bodies_are_problems(
    client: FlaskClient, body: dict[str, Any], status: int, pointer: str
) -> None:
    problem = assert_problem(client.post("/v1/suggest", json=body), status)
    assert pointer in [e["pointer"] for e in problem["errors"]]


def test_a_body_that_is_not_json_is_a_problem(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/suggest", data="text", content_type="text/plain"), 415)
    assert_problem(client.post("/v1/suggest", data="{", content_type="application/json"), 400)


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 422), ("text=", 422), (f"text={'y' * 5001}", 422), ("text=ok&txt=ok", 400)],
)
def test_bad_queries_are_problems(client: FlaskClient, query: str, status: int) -> None:
    assert_problem(client.get(f"/v1/suggest?{query}"), status)


def test_any_document_gets_suggestions_before_anyone_cited_it(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        snow = make_topic(session, label="Snow removal", description="Clearing snow and ice.")
        document = make_document(session)
        wanted = make_provision(
            session,
            document,
            topics=[snow],
            heading="Sidewalk snow removal",
            summary="Owners must clear snow and ice from their sidewalks within 24 hours.",
        )
        make_provision(
            session,
            document,
            heading="Dog licences",
            summary="Every dog kept in the township needs a yearly licence from the clerk.",
        )
        session.commit()
        wanted_id = wanted.id
    client = fresh_app.test_client()
    body = _suggest(client, "Owners have to shovel the snow off their sidewalks within a day.")
    assert body["abstain"] is False and body["results"][0]["provision"]["id"] == wanted_id
    fields = {e["provision_field"] for e in body["results"][0]["evidence"]}
    assert fields & {"heading", "summary"}
    assert _suggest(client, "The museum opens an exhibit of paintings.")["abstain"] is True


def test_the_cli_prints_the_api_answer(app: Flask, client: FlaskClient) -> None:
    text = "The city will publish how many ICE detainer requests it gets."
    printed = app.test_cli_runner().invoke(args=["suggest", text])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output) == _suggest(client, text)
    refused = app.test_cli_runner().invoke(args=["suggest", "x", "--document", "newark"])
    assert refused.exit_code == 2 and "newark-fair-welcoming-2017" in refused.output


def test_the_report_measures_rank_and_calibration() -> None:
    def ranked(scores: list[float], right: list[bool]) -> Ranked:
        return Ranked(np.array(scores), np.array(right), np.ones(len(scores), dtype=bool))

    report = Report(
        [
            ranked([0.95, 0.3, 0.05], [True, False, False]),
            ranked([0.85, 0.8, 0.1], [False, True, True]),
            ranked([0.2, 0.1, 0.0], [False, False, False]),
        ]
    )
    assert report.top1() == 0.5
    assert report.recall_at(1) == 0.5 and report.recall_at(3) == 1.0
    # Two right targets, one among the best two: half recalled, but a hit.
    assert report.recall_at(2) == 0.75 and report.hit_at(2) == 1.0 and report.hit_at(1) == 0.5
    table = report.reliability()
    assert sum(row[2] for row in table) == 9
    assert table[9][2:] == (1, 0.95, 1.0)
    assert report.abstained(report.ranked) == (1, 3)
    assert 0 < report.ece() < 1


def test_post_answers_as_documented(client: FlaskClient) -> None:
    from tests.test_contract import _validator

    spec = client.get("/openapi.json").get_json()
    operation = spec["paths"]["/v1/suggest"]["post"]
    validator = _validator(
        spec, operation["responses"]["200"]["content"]["application/json"]["schema"]
    )
    for text in (OFF_TOPIC, "The city will not hold people on ICE detainers."):
        assert list(validator.iter_errors(_suggest(client, text))) == []
    assert "415" in operation["responses"]


def test_a_text_of_the_largest_size_is_answered(client: FlaskClient) -> None:
    passage = " ".join(s["text"] for s in facts().statements())
    text = (passage * (1 + 5000 // len(passage)))[:5000]
    body = _suggest(client, text)
    assert len(body["results"]) <= 5 and body["model"]["name"] == MODEL_NAME


def test_only_reviewed_citations_teach_the_suggester(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        reviewed = make_citation(session)
        suggested = make_citation(session, status="suggested", score=0.7)
        session.commit()
        taught = {reviewed.statement_id: reviewed.provision_id, suggested.statement_id: None}
    with fresh_app.extensions["policyapi.engine"].connect() as conn:
        rows = {row.statement_id: row.provision_id for row in iter_cited_statements(conn)}
    # The suggested link's statement is still a statement, but one that cites nothing.
    assert rows == taught


@pytest.mark.parametrize("dense_above", [0, 10**9])  # never / always one array over all
def test_neighbour_similarities_are_the_sparse_product(
    dense_above: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyapi.suggest import neighbours
    from policyapi.suggest.corpus import Example

    monkeypatch.setattr(neighbours, "DENSE_ABOVE", dense_above)
    rng = np.random.default_rng(16)
    vocabulary = [f"word{n}" for n in range(300)]
    examples = [
        Example(f"s{n}", " ".join(rng.choice(vocabulary, size=8)), {n % 3: "mentions"})
        for n in range(2000)
    ]
    index = neighbours.NeighbourIndex(examples, target_count=3)
    assert index.vectorizer is not None
    for text in ("word1", "word1 word2 word3", " ".join(vocabulary[:40]), "nothing known"):
        query = index.vectorizer.transform([text]).tocsr()
        expected = (query @ index.postings).toarray().ravel()
        rows, sims = index._similarities(query)
        assert rows.tolist() == np.flatnonzero(expected).tolist()
        np.testing.assert_allclose(sims, expected[rows])
