"""`policyapi draft article`: a draft that seed check accepts (every offset verifies), finds
the statements a person would, and that seed load refuses until it is reviewed.

The two fixture articles (tests/fixtures/curation/) are the tests' own words with hand-made
expected statements; the seeded article is drafted again from its text and compared with its
reviewed YAML.
"""

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from flask.testing import FlaskCliRunner

from policyapi import create_app
from policyapi.curation.draft import ArticleMeta, draft_document
from policyapi.curation.quotes import find_quotes
from policyapi.curation.score import score
from policyapi.curation.spans import paragraphs
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.errors import SeedValidationError
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "curation"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text("utf-8"))
SEEDED = "nj1015-baraka-barr-sanctuary-2020"
# Below what the rules reach today (see the closing note): a drop is a regression.
MIN_RECALL = 0.8
MIN_SPEAKER_ACCURACY = 0.9
MIN_SEEDED_RECALL = 0.8


def _expected(name: str, text: str) -> list[dict[str, Any]]:
    """The hand-made statements with their offsets (each text occurs once in its article)."""
    records = []
    for n, statement in enumerate(EXPECTED[name]):
        assert text.count(statement["text"]) == 1, statement["text"]
        start = text.index(statement["text"])
        end = start + len(statement["text"])
        records.append({**statement, "id": f"{name}-e{n}", "start": start, "end": end})
    return records


def _draft(name: str) -> tuple[str, dict[str, Any]]:
    raw = (FIXTURES / f"{name}.txt").read_bytes()
    speakers = yaml.safe_load((FIXTURES / "speakers.yaml").read_text("utf-8"))["speakers"]
    meta = ArticleMeta(name, "A fixture", "Tests", "https://example.org/" + name)
    return raw.decode("utf-8"), draft_document(meta, raw, f"{name}.txt", speakers)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_articles_meet_recall_and_speaker_accuracy(name: str) -> None:
    text, draft = _draft(name)
    result = score(draft["statements"], _expected(name, text))
    assert result.recall >= MIN_RECALL, result.lines()
    assert result.accuracy(result.same_speaker) >= MIN_SPEAKER_ACCURACY, result.lines()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_drafted_anchor_is_the_text_at_its_offsets(name: str) -> None:
    text, draft = _draft(name)
    paras = paragraphs(text)
    for statement in draft["statements"]:
        start, end = statement["start"], statement["end"]
        assert statement["text"] == text[start:end]
        assert statement["prefix"] == text[max(0, start - 32) : start]
        assert statement["suffix"] == text[end : end + 32]
        para = paras[statement["paragraph"]]
        assert para.start <= start and end <= para.end


def test_new_speakers_are_stubs_marked_for_review() -> None:
    _, draft = _draft("lakeside-transit-fares")
    stubs = [s for s in draft["statements"] if str(s["speaker"]).startswith("new:")]
    assert {s["speaker"] for s in stubs} == {"new:jonas-pereira"}
    assert all(any("new speaker 'Jonas Pereira'" in note for note in s["notes"]) for s in stubs)
    nested = [s for s in draft["statements"] if s["parent"] is not None]
    assert [s["text"][:24] for s in nested] == ["a fare freeze that lasts"]


def test_a_title_names_a_known_speaker_only_when_the_article_names_them() -> None:
    speakers = yaml.safe_load((FIXTURES / "speakers.yaml").read_text("utf-8"))["speakers"]
    meta = ArticleMeta("elsewhere", "t", "p", "https://example.org/elsewhere")
    for text, expected in (
        ("Mayor Helen Oduya spoke first. The mayor said the budget is balanced.", "helen-oduya"),
        ("In another town, the mayor said the budget is balanced.", None),
    ):
        draft = draft_document(meta, text.encode(), "elsewhere.txt", speakers)
        said = [s for s in draft["statements"] if "budget" in s["text"]]
        assert [s["speaker"] for s in said] == [expected], text
    assert any("speaker not resolved" in note for note in said[0]["notes"])


def test_the_citation_hook_leaves_citations_to_the_curator() -> None:
    _, draft = _draft("riverton-library-hours")
    assert all(s["citations"] == [] for s in draft["statements"])


def test_quotations_pair_mixed_marks_and_reopen_across_paragraphs() -> None:
    text = (
        '\u201cFirst part," she said. "It runs on\n\n'
        '"and ends here.\u201d Then \u2018single\u2019 marks stay inside "a \'nested\' one."'
    )
    found = [text[q.start : q.end] for q in find_quotes(text, paragraphs(text))]
    assert found == ["First part,", "It runs on", "and ends here.", "a 'nested' one."]


