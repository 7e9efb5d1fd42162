"""Citation provenance: reviewed or suggested, by whom, and published only once reviewed."""

import csv
import io
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from flask import Flask
from flask.testing import FlaskClient

from policyapi import create_app, migrate
from policyapi.db import build_engine
from policyapi.seeds.bundle import build_bundle, citation_id
from policyapi.seeds.errors import SeedValidationError
from tests.conftest import SEEDS, Databases
from tests.helpers import assert_problem
from tests.seedfacts import facts

MODEL = {"name": "policyapi-suggest", "version": "0.1.0"}
SCORE = 0.73


def _suggestion() -> tuple[str, str, dict[str, Any]]:
    """(article file, statement id, a citation of a provision nobody linked it to yet)."""
    statement = facts().statements()[0]
    linked = set(facts().citation_ids())
    document = facts().documents[0]["id"]
    provision = next(
        pid
        for pid in facts().provision_ids(document=document)
        if citation_id(statement["id"], document, pid, "describes") not in linked
    )
    article = facts().article(statement["article"])
    citation = {
        "document": document,
        "provision": provision,
        "relation": "describes",
        "status": "suggested",
        "score": SCORE,
        "suggested_by": dict(MODEL),
        "evidence": [{"provision_field": "heading", "start": 0, "end": 4, "matched": "word"}],
    }
    return f"articles/{article['id']}.yaml", statement["id"], citation


def _edit(root: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _suggest(root: Path, **overrides: Any) -> str:
    """Add the suggestion to the seed copy at `root`; return its citation id."""
    name, sid, citation = _suggestion()
    citation.update(overrides)

    def change(article: dict[str, Any]) -> None:
        statement = next(s for s in article["statements"] if s["id"] == sid)
        statement.setdefault("citations", []).append(citation)

    _edit(root, name, change)
    return citation_id(sid, citation["document"], citation["provision"], citation["relation"])


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_curated_citations_are_reviewed_as_the_dataset_says() -> None:
    review = facts().dataset["citation_review"]
    rows = build_bundle(SEEDS).tables["citations"]
    assert {row["id"] for row in rows} == set(facts().citation_ids())
    for row in rows:
        assert row["status"] == "reviewed"
        assert row["reviewed_by"] == review["reviewed_by"]
        assert row["reviewed_on"] == date.fromisoformat(review["reviewed_on"])


def test_a_suggestion_is_checked_but_withheld_unless_asked(seeds: Path) -> None:
    cid = _suggest(seeds)
    bundle = build_bundle(seeds)
    assert cid not in {row["id"] for row in bundle.tables["citations"]}
    assert bundle.withheld == 1
    assert [w.record_id for w in bundle.warnings] == [cid]
    included = build_bundle(seeds, include_suggested=True)
    row = next(r for r in included.tables["citations"] if r["id"] == cid)
    assert row["status"] == "suggested" and row["score"] == SCORE
    assert (row["suggested_by_name"], row["suggested_by_version"]) == tuple(MODEL.values())
    assert row["reviewed_by"] is None and row["reviewed_on"] is None
    # Publishing a suggestion is a different dataset.
    assert included.dataset["content_hash"] != bundle.dataset["content_hash"]


def test_a_reviewed_suggestion_is_published_and_keeps_its_score(seeds: Path) -> None:
    cid = _suggest(seeds, status="reviewed", reviewed_by="A. Curator", reviewed_on="2026-12-05")
    bundle = build_bundle(seeds)
    assert not bundle.warnings and bundle.withheld == 0
    row = next(r for r in bundle.tables["citations"] if r["id"] == cid)
    assert (row["status"], row["score"], row["reviewed_by"]) == ("reviewed", SCORE, "A. Curator")
    assert row["reviewed_on"] == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"suggested_by": None}, "suggested_by", "names the model"),
        ({"reviewed_by": "A. Curator"}, "reviewed_by", "set status to reviewed"),
        ({"score": 1.5}, "score", "between 0 and 1"),
        ({"status": "maybe"}, "status", "must be one of: reviewed, suggested"),
        ({"suggested_by": {"name": "m"}}, "suggested_by.version", "Missing data"),
        ({"reviewed_on": "2026-12"}, "reviewed_on", "YYYY-MM-DD"),
    ],
)
def test_bad_provenance_is_a_precise_error(
    seeds: Path, overrides: dict[str, Any], field: str, message: str
) -> None:
    _suggest(seeds, **overrides)
    with pytest.raises(SeedValidationError) as raised:
        build_bundle(seeds)
    errors = [e for e in raised.value.errors if e.field == f"statements.citations.{field}"]
    assert errors and message in errors[0].message, raised.value.errors


