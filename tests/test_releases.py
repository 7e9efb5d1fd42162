"""Releases and changes: every version kept byte for byte, what each changed, feeds of it.

The acceptance story runs on a copy of the seeds: load it, change one provision's summary,
remove one statement, add one topic link, bump the patch version, load again.
"""

import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from policyapi.exports.tables import TABLE_NAMES
from policyapi.queries.known import ID_TABLES
from policyapi.schemas import articles, documents, provisions, speakers, statements
from policyapi.schemas.releases import ChangeArgsSchema
from tests.conftest import SEEDS, snapshot
from tests.helpers import assert_problem
from tests.releasing import History, bump_patch, current_version
from tests.seedfacts import load as load_facts
from tests.test_cache import Queries

ATOM = "{http://www.w3.org/2005/Atom}"
LATER_DAY = date(2031, 5, 6)


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def ok(client: FlaskClient, url: str, **headers: str) -> Any:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, f"{url}: {response.get_data(as_text=True)}"
    return response


def walk(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        body = ok(client, next_url).get_json()
        results += body["results"]
        next_url = body["pagination"]["next"]
    return results


@dataclass
class Story:
    app: Flask
    runner: FlaskCliRunner
    seeds: Path
    first: str
    second: str
    provision: str  # summary changed
    statement: str  # removed
    linked: tuple[str, str]  # (provision, topic) link added
    served_first: dict[str, bytes]  # what the first release served: its package and tables
    before: Any  # facts of the first release
    after: Any  # facts of the second


def served_package(client: FlaskClient) -> dict[str, bytes]:
    files = {"datapackage.json": ok(client, "/v1/datapackage.json").data}
    for table in TABLE_NAMES:
        files[f"export/{table}.csv"] = ok(client, f"/v1/export/{table}.csv").data
    return files


def _pick(seeds: Path) -> tuple[str, str, str, str]:
    """A provision, a leaf statement, and a (provision, topic) pair not yet linked."""
    facts = load_facts(seeds)
    provisions = [p for p in facts.provisions() if p.get("topics")]
    edited = provisions[0]["id"]
    topics = [t["id"] for t in yaml.safe_load((seeds / "vocabularies.yaml").read_text())["topics"]]
    target = next(
        (p, t) for p in provisions[1:] for t in topics if t not in (p.get("topics") or [])
    )
    parents = {s.get("parent") for s in facts.statements()}
    leaf = next(s for s in reversed(facts.statements()) if s["id"] not in parents)
    return edited, leaf["id"], target[0]["id"], target[1]


@pytest.fixture
def story(fresh_app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> Story:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before = load_facts(seeds)
    assert runner.invoke(args=["seed", "load", str(seeds)]).exit_code == 0
    served_first = served_package(fresh_app.test_client())
    provision, statement, linked_provision, topic = _pick(seeds)
    owners = {p["id"]: p["document"] for p in before.provisions()}

    def edit(path: Path, provision_id: str, change: Any) -> None:
        def apply(document: dict[str, Any]) -> None:
            change(next(p for p in document["provisions"] if p["id"] == provision_id))

        edit_yaml(path, apply)

    documents_dir = seeds / "documents"
    files = {p.stem: p for p in documents_dir.iterdir() if p.suffix in (".yaml", ".yml")}
    edit(files[owners[provision]], provision, lambda p: p.update(summary=p["summary"] + " More."))
    edit(files[owners[linked_provision]], linked_provision, lambda p: p["topics"].append(topic))
    article_of = {s["id"]: s["article"] for s in before.statements()}
    article_file = seeds / "articles" / f"{article_of[statement]}.yaml"

    def drop(article: dict[str, Any]) -> None:
        article["statements"] = [s for s in article["statements"] if s["id"] != statement]

    edit_yaml(article_file, drop)
    first = current_version(seeds)
    second = bump_patch(seeds, LATER_DAY, "- One summary, one statement, one topic link.")
    result = runner.invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code == 0, result.output
    return Story(
        fresh_app,
        runner,
        seeds,
        first,
        second,
        provision,
        statement,
        (linked_provision, topic),
        served_first,
        before,
        load_facts(seeds),
    )


def expected_changes(story: Story) -> dict[str, tuple[str, list[str]]]:
    return {
        f"{story.second}/provision/{story.provision}": ("changed", ["summary"]),
        f"{story.second}/statement/{story.statement}": ("removed", []),
        f"{story.second}/provision/{story.linked[0]}": ("changed", ["topics"]),
    }


def test_releases_list_both_with_their_changelog_dates(story: Story) -> None:
    client = story.app.test_client()
    releases = walk(client, "/v1/releases")
    assert [r["version"] for r in releases] == [story.first, story.second]
    changelog = (story.seeds / "CHANGELOG.md").read_text(encoding="utf-8")
    for release in releases:
        assert f"## {release['version']} — {release['released_on']}" in changelog
    first, second = releases
    assert (first["current"], second["current"]) == (False, True)
    assert second["previous_version"] == story.first
    assert second["notes"] == "- One summary, one statement, one topic link."
    assert second["changes"] == {"recorded": True, "added": 0, "changed": 2, "removed": 1}
    assert first["changes"]["recorded"] is False  # the database's first release
    assert second["counts"]["statements"] == len(story.after.statements())
    meta = ok(client, "/v1/meta").get_json()
    assert meta["release"] == {k: second[k] for k in ("version", "url", "released_on")}
    assert meta["released_on"] == LATER_DAY.isoformat()


def test_changes_since_the_first_release_are_exactly_the_three(story: Story) -> None:
    client = story.app.test_client()
    found = walk(client, f"/v1/changes?since={story.first}")
    assert {c["id"]: (c["action"], c["fields"]) for c in found} == expected_changes(story)
    for change in found:
        assert change["release"]["version"] == story.second
        assert change["release"]["url"].endswith(f"/v1/releases/{story.second}")
        assert change["record"]["url"].endswith(f"/{change['record']['id']}")
    removed = next(c for c in found if c["action"] == "removed")
    assert client.get(removed["record"]["url"]).status_code == 404
    # The same diff, as a range of releases and by date.
    diff = walk(client, f"/v1/releases/{story.first}...{story.second}")
    assert diff == found
    assert walk(client, f"/v1/changes?since={LATER_DAY.isoformat()}") == found
    assert walk(client, f"/v1/changes?since={story.second}") == []
    assert walk(client, f"/v1/changes?until={story.first}") == []


def _atom_entries(body: bytes) -> list[str]:
    """The entry ids of an Atom feed, after checking RFC 4287's required elements."""
    feed = ET.fromstring(body)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, f"feed has no atom:{name}"
    entries = feed.findall(f"{ATOM}entry")
    # atom:author on the feed, or on every entry
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, f"entry has no atom:{name}"
        # no atom:content: an alternate link is required (a link without rel is one)
        links = entry.findall(f"{ATOM}link")
        assert [link for link in links if link.get("rel", "alternate") == "alternate"]
        date.fromisoformat(entry.findtext(f"{ATOM}updated", "")[:10])
    ids = [entry.findtext(f"{ATOM}id", "") for entry in entries]
    assert len(set(ids)) == len(ids)
    return ids


def _json_feed_items(body: dict[str, Any]) -> list[str]:
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["items"], list)
    for item in body["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")
    return [item["id"] for item in body["items"]]


def _entry_ids(changes: list[dict[str, Any]]) -> list[str]:
    return [f"{c['release']['url']}#{c['record']['type']}/{c['record']['id']}" for c in changes]


@pytest.mark.parametrize("query", ["", "topic={topic}", "type=statement", "action=changed"])
def test_atom_and_json_feed_validate_and_list_the_same_entries(story: Story, query: str) -> None:
    client = story.app.test_client()
    query = query.format(topic=story.linked[1])
    url = f"/v1/changes?since={story.first}&{query}"
    changes = walk(client, url)
    atom = ok(client, f"{url}&format=atom")
    assert atom.mimetype == "application/atom+xml"
    assert _atom_entries(atom.data) == _entry_ids(changes)
    feed = ok(client, url, Accept="application/feed+json")
    assert feed.mimetype == "application/feed+json"
    assert _json_feed_items(feed.get_json()) == _entry_ids(changes)
    assert [i["_policyapi"]["change"] for i in feed.get_json()["items"]] == changes


def _topics_before_and_after(story: Story, provision_id: str) -> set[str]:
    topics: set[str] = set()
    for facts in (story.before, story.after):
        if provision_id in {p["id"] for p in facts.provisions()}:
            topics |= set(facts.provision(provision_id).get("topics") or [])
    return topics


def test_an_id_a_release_removed_still_filters_the_changes(story: Story) -> None:
    client = story.app.test_client()
    found = walk(client, f"/v1/changes?since={story.first}&statement={story.statement}")
    assert [(c["record"]["id"], c["action"]) for c in found] == [(story.statement, "removed")]
    # Elsewhere it is gone: an unknown id, refused with the closest ones.
    body = assert_problem(client.get(f"/v1/citations?statement={story.statement}"), 422)
    assert body["errors"][0]["pointer"] == "#/statement"
    # And an id no release ever had is refused on the change list too.
    body = assert_problem(client.get(f"/v1/changes?statement={story.statement}-never"), 422)
    assert "unknown statement" in body["detail"]


def test_topic_narrows_to_changes_touching_that_topic(story: Story) -> None:
    client = story.app.test_client()
    cited = {c["provision"] for c in story.before.citations() if c["statement"] == story.statement}
    about = {
        f"{story.second}/provision/{story.provision}": _topics_before_and_after(
            story, story.provision
        ),
        f"{story.second}/provision/{story.linked[0]}": _topics_before_and_after(
            story, story.linked[0]
        ),
        f"{story.second}/statement/{story.statement}": set().union(
            *(_topics_before_and_after(story, p) for p in cited if p)
        ),
    }
    every_topic = set().union(*about.values())
    assert story.linked[1] in every_topic
    for topic in sorted(every_topic):
        found = {c["id"] for c in walk(client, f"/v1/changes?since={story.first}&topic={topic}")}
        assert found == {change for change, topics in about.items() if topic in topics}, topic
    assert walk(client, f"/v1/changes?topic={story.linked[1]}&type=statement") == [
        c
        for c in walk(client, f"/v1/changes?topic={story.linked[1]}")
        if c["record"]["type"] == "statement"
    ]


def test_the_first_release_is_served_byte_for_byte_after_the_second(story: Story) -> None:
    client = story.app.test_client()
    for path, content in story.served_first.items():
        response = ok(client, f"/v1/releases/{story.first}/{path}")
        assert response.data == content, path
    release = ok(client, f"/v1/releases/{story.first}").get_json()
    assert release["datapackage_url"].endswith(f"/v1/releases/{story.first}/datapackage.json")
    # The current release's stored package is what is served live now.
    assert served_package(client) == {
        path: ok(client, f"/v1/releases/{story.second}/{path}").data for path in story.served_first
    }
    # A citation names the release's own package, which outlives the next release.
    bibtex = ok(client, "/v1/citation?format=bibtex").get_data(as_text=True)
    assert f"/v1/releases/{story.second}/datapackage.json" in bibtex


def test_reloading_the_second_release_changes_nothing(story: Story) -> None:
    engine = story.app.extensions["policyapi.engine"]
    before = snapshot(engine)
    result = story.runner.invoke(args=["seed", "load", str(story.seeds)])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output.splitlines()[-1]
    assert snapshot(engine) == before


def test_changed_content_under_the_same_version_is_refused(story: Story) -> None:
    engine = story.app.extensions["policyapi.engine"]
    before = snapshot(engine)
    documents_dir = story.seeds / "documents"
    path = min(p for p in documents_dir.iterdir() if p.suffix == ".yaml")
    edit_yaml(path, lambda d: d.update(summary=(d.get("summary") or "") + " Again."))
    result = story.runner.invoke(args=["seed", "load", str(story.seeds)])
    assert result.exit_code != 0
    assert f"version {story.second} is already loaded with other content" in result.output
    assert "nothing was written" in result.output
    assert snapshot(engine) == before
    # A patch bump is enough.
    bump_patch(story.seeds, LATER_DAY)
    assert story.runner.invoke(args=["seed", "load", str(story.seeds)]).exit_code == 0


def test_an_older_version_is_refused(story: Story, tmp_path: Path) -> None:
    engine = story.app.extensions["policyapi.engine"]
    before = snapshot(engine)
    older = tmp_path / "older"
    shutil.copytree(SEEDS, older)
    result = story.runner.invoke(args=["seed", "load", str(older)])
    assert result.exit_code != 0
    assert f"older than the loaded release {story.second}" in result.output
    assert snapshot(engine) == before


def test_pruned_files_answer_410_and_the_current_package_stays(story: Story) -> None:
    result = story.runner.invoke(args=["releases", "prune", "--keep", "1"])
    assert result.exit_code == 0, result.output
    assert story.first in result.output
    client = story.app.test_client()
    problem = assert_problem(client.get(f"/v1/releases/{story.first}/datapackage.json"), 410)
    assert "pruned" in problem["detail"]
    assert ok(client, f"/v1/releases/{story.first}").get_json()["datapackage_url"] is None
    assert ok(client, f"/v1/releases/{story.second}/datapackage.json").data
    # The history stays.
    assert len(walk(client, f"/v1/changes?since={story.first}")) == len(expected_changes(story))


def test_a_feed_is_one_query_then_answered_from_cache_and_304(story: Story) -> None:
    client = story.app.test_client()
    for fmt in ("atom", "jsonfeed"):
        url = f"/v1/changes?format={fmt}&topic={story.linked[1]}"
        with Queries(story.app.extensions["policyapi.engine"]) as seen:
            first = ok(client, url)
        # The page, once (the dataset version is read at most once per TTL besides).
        pages = [q for q in seen.seen if "FROM changes" in q]
        assert len(pages) == 1, seen.seen
        assert [q for q in seen.seen if "count(" in q.lower()] == []
        assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
        with Queries(story.app.extensions["policyapi.engine"]) as again:
            second = ok(client, url)
        assert [q for q in again.seen if "FROM changes" in q] == []
        assert second.data == first.data
        unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert unchanged.status_code == 304


# --- on the shared seeded database (an earlier release, then the seeds) ----------------------


def test_the_seeded_history_lists_what_the_seeds_changed(
    client: FlaskClient, history: History
) -> None:
    found = {c["id"]: (c["action"], c["fields"]) for c in walk(client, "/v1/changes")}
    assert found == {
        f"{history.later}/provision/{history.edited_provision}": ("changed", ["summary"]),
        f"{history.later}/statement/{history.restored_statement}": ("added", []),
        f"{history.later}/provision/{history.restored_topic[0]}": ("changed", ["topics"]),
    } or (
        # the edited provision may be the one whose topic link was removed
        history.edited_provision == history.restored_topic[0]
        and found
        == {
            f"{history.later}/provision/{history.edited_provision}": (
                "changed",
                ["summary", "topics"],
            ),
            f"{history.later}/statement/{history.restored_statement}": ("added", []),
        }
    )
    releases = walk(client, "/v1/releases")
    assert [r["version"] for r in releases] == [history.earlier, history.later]


@pytest.mark.parametrize(
    "url",
    [
        "/v1/changes?since=99.0.0",
        "/v1/changes?until=99.0.0",
        "/v1/changes?since=yesterday",
        "/v1/changes?since=2020-02-30",
        "/v1/changes?type=poem",
        "/v1/changes?action=renamed",
    ],
)
def test_bad_change_queries_are_422(client: FlaskClient, url: str) -> None:
    assert_problem(client.get(url), 422)


def test_unknown_releases_are_404_and_a_reversed_range_422(
    client: FlaskClient, history: History
) -> None:
    assert_problem(client.get("/v1/releases/99.0.0"), 404)
    assert_problem(client.get("/v1/releases/99.0.0/datapackage.json"), 404)
    assert_problem(client.get(f"/v1/releases/99.0.0...{history.later}"), 404)
    assert_problem(client.get(f"/v1/releases/{history.later}...{history.earlier}"), 422)


COLLECTION_FILTERS = (
    documents.DocumentQueryArgsSchema,
    provisions.ProvisionQueryArgsSchema,
    statements.StatementQueryArgsSchema,
    statements.CitationQueryArgsSchema,
    articles.ArticleQueryArgsSchema,
    speakers.SpeakerQueryArgsSchema,
)
# Filters on what a record is now (its words, confidence, dates, vocabulary), not which record
# it is: a change is about records, some of which no longer exist.
NOT_RECORD_FILTERS = {
    "q",
    "confidence",
    "relation",
    "status",
    "kind",
    "said_from",
    "said_to",
    "published_from",
    "published_to",
    "publisher",
    "whole_document",
    "as_of",  # which version of a provision to show, not which provisions
    "cursor",
    "page_size",
}


def _filters(schema: Any) -> set[str]:
    return set(schema().fields) - NOT_RECORD_FILTERS


def test_every_collection_record_filter_works_on_changes() -> None:
    changes = set(ChangeArgsSchema().fields)
    for schema in COLLECTION_FILTERS:
        missing = _filters(schema) - changes
        assert not missing, f"{schema.__name__}: /v1/changes lacks {sorted(missing)}"


def _about(client: FlaskClient, history: History) -> dict[str, tuple[str, str]]:
    """Per filter, a value and the change of the seeded history it must find."""
    statement = ok(client, f"/v1/statements/{history.restored_statement}").get_json()
    provision = ok(client, f"/v1/provisions/{history.edited_provision}").get_json()
    document = ok(client, provision["document"]["url"]).get_json()
    said = f"{history.later}/statement/{history.restored_statement}"
    edited = f"{history.later}/provision/{history.edited_provision}"
    about = {
        "statement": (history.restored_statement, said),
        "article": (statement["article"]["id"], said),
        "provision": (history.edited_provision, edited),
        "document": (document["id"], edited),
        "topic": (
            history.restored_topic[1],
            f"{history.later}/provision/{history.restored_topic[0]}",
        ),
        "doc_type": (document["doc_type"], edited),
        "jurisdiction": (document["jurisdiction"]["id"], edited),
    }
    if statement["speaker"] is not None:
        about["speaker"] = (statement["speaker"]["id"], said)
    return about


@pytest.mark.parametrize("name", sorted(set().union(*(_filters(s) for s in COLLECTION_FILTERS))))
def test_each_record_filter_narrows_changes(
    client: FlaskClient, history: History, name: str
) -> None:
    unknown = "/v1/changes?" + urlencode({name: "no-such-record"})
    # Vocabularies and ids: an unknown one is a 422, as elsewhere (a removed one is known).
    if name in ("topic", "doc_type", *ID_TABLES):
        assert_problem(client.get(unknown), 422)
    else:
        assert walk(client, unknown) == []
    value, expected = _about(client, history).get(name, (None, None))
    if value is not None:
        found = {c["id"] for c in walk(client, "/v1/changes?" + urlencode({name: value}))}
        assert expected in found, (name, value)