def test_the_seeded_article_drafted_again_finds_its_statements() -> None:
    base = SEEDS / "articles" / SEEDED
    if not base.with_suffix(".yaml").is_file():
        pytest.skip(f"the seeds no longer hold {SEEDED}")
    reviewed = yaml.safe_load(base.with_suffix(".yaml").read_text("utf-8"))
    speakers = yaml.safe_load((SEEDS / "speakers.yaml").read_text("utf-8"))["speakers"]
    meta = ArticleMeta("again", "t", "p", "https://example.org/again")
    draft = draft_document(meta, base.with_suffix(".txt").read_bytes(), "again.txt", speakers)
    result = score(draft["statements"], reviewed["statements"])
    assert result.recall >= MIN_SEEDED_RECALL, result.lines()
    assert result.accuracy(result.same_speaker) >= MIN_SPEAKER_ACCURACY, result.lines()


def _draft_into(runner: FlaskCliRunner, seeds: Path, source: Path, article_id: str) -> None:
    result = runner.invoke(
        args=[
            "draft", "article", str(source), "--id", article_id, "--url",
            f"https://example.org/{article_id}", "--title", "A fixture", "--publisher", "Tests",
            "--published-on", "2026-11", "--seeds", str(seeds),
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def test_draft_passes_seed_check_with_warnings_and_load_refuses_it(
    runner: FlaskCliRunner, seeds_copy: Path
) -> None:
    source = FIXTURES / "lakeside-transit-fares.txt"
    _draft_into(runner, seeds_copy, source, "lakeside-fixture")
    written = seeds_copy / "articles" / "lakeside-fixture.txt"
    assert written.read_bytes() == source.read_bytes()
    draft = yaml.safe_load((seeds_copy / "articles" / "lakeside-fixture.yaml").read_text("utf-8"))
    assert draft["text_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert draft["review"]["status"] == "draft"

    check = runner.invoke(args=["seed", "check", str(seeds_copy)])
    assert check.exit_code == 0, check.output
    assert "1 draft article(s) to review" in check.output
    assert "[lakeside-fixture] review: an unreviewed draft" in check.output
    assert "is a new speaker stub" in check.output

    load = runner.invoke(args=["seed", "load", str(seeds_copy)])
    assert load.exit_code == 1
    assert "lakeside-fixture is an unreviewed draft" in load.output
    assert "nothing was written" in load.output


def test_the_seeded_text_drafted_under_a_new_id_verifies(
    runner: FlaskCliRunner, seeds_copy: Path
) -> None:
    """No-break spaces, mixed marks and line breaks in the selectors survive the YAML."""
    source = SEEDS / "articles" / f"{SEEDED}.txt"
    if not source.is_file():
        pytest.skip(f"the seeds no longer hold {SEEDED}")
    _draft_into(runner, seeds_copy, source, "drafted-again")
    bundle = build_bundle(seeds_copy)
    assert bundle.drafts == ["drafted-again"]


def test_a_reviewed_article_may_not_keep_a_new_speaker_stub(seeds_copy: Path) -> None:
    source = FIXTURES / "lakeside-transit-fares.txt"
    meta = ArticleMeta("reviewed-fixture", "A fixture", "Tests", "https://example.org/r")
    speakers = yaml.safe_load((seeds_copy / "speakers.yaml").read_text("utf-8"))["speakers"]
    document = draft_document(meta, source.read_bytes(), "reviewed-fixture.txt", speakers)
    del document["review"]
    shutil.copy(source, seeds_copy / "articles" / "reviewed-fixture.txt")
    path = seeds_copy / "articles" / "reviewed-fixture.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedValidationError) as failed:
        build_bundle(seeds_copy)
    assert any("unknown speaker 'new:" in error.message for error in failed.value.errors)


def test_draft_refuses_to_overwrite(runner: FlaskCliRunner, seeds_copy: Path) -> None:
    source = FIXTURES / "riverton-library-hours.txt"
    _draft_into(runner, seeds_copy, source, "riverton-fixture")
    again = runner.invoke(
        args=["draft", "article", str(source), "--id", "riverton-fixture", "--url",
              "https://example.org/x", "--title", "T", "--publisher", "P", "--seeds",
              str(seeds_copy)]
    )  # fmt: skip
    assert again.exit_code == 1
    assert "pass --force to overwrite it" in again.output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--id", "Not A Slug", "must be a lower-case slug"),
        ("--url", "not-a-url", "must be an http(s) URL"),
        ("--published-on", "2020-13", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_draft_refuses_bad_metadata_before_writing(
    tmp_path: Path, seeds_copy: Path, option: str, value: str, message: str
) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    args = {"--id": "ok-id", "--url": "https://example.org/a", "--published-on": "2026"}
    args[option] = value
    result = app.test_cli_runner().invoke(
        args=[
            "draft", "article", str(FIXTURES / "riverton-library-hours.txt"),
            *[part for pair in args.items() for part in pair],
            "--title", "T", "--publisher", "P", "--seeds", str(seeds_copy),
        ]
    )  # fmt: skip
    app.extensions["policyapi.engine"].dispose()
    assert result.exit_code == 2
    assert message in result.output
    assert not list((seeds_copy / "articles").glob("ok-id.*"))