def test_the_dataset_review_needs_a_full_date(seeds: Path) -> None:
    _edit(seeds, "dataset.yaml", lambda d: d["citation_review"].update(reviewed_on="2026"))
    with pytest.raises(SeedValidationError) as raised:
        build_bundle(seeds)
    assert [e.field for e in raised.value.errors] == ["citation_review.reviewed_on"]


def test_seed_check_warns_of_each_unreviewed_suggestion(fresh_app: Flask, seeds: Path) -> None:
    cid = _suggest(seeds)
    result = fresh_app.test_cli_runner().invoke(args=["seed", "check", str(seeds)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and cid in warnings[0] and "--include-suggested" in warnings[0]
    assert f"{SCORE:.2f}" in warnings[0]


def _published(client: FlaskClient, cid: str) -> int:
    return client.get(f"/v1/citations/{cid}").status_code


def test_seed_load_leaves_a_suggestion_out(fresh_app: Flask, seeds: Path) -> None:
    cid = _suggest(seeds)
    result = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code == 0, result.output
    client = fresh_app.test_client()
    assert _published(client, cid) == 404
    assert client.get("/v1/citations?status=suggested").get_json()["results"] == []
    total = client.get("/v1/citations?status=reviewed").get_json()["pagination"]["total"]
    assert total == len(facts().citation_ids())


def _load_with_suggestions(app: Flask, seeds: Path) -> None:
    result = app.test_cli_runner().invoke(args=["seed", "load", "--include-suggested", str(seeds)])
    assert result.exit_code == 0, result.output


def test_include_suggested_publishes_it_with_its_status_everywhere(
    fresh_app: Flask, seeds: Path
) -> None:
    cid = _suggest(seeds)
    _load_with_suggestions(fresh_app, seeds)
    client = fresh_app.test_client()
    item = client.get(f"/v1/citations/{cid}").get_json()
    assert item["status"] == "suggested" and item["score"] == SCORE
    assert item["suggested_by"] == MODEL
    assert item["reviewed_by"] is None and item["reviewed_on"] is None
    listed = client.get("/v1/citations?status=suggested").get_json()["results"]
    assert [c["id"] for c in listed] == [cid]
    statement = client.get(f"/v1/statements/{item['statement']['id']}").get_json()
    shown = {c["id"]: c for c in statement["citations"]}
    assert shown[cid]["status"] == "suggested"
    review = facts().dataset["citation_review"]
    assert {c["reviewed_by"] for i, c in shown.items() if i != cid} <= {review["reviewed_by"]}
    # JSON-LD asserts only what people reviewed.
    ld = client.get(
        f"/v1/statements/{item['statement']['id']}", headers={"Accept": "application/ld+json"}
    ).get_json()
    about = {node["@id"] for node in ld.get("about", [])}
    assert item["provision"]["url"] not in about
    # The card says it is a suggestion, and whose.
    card = client.get(f"/embed/statements/{item['statement']['id']}").get_data(as_text=True)
    assert f"Suggested by {MODEL['name']} {MODEL['version']}, score {SCORE:.2f}" in card
    # CSV export: one row per citation, with its provenance columns.
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/export/citations.csv").text)))
    row = next(r for r in rows if r["id"] == cid)
    assert (row["status"], float(row["score"]), row["reviewed_by"]) == ("suggested", SCORE, "\\N")
    assert {r["status"] for r in rows if r["id"] != cid} == {"reviewed"}


def test_the_data_package_describes_provenance(client: FlaskClient) -> None:
    package = client.get("/v1/datapackage.json").get_json()
    resource = next(r for r in package["resources"] if r["name"] == "citations")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"] == ["reviewed", "suggested"]
    assert fields["score"]["type"] == "number"
    assert fields["reviewed_on"]["type"] == "date"


def test_a_published_suggestion_survives_the_package_round_trip(
    fresh_app: Flask, databases: Databases, seeds: Path, tmp_path: Path
) -> None:
    _suggest(seeds)
    _load_with_suggestions(fresh_app, seeds)
    out = fresh_app.test_cli_runner().invoke(args=["export", "--out", str(tmp_path / "a")])
    assert out.exit_code == 0, out.output
    url = databases.new()
    migrate.upgrade(url)
    second = create_app({"TESTING": True, "DATABASE_URL": url})
    try:
        loaded = second.test_cli_runner().invoke(args=["seed", "load", str(tmp_path / "a")])
        assert loaded.exit_code == 0, loaded.output
        before = fresh_app.test_client().get("/v1/citations?status=suggested").get_json()
        after = second.test_client().get("/v1/citations?status=suggested").get_json()
        assert after["results"] == before["results"] and before["results"]
    finally:
        second.extensions["policyapi.engine"].dispose()


@pytest.mark.parametrize("query", ["status=maybe", "status="])
def test_an_unknown_status_is_a_problem(client: FlaskClient, query: str) -> None:
    assert_problem(client.get(f"/v1/citations?{query}"), 422)


def test_citations_stored_before_0011_become_reviewed(databases: Databases) -> None:
    url = databases.new()
    migrate.upgrade(url, "0009")
    engine = build_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO doc_types (id, label, description, position) "
                "VALUES ('ordinance', 'O', 'd', 0)"
            )
            conn.exec_driver_sql(
                "INSERT INTO jurisdictions (id, name, depth, document_count) "
                "VALUES ('ocd-division/country:us', 'US', 0, 1)"
            )
            conn.exec_driver_sql(
                "INSERT INTO documents (id, title, doc_type, jurisdiction_name, "
                "jurisdiction_ocd_id, issuer, status, numbering, language, sources, events, "
                "identifiers, created_at, updated_at) VALUES ('d', 't', 'ordinance', 'j', "
                "'ocd-division/country:us', 'i', 'in_force', 'official', 'en', '[]', '[]', "
                "'[]', '2026-01-01', '2026-01-01')"
            )
            conn.exec_driver_sql(
                "INSERT INTO articles (id, title, publisher, url, language, text, text_sha256, "
                "notes, created_at, updated_at) VALUES ('a', 't', 'p', 'https://example.org', "
                "'en', 'Some words.', '" + "0" * 64 + "', '[]', '2026-01-01', '2026-01-01')"
            )
            conn.exec_driver_sql(
                "INSERT INTO statements (id, article_id, kind, paragraph, start_offset, "
                "end_offset, text, prefix, suffix, notes, created_at, updated_at) VALUES "
                "('s', 'a', 'narration', 0, 0, 4, 'Some', '', ' words.', '[]', '2026-01-01', "
                "'2026-01-01')"
            )
            conn.exec_driver_sql(
                "INSERT INTO citations (id, statement_id, document_id, relation, position, "
                "created_at, updated_at) VALUES ('s~d~mentions', 's', 'd', 'mentions', 0, "
                "'2026-01-01', '2026-01-01')"
            )
        migrate.upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT status, score, reviewed_by FROM citations"))
            assert [tuple(r) for r in rows] == [("reviewed", None, None)]
    finally:
        engine.dispose()
