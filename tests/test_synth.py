"""The synthetic dataset generator: counts, exact anchors and search, read back through the API."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from policyapi import create_app
from policyapi.console import main
from policyapi.legaltime import version_on
from policyapi.models import Dataset
from policyapi.synth.build import SynthError, synthesize
from policyapi.synth.words import COMMON_TERM
from tests.helpers import walk

DOCUMENTS, STATEMENTS = 6, 400


@pytest.fixture
def synth_app(fresh_url: str) -> Any:
    synthesize(fresh_url, DOCUMENTS, STATEMENTS, seed=7)
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_url})
    yield app
    app.extensions["policyapi.engine"].dispose()


@pytest.fixture
def synth_client(synth_app: Flask) -> FlaskClient:
    return synth_app.test_client()


def test_counts_match_the_request(synth_client: FlaskClient) -> None:
    meta = synth_client.get("/v1/meta").get_json()
    assert meta["counts"]["statements"] == STATEMENTS
    assert meta["counts"]["documents"] == DOCUMENTS
    assert meta["counts"]["citations"] > 0 and meta["counts"]["provisions"] > DOCUMENTS
    assert meta["dataset_version"].startswith("0.0.0-synthetic")


def test_every_statement_is_an_exact_span_of_its_article(synth_client: FlaskClient) -> None:
    statements = walk(synth_client, "/v1/statements?page_size=500")
    assert len(statements) == STATEMENTS
    texts: dict[str, str] = {}
    for statement in statements:
        article_id = statement["article"]["id"]
        if article_id not in texts:
            texts[article_id] = synth_client.get(f"/v1/articles/{article_id}").get_json()["text"]
        text = texts[article_id]
        position, quote = statement["anchor"]["position"], statement["anchor"]["quote"]
        start, end = position["start"], position["end"]
        assert text[start:end] == statement["text"] == quote["exact"]
        assert text[max(0, start - 32) : start] == quote["prefix"]
        assert text[end : end + 32] == quote["suffix"]


def test_nested_quotes_lie_inside_their_parent(synth_client: FlaskClient) -> None:
    statements = walk(synth_client, "/v1/statements?page_size=500")
    spans = {s["id"]: s["anchor"]["position"] for s in statements}
    nested = [s for s in statements if s["parent"]]
    assert nested
    for child in nested:
        parent = spans[child["parent"]["id"]]
        mine = child["anchor"]["position"]
        assert parent["start"] <= mine["start"] and mine["end"] <= parent["end"]


def test_provisions_are_hierarchical_and_cited(synth_client: FlaskClient) -> None:
    provisions = walk(synth_client, "/v1/provisions?page_size=500")
    children = [p for p in provisions if p["parent"]]
    assert children and all(p["parent"]["id"] != p["id"] for p in children)
    cited = [p for p in provisions if sum(p["citation_counts"].values())]
    assert cited
    jurisdictions = {d["jurisdiction"]["ocd_id"] for d in walk(synth_client, "/v1/documents")}
    assert all(j.startswith("ocd-division/country:us/state:") for j in jurisdictions)


def test_search_index_is_filled(synth_client: FlaskClient) -> None:
    statements = walk(synth_client, "/v1/statements?page_size=500")
    expected = sum(COMMON_TERM in s["text"] for s in statements)
    hits = walk(synth_client, f"/v1/search?q={COMMON_TERM}&type=statement&page_size=500")
    assert expected > 0
    assert len(hits) == expected
    assert Counter(h["type"] for h in hits) == {"statement": expected}


def test_refuses_a_database_that_holds_data(synth_app: Flask) -> None:
    with pytest.raises(SynthError, match="already holds"):
        synthesize(synth_app.config["DATABASE_URL"], 1, 10)


def test_command_reports_counts_and_refuses_a_second_run(
    runner: FlaskCliRunner, fresh_url: str
) -> None:
    args = ["synth", "--documents", "2", "--statements", "50", "--out", fresh_url]
    first = runner.invoke(main, args=args)
    assert first.exit_code == 0, first.output
    assert "50 statements" in first.output
    second = runner.invoke(main, args=args)
    assert second.exit_code != 0
    assert "already holds" in second.output


def test_jurisdictions_count_the_documents_inside_them(synth_client: FlaskClient) -> None:
    divisions = walk(synth_client, "/v1/jurisdictions?page_size=500")
    documents = walk(synth_client, "/v1/documents?page_size=500")
    assert divisions and len(documents) == DOCUMENTS
    for division in divisions:
        inside = [
            d for d in documents if (d["jurisdiction"]["id"] + "/").startswith(division["id"] + "/")
        ]
        assert division["document_count"] == len(inside), division["id"]
    assert any(d["relations_url"] for d in documents)
    related = [
        r for d in documents for r in walk(synth_client, d["relations_url"] + "?page_size=500")
    ]
    assert related and all(r["subject"]["id"] != r["object"]["id"] for r in related)


def test_citations_link_the_version_in_force_on_the_statement_s_day(
    synth_client: FlaskClient,
) -> None:
    """The generator dates versions and links citations by the loader's rule (legaltime)."""
    provisions = walk(synth_client, "/v1/provisions?page_size=500")
    histories = {
        p["id"]: synth_client.get(p["versions_url"]).get_json()["versions"] for p in provisions
    }
    amended = [pid for pid, versions in histories.items() if len(versions) > 1]
    assert amended
    checked = 0
    for pid in amended:
        dated = [_Dated(v["number"], v["valid_from"], v["valid_to"]) for v in histories[pid]]
        for statement in walk(synth_client, f"/v1/provisions/{pid}/statements?page_size=500"):
            day = statement["said_on"] or statement["article"]["published_on"]
            for citation in statement["citations"]:
                if citation["provision"] and citation["provision"]["id"] == pid:
                    assert citation["provision_version"] == version_on(dated, day)
                    checked += 1
    assert checked


@dataclass
class _Dated:
    number: int
    valid_from: str | None
    valid_to: str | None


@pytest.mark.parametrize("licence", [None, {"id": "CC0-1.0"}], ids=["as-generated", "no-url"])
def test_the_data_package_and_export_describe_the_synthetic_dataset(
    synth_app: Flask, tmp_path: Path, licence: dict[str, str] | None
) -> None:
    if licence is not None:  # a licence without a url, as a curator may write one
        with synth_app.extensions["policyapi.engine"].begin() as conn:
            conn.execute(sa.update(Dataset).values(licence=licence))
    client = synth_app.test_client()
    response = client.get("/v1/datapackage.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    package = response.get_json()
    assert package["name"] == "policyapi-synthetic"
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert ("path" in package["licenses"][0]) is (licence is None)
    result = synth_app.test_cli_runner().invoke(args=["export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "datapackage.json").read_bytes() == response.data
    assert (tmp_path / "export" / "statements.csv").read_bytes() == client.get(
        "/v1/export/statements.csv"
    ).data
