"""Legal time: provision versions, `as_of`, the versions routes, word diffs, and the version a
citation was made against. Built with the factories (or an edited copy of the seeds), so no
expectation depends on today's seed data."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskClient

from policyapi.legaltime import first_day, version_on
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.errors import SeedValidationError
from policyapi.seeds.load import load_bundle
from tests.factories import (
    make_article,
    make_citation,
    make_document,
    make_provision,
    make_provision_version,
    make_statement,
)
from tests.helpers import assert_problem
from tests.seedfacts import facts
from tests.test_seeds import DOCUMENT, edit_yaml, seeds  # noqa: F401  (the `seeds` fixture)

OLD_TEXT = "Agencies may enter 287(g) agreements only with the Attorney General's approval."
NEW_TEXT = "Agencies may not enter 287(g) agreements."


@dataclass
class Versioned:
    client: FlaskClient
    provision_id: str
    document_id: str
    eid: str
    plain_id: str  # a provision of the same document without recorded versions


@pytest.fixture
def versioned(fresh_app: Flask) -> Iterator[Versioned]:
    """A provision with two versions (2019-03-15 to 2019-09-27, then open-ended) and a sibling
    without any, in a fresh database."""
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        document = make_document(session)
        provision = make_provision(
            session, document, summary="Current summary.", text=NEW_TEXT, text_state="full"
        )
        make_provision_version(
            session,
            provision,
            valid_from="2019-03-15",
            valid_to="2019-09-27",
            summary="Agreements need approval.",
            text=OLD_TEXT,
            text_state="full",
        )
        make_provision_version(
            session,
            provision,
            valid_from="2019-09-27",
            summary="Current summary.",
            text=NEW_TEXT,
            text_state="full",
        )
        plain = make_provision(session, document)
        session.commit()
        yield Versioned(fresh_app.test_client(), provision.id, document.id, provision.eid, plain.id)


@pytest.mark.parametrize(
    ("day", "number", "match", "summary"),
    [
        ("2018-12-01", 1, "not_in_force", "Agreements need approval."),
        ("2019-03-15", 1, "in_force", "Agreements need approval."),
        ("2019-09-26", 1, "in_force", "Agreements need approval."),
        ("2019-09-27", 2, "in_force", "Current summary."),
        ("2024-01-01", 2, "in_force", "Current summary."),
    ],
)
def test_as_of_answers_the_version_in_force(
    versioned: Versioned, day: str, number: int, match: str, summary: str
) -> None:
    client, pid = versioned.client, versioned.provision_id
    urls = [
        f"/v1/provisions/{pid}?as_of={day}",
        f"/v1/documents/{versioned.document_id}/provisions/{versioned.eid}?as_of={day}",
    ]
    listed = [
        f"/v1/provisions?document={versioned.document_id}&as_of={day}",
        f"/v1/documents/{versioned.document_id}/provisions?as_of={day}",
    ]
    answers = [client.get(url).get_json() for url in urls]
    answers += [
        next(p for p in client.get(url).get_json()["results"] if p["id"] == pid) for url in listed
    ]
    document = client.get(f"/v1/documents/{versioned.document_id}?as_of={day}").get_json()
    answers.append(next(p for p in document["provisions"] if p["id"] == pid))
    for body in answers:
        assert body["as_of"]["date"] == day
        assert body["as_of"]["version"]["number"] == number
        assert body["as_of"]["match"] == match
        assert body["as_of"]["version"]["current"] is (number == 2)
        assert body["summary"] == summary
        assert body["text"] == (OLD_TEXT if number == 1 else NEW_TEXT)


def test_without_as_of_the_current_version_and_no_as_of_block(versioned: Versioned) -> None:
    body = versioned.client.get(f"/v1/provisions/{versioned.provision_id}").get_json()
    assert body["as_of"] is None
    assert body["summary"] == "Current summary."
    assert body["versions_url"].endswith(f"/v1/provisions/{versioned.provision_id}/versions")


def test_a_provision_without_versions_answers_its_one_undated_version(
    versioned: Versioned,
) -> None:
    client, pid = versioned.client, versioned.plain_id
    plain = client.get(f"/v1/provisions/{pid}").get_json()
    body = client.get(f"/v1/provisions/{pid}?as_of=1990-01-01").get_json()
    assert body["as_of"]["match"] == "undated"
    assert body["as_of"]["version"]["recorded"] is False
    assert {k: v for k, v in body.items() if k != "as_of"} == {
        k: v for k, v in plain.items() if k != "as_of"
    }
    history = client.get(f"/v1/provisions/{pid}/versions").get_json()
    assert [v["number"] for v in history["versions"]] == [1]
    assert history["versions"][0]["summary"] == plain["summary"]


def test_versions_lists_them_oldest_first(versioned: Versioned) -> None:
    history = versioned.client.get(f"/v1/provisions/{versioned.provision_id}/versions").get_json()
    assert history["current"] == 2
    versions = history["versions"]
    assert [(v["number"], v["valid_from"], v["valid_to"]) for v in versions] == [
        (1, "2019-03-15", "2019-09-27"),
        (2, "2019-09-27", None),
    ]
    assert [v["current"] for v in versions] == [False, True]
    assert [v["made_by"]["event"] for v in versions] == ["adopted", "amended"]
    one = versioned.client.get(versions[0]["url"]).get_json()
    assert one == versions[0]


@pytest.mark.parametrize("path", ["versions/1...2", "versions/diff?from=1&to=2"])
def test_diff_gives_the_word_level_change(versioned: Versioned, path: str) -> None:
    body = versioned.client.get(f"/v1/provisions/{versioned.provision_id}/{path}").get_json()
    assert (body["from"]["number"], body["to"]["number"]) == (1, 2)
    changes = [(c["op"], c["old"], c["new"]) for c in body["text"]["changes"]]
    assert changes == [
        ("equal", "Agencies may", "Agencies may"),
        ("insert", "", "not"),
        ("equal", "enter 287(g)", "enter 287(g)"),
        ("replace", "agreements only with the Attorney General's approval.", "agreements."),
    ]
    assert body["text"]["changed"] and body["summary"]["changed"]
    fields = {f["field"]: (f["old"], f["new"]) for f in body["fields"]}
    assert fields["valid_from"] == ("2019-03-15", "2019-09-27")
    assert fields["made_by_event"] == ("adopted", "amended")
    assert "text_state" not in fields  # unchanged fields are not listed


def test_a_version_diffed_with_itself_has_no_change(versioned: Versioned) -> None:
    body = versioned.client.get(f"/v1/provisions/{versioned.provision_id}/versions/2...2")
    assert body.get_json()["text"]["changed"] is False
    assert body.get_json()["fields"] == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("versions/3", 404),
        ("versions/1...3", 404),
        ("versions/99999999999999999999", 404),
        ("versions/diff?from=0&to=1", 422),
        ("versions/diff?from=1", 422),
        ("?as_of=2019-02-30", 422),
        ("?as_of=2019", 422),
    ],
)
def test_bad_versions_and_days_are_problems(versioned: Versioned, path: str, status: int) -> None:
    separator = "" if path.startswith("?") else "/"
    response = versioned.client.get(f"/v1/provisions/{versioned.provision_id}{separator}{path}")
    assert_problem(response, status)


def test_as_of_is_json_only(versioned: Versioned) -> None:
    url = f"/v1/provisions?as_of=2019-06-01&format=csv&document={versioned.document_id}"
    assert "JSON only" in assert_problem(versioned.client.get(url), 422)["detail"]


def _words(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_the_card_of_an_older_version_says_so(versioned: Versioned) -> None:
    card = f"/embed/provisions/{versioned.provision_id}"
    html = {"Accept": "text/html"}
    old = _words(versioned.client.get(f"{card}?as_of=2019-06-01", headers=html))
    assert "As of 2019-06-01: version 1 of 2" in old
    assert "This is an older version of this provision." in old
    assert "Agreements need approval." in old
    now = _words(versioned.client.get(card, headers=html))
    assert "Current version: version 2 of 2" in now
    assert "older version" not in now
    assert versioned.client.get(f"{card}?as_of=June", headers=html).status_code == 400


def test_the_document_card_as_of_a_day_marks_the_older_versions(versioned: Versioned) -> None:
    card = f"/embed/documents/{versioned.document_id}"
    html = {"Accept": "text/html"}
    old = versioned.client.get(f"{card}?as_of=2019-06-01", headers=html)
    assert old.status_code == 200
    text = _words(old)
    assert "As of 2019-06-01" in text
    assert text.count("(older version)") == 1  # the versioned provision, not its sibling
    assert f"/embed/provisions/{versioned.provision_id}?as_of=2019-06-01" in text
    now = _words(versioned.client.get(f"{card}?as_of=2024-01-01", headers=html))
    assert "(older version)" not in now
    assert "As of" not in _words(versioned.client.get(card, headers=html))
    assert versioned.client.get(f"{card}?as_of=June", headers=html).status_code == 400


def test_factory_citations_link_the_version_in_force_when_said(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        provision = make_provision(session)
        make_provision_version(session, provision, valid_to="2020-06")
        make_provision_version(session, provision, valid_from="2020-06")
        article = make_article(session, published_on="2021")
        early = make_statement(session, article, said_on="2020-05-31")
        dated_by_article = make_statement(session, article)
        first = make_citation(session, early, provision)
        second = make_citation(session, dated_by_article, provision)
        session.commit()
        assert (first.provision_version, second.provision_version) == (1, 2)


def test_partial_dates_stand_for_their_first_day() -> None:
    assert str(first_day("2019")) == "2019-01-01"
    assert str(first_day("2019-09")) == "2019-09-01"

    @dataclass
    class V:
        number: int
        valid_from: str | None
        valid_to: str | None

    versions = [V(1, None, "2019-09"), V(2, "2019-09", None)]
    assert version_on(versions, "2019-08-31") == 1
    assert version_on(versions, "2019-09") == 2
    assert version_on(versions, None) is None
    assert version_on([], None) == 1


# --- seeds: the versions format, checked and loaded ------------------------------------------

N02 = "newark-fair-welcoming-2017-n02"


def _version(**fields: Any) -> dict[str, Any]:
    return {
        "summary": "A summary.",
        "confidence": "confirmed",
        "evidence": [{"url": "https://example.org/source"}],
        **fields,
    }


def _give_versions(root: Path, versions: list[dict[str, Any]], keep: bool = False) -> None:
    def change(doc: dict) -> None:  # type: ignore[type-arg]
        provision = next(p for p in doc["provisions"] if p["id"] == N02)
        provision["versions"] = versions
        if not keep:
            for name in ("summary", "text", "text_state"):
                provision.pop(name, None)

    edit_yaml(root, DOCUMENT, change)


def _errors(root: Path) -> list[str]:
    with pytest.raises(SeedValidationError) as raised:
        build_bundle(root)
    return [str(e) for e in raised.value.errors]


def test_a_statement_made_between_two_versions_is_linked_to_the_first(
    seeds: Path,  # noqa: F811
    fresh_app: Flask,
) -> None:
    citing = facts().citing(provision=N02)
    dates = sorted(
        s.get("said_on") or facts().article(s["article"]).get("published_on")
        for s in facts().statements()
        if s["id"] in citing
    )
    assert citing and all(dates)
    later = f"{int(dates[-1][:4]) + 1}"  # every citing statement comes before it
    _give_versions(
        seeds,
        [
            _version(summary="First.", valid_from="2017-06", valid_to=later),
            _version(summary="Second.", valid_from=later),
        ],
    )
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        load_bundle(session, build_bundle(seeds))
    client = fresh_app.test_client()
    first = client.get(f"/v1/provisions/{N02}/statements?version=1&page_size=500").get_json()
    assert sorted(s["id"] for s in first["results"]) == sorted(citing)
    second = client.get(f"/v1/provisions/{N02}/statements?version=2").get_json()
    assert second["results"] == []
    cited = [c for s in first["results"] for c in s["citations"] if c["provision"]]
    assert {c["provision_version"] for c in cited if c["provision"]["id"] == N02} == {1}
    assert client.get(f"/v1/provisions/{N02}").get_json()["summary"] == "Second."


@pytest.mark.parametrize(
    ("versions", "keep", "expected"),
    [
        ([], False, "versions: give at least one version"),
        (
            [_version(valid_to="2019"), _version(valid_from="2018")],
            False,
            "version 1 runs to 2019, after version 2 begins on 2018",
        ),
        ([_version(), _version(valid_from="2019")], False, "version 1: only the last may be"),
        ([_version(valid_to="2019"), _version()], False, "version 2: only the first may have"),
        ([_version(valid_from="2019", valid_to="2019")], False, "is not after valid_from"),
        ([_version(made_by={"event": "repealed"})], False, "has no 'repealed' event"),
        ([_version(made_by={"event": "amended", "document": "nope"})], False, "unknown document"),
        ([_version()], True, "summary: is the last version's when versions are given"),
        ([_version(evidence=[])], False, "evidence"),
    ],
)
def test_seed_versions_are_checked_one_error_per_problem(
    seeds: Path,  # noqa: F811
    versions: list[dict[str, Any]],
    keep: bool,
    expected: str,
) -> None:
    _give_versions(seeds, versions, keep)
    errors = _errors(seeds)
    matching = [e for e in errors if expected in e]
    assert len(matching) == 1, errors
    assert matching[0].startswith(f"{DOCUMENT} [{N02}]")


def test_the_directive_revision_is_two_versions_of_section_iii_a(client: FlaskClient) -> None:
    """The 2019 revision of the Immigrant Trust Directive, as the seeds model it."""
    versioned = [p for p in facts().versioned() if p["document"] == "nj-ag-directive-2018-6"]
    assert versioned, "the directive's revision is modelled as versions"
    for provision in versioned:
        revision = provision["versions"][-1]
        assert revision["made_by"]["event"] == "amended"
        assert provision["versions"][0]["text"] is None  # summaries only: no wording was read
        before = client.get(
            f"/v1/provisions/{provision['id']}?as_of={revision['valid_from'][:4]}-01-01"
        ).get_json()
        assert before["as_of"]["version"]["current"] is False
        assert before["summary"] == provision["versions"][-2]["summary"]
