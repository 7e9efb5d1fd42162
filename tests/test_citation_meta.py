"""Citing the dataset: /v1/citation in three formats, CITATION.cff, and their agreement."""

import json
import re
from datetime import date

import bibtexparser
import pytest
import yaml

from flask import Flask
from flask.testing import FlaskClient

from policyapi.exports.citation import DatasetCitation, bibtex
from tests.conftest import SEEDS
from tests.helpers import assert_problem

# CITATION.cff sits beside the seed tree: the repository root for seeds/.
CITATION_CFF = SEEDS.parent / "CITATION.cff"
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


def citation(client: FlaskClient, fmt: str) -> str:
    response = client.get(f"/v1/citation?format={fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_bibtex_parses_as_one_misc_entry(client: FlaskClient) -> None:
    meta = client.get("/v1/meta").get_json()
    library = bibtexparser.parse_string(citation(client, "bibtex"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == f"{meta['name']}-{meta['version']}"
    assert entry.fields_dict["version"].value == meta["version"]
    assert meta["content_hash"] in entry.fields_dict["note"].value
    # The release's stored package: it still resolves after later releases.
    assert entry.fields_dict["url"].value == meta["release"]["url"] + "/datapackage.json"


def test_bibtex_is_the_default(client: FlaskClient) -> None:
    response = client.get("/v1/citation")
    assert response.mimetype == "application/x-bibtex"
    assert response.get_data(as_text=True).startswith("@misc{")


def test_csl_json_is_an_array_with_one_dataset(client: FlaskClient) -> None:
    meta = client.get("/v1/meta").get_json()
    response = client.get("/v1/citation?format=csl-json")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    (item,) = json.loads(response.data)
    assert item["type"] == "dataset"
    assert item["version"] == meta["version"]
    assert item["title"] == meta["title"]
    year, month, day = item["issued"]["date-parts"][0]
    # The release's own date (its CHANGELOG.md entry), whenever it was loaded.
    assert date(year, month, day) == _changelog_date(meta["version"])
    assert meta["released_on"] == _changelog_date(meta["version"]).isoformat()


def _changelog_date(version: str) -> date:
    changelog = (SEEDS / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(version)} — (\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M)
    assert found, f"CHANGELOG.md has no entry for {version}"
    return date.fromisoformat(found.group(1))


def test_ris_is_one_data_record(client: FlaskClient) -> None:
    meta = client.get("/v1/meta").get_json()
    lines = citation(client, "ris").split("\r\n")
    assert lines[0] == "TY  - DATA"
    assert lines[-2:] == ["ER  - ", ""]
    assert all(RIS_LINE.match(line) for line in lines[:-1])
    assert f"ET  - {meta['version']}" in lines


def test_every_format_carries_the_dataset_version_header(client: FlaskClient) -> None:
    version = client.get("/v1/meta").get_json()["dataset_version"]
    for fmt in ("bibtex", "csl-json", "ris"):
        response = client.get(f"/v1/citation?format={fmt}")
        assert response.headers["X-Dataset-Version"] == version
        assert version in response.get_data(as_text=True)


def test_unknown_citation_format_is_a_422_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/citation?format=endnote"), 422)
    assert body["errors"] == [
        {"pointer": "#/format", "detail": "must be one of: bibtex, csl-json, ris"}
    ]


def test_no_dataset_means_nothing_to_cite(fresh_app: Flask) -> None:
    assert_problem(fresh_app.test_client().get("/v1/citation"), 404)


@pytest.mark.parametrize("title", ["Data & {braces} 100% #1 ~ ^ \\ under_score"])
def test_bibtex_escapes_special_characters(title: str) -> None:
    entry = bibtex(
        DatasetCitation(
            key="k",
            title=title,
            author="A & B",
            version="1.0.0",
            dataset_version="1.0.0+0",
            content_hash="0" * 64,
            issued=date(2026, 1, 2),
            url="https://example.org/v1/datapackage.json",
            licence="CC-BY-4.0",
        )
    )
    library = bibtexparser.parse_string(entry)
    assert not library.failed_blocks
    (parsed,) = library.entries
    assert parsed.fields_dict["title"].value == (
        r"Data \& \{braces\} 100\% \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} "
        r"under\_score"
    )


def test_how_to_cite_names_the_version(client: FlaskClient) -> None:
    meta = client.get("/v1/meta").get_json()
    assert meta["version"] in meta["how_to_cite"]


def test_citation_cff_matches_the_dataset_release() -> None:
    cff = yaml.safe_load(CITATION_CFF.read_text())
    dataset = yaml.safe_load((SEEDS / "dataset.yaml").read_text())
    assert cff["cff-version"] == "1.2.0"
    assert {"authors", "message", "title"} <= set(cff)
    assert cff["type"] == "dataset"
    assert cff["title"] == dataset["title"]
    assert cff["version"] == dataset["version"]
    assert cff["license"] == dataset["licence"]["id"]
    changelog = (SEEDS / "CHANGELOG.md").read_text()
    released = re.search(
        rf"^## {re.escape(dataset['version'])} — (\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M
    )
    assert released, "the version has a CHANGELOG entry with its date"
    assert cff["date-released"] == released.group(1)
