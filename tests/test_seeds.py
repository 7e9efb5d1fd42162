"""The seed loader: validation precision, all-or-nothing, idempotence, sync semantics."""

import hashlib
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import SEEDS, snapshot
from tests.releasing import bump_patch
from tests.seedfacts import facts

ARTICLE = "articles/nj1015-baraka-barr-sanctuary-2020.yaml"
ARTICLE_TEXT = "articles/nj1015-baraka-barr-sanctuary-2020.txt"
DOCUMENT = "documents/newark-fair-welcoming-2017.yaml"
RELEASE_DAY = date(2030, 1, 2)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the real seeds to break or edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def edit_yaml(root: Path, name: str, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def load(runner: FlaskCliRunner, path: Path) -> "object":
    return runner.invoke(args=["seed", "load", str(path)])


def test_check_accepts_the_real_seeds(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "check", str(SEEDS)])
    assert result.exit_code == 0, result.output
    counts = facts().counts()
    assert f"{counts['provisions']} provisions" in result.output
    assert f"{counts['statements']} statements" in result.output


def test_check_writes_nothing(runner: FlaskCliRunner, fresh_app: Flask) -> None:
    before = snapshot(fresh_app.extensions["policyapi.engine"])
    runner.invoke(args=["seed", "check", str(SEEDS)])
    assert snapshot(fresh_app.extensions["policyapi.engine"]) == before


def test_load_twice_changes_nothing(runner: FlaskCliRunner, fresh_app: Flask) -> None:
    engine = fresh_app.extensions["policyapi.engine"]
    assert runner.invoke(args=["seed", "load", str(SEEDS)]).exit_code == 0
    first = snapshot(engine)
    second_run = runner.invoke(args=["seed", "load", str(SEEDS)])
    assert second_run.exit_code == 0
    assert "unchanged" in second_run.output.splitlines()[-1]
    assert snapshot(engine) == first
    counts = facts().counts()
    assert {name: len(first[name]) for name in counts} == counts


def test_edited_record_is_updated(runner: FlaskCliRunner, fresh_app: Flask, seeds: Path) -> None:
    runner.invoke(args=["seed", "load", str(seeds)])

    def retitle(doc: dict) -> None:  # type: ignore[type-arg]
        doc["provisions"][2]["heading"] = "A new heading"

    edit_yaml(seeds, DOCUMENT, retitle)
    bump_patch(seeds, RELEASE_DAY)
    result = runner.invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code == 0, result.output
    unchanged = len(facts().provisions()) - 1
    assert f"provisions: 0 inserted, 1 updated, 0 deleted, {unchanged} unchanged" in result.output
    rows = snapshot(fresh_app.extensions["policyapi.engine"])["provisions"]
    assert [r for r in rows if r[2] == "newark-fair-welcoming-2017-n03"]  # still there
    assert any("A new heading" in r for r in rows)


def test_removed_record_is_deleted(runner: FlaskCliRunner, fresh_app: Flask, seeds: Path) -> None:
    runner.invoke(args=["seed", "load", str(seeds)])

    def drop_last_statement(article: dict) -> None:  # type: ignore[type-arg]
        article["statements"].pop()

    edit_yaml(seeds, ARTICLE, drop_last_statement)
    bump_patch(seeds, RELEASE_DAY)
    result = runner.invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code == 0, result.output
    rows = snapshot(fresh_app.extensions["policyapi.engine"])
    last = facts().article("nj1015-baraka-barr-sanctuary-2020")["statements"][-1]
    assert not [s for s in facts().statements() if s.get("parent") == last["id"]]
    assert len(rows["statements"]) == len(facts().statements()) - 1
    # the last statement's citations went with it
    assert last["citations"]
    assert len(rows["citations"]) == len(facts().citations()) - len(last["citations"])


def test_new_dataset_version_when_content_changes(
    runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    engine = fresh_app.extensions["policyapi.engine"]
    runner.invoke(args=["seed", "load", str(seeds)])
    before = snapshot(engine)["datasets"][0]

    def note(doc: dict) -> None:  # type: ignore[type-arg]
        doc["summary"] += " Edited."

    edit_yaml(seeds, DOCUMENT, note)
    bump_patch(seeds, RELEASE_DAY)
    assert runner.invoke(args=["seed", "load", str(seeds)]).exit_code == 0
    after = snapshot(engine)["datasets"][0]
    assert before != after


def _statement(article: dict, n: int) -> dict:  # type: ignore[type-arg]
    return article["statements"][n - 1]  # type: ignore[no-any-return]


def _set(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    return lambda root: edit_yaml(root, name, change)


def _write(name: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / name).write_text(text, encoding="utf-8")


BROKEN = {
    "text differs from the article": (
        _set(
            ARTICLE,
            lambda a: _statement(a, 18).update(
                text=_statement(a, 18)["text"].replace("valid", "VALID")
            ),
        ),
        [
            "nj1015-baraka-barr-sanctuary-2020-s18",
            "text",
            "does not match the article",
            "VALID judicial",
            "valid judicial",
        ],
    ),
    "offsets out of range": (
        _set(ARTICLE, lambda a: _statement(a, 27).update(start=5000, end=5110)),
        [
            "nj1015-baraka-barr-sanctuary-2020-s27",
            "end",
            "out of range",
            str(len((SEEDS / ARTICLE_TEXT).read_bytes().decode("utf-8"))),
        ],
    ),
    "end before start": (
        _set(ARTICLE, lambda a: _statement(a, 2).update(start=175, end=122)),
        ["nj1015-baraka-barr-sanctuary-2020-s02", "end", "must be greater than start"],
    ),
    "unknown provision": (
        _set(
            ARTICLE,
            lambda a: _statement(a, 2)["citations"][0].update(
                provision="newark-fair-welcoming-2017-n99"
            ),
        ),
        ["nj1015-baraka-barr-sanctuary-2020-s02", "citations.provision", "unknown provision"],
    ),
    "unknown document": (
        _set(ARTICLE, lambda a: _statement(a, 1)["citations"][0].update(document="no-such-order")),
        [
            "nj1015-baraka-barr-sanctuary-2020-s01",
            "citations.document",
            "unknown document 'no-such-order'",
        ],
    ),
    "unknown topic": (
        _set(DOCUMENT, lambda d: d["provisions"][1]["topics"].append("sanctuary")),
        [DOCUMENT, "newark-fair-welcoming-2017-n02", "topics", "unknown topic 'sanctuary'"],
    ),
    "unknown speaker": (
        _set(ARTICLE, lambda a: _statement(a, 2).update(speaker="ras-baraka-jr")),
        ["nj1015-baraka-barr-sanctuary-2020-s02", "speaker", "unknown speaker 'ras-baraka-jr'"],
    ),
    "unknown parent statement": (
        _set(
            ARTICLE,
            lambda a: _statement(a, 11).update(parent="nj1015-baraka-barr-sanctuary-2020-s99"),
        ),
        ["nj1015-baraka-barr-sanctuary-2020-s11", "parent", "unknown statement"],
    ),
    "missing article text file": (
        _set(ARTICLE, lambda a: a.update(text_file="missing.txt")),
        [ARTICLE, "text_file", "'missing.txt' not found"],
    ),
    "duplicate statement id": (
        _set(ARTICLE, lambda a: _statement(a, 3).update(id=_statement(a, 2)["id"])),
        ["nj1015-baraka-barr-sanctuary-2020-s02", "duplicate id"],
    ),
    "duplicate provision id": (
        _set(
            DOCUMENT, lambda d: d["provisions"][3].update(id=d["provisions"][2]["id"], eid="sec_99")
        ),
        ["newark-fair-welcoming-2017-n03", "duplicate id"],
    ),
    "unknown statement kind": (
        _set(ARTICLE, lambda a: _statement(a, 5).update(kind="quote")),
        [
            "nj1015-baraka-barr-sanctuary-2020-s05",
            "kind",
            "must be one of: direct_quote, paraphrase, narration",
        ],
    ),
    "unknown relation": (
        _set(ARTICLE, lambda a: _statement(a, 12)["citations"][0].update(relation="attacks")),
        [
            "nj1015-baraka-barr-sanctuary-2020-s12",
            "citations.relation",
            "must be one of: describes",
        ],
    ),
    "unknown confidence": (
        _set(DOCUMENT, lambda d: d["provisions"][11].update(confidence="likely")),
        [
            "newark-fair-welcoming-2017-n12",
            "confidence",
            "must be one of: confirmed, partly_confirmed, inferred",
        ],
    ),
    "article sha256 differs": (
        _set(ARTICLE, lambda a: a.update(text_sha256="0" * 64)),
        [
            ARTICLE,
            "text_sha256",
            hashlib.sha256((SEEDS / ARTICLE_TEXT).read_bytes()).hexdigest(),
            "is recorded",
        ],
    ),
    "article text edited": (
        lambda root: (root / ARTICLE_TEXT).write_bytes(
            (SEEDS / ARTICLE_TEXT).read_bytes().replace(b"\xc2\xa0", b" ")
        ),
        [ARTICLE, "text_sha256", "is recorded"],
    ),
    "malformed YAML": (
        _write("speakers.yaml", "speakers:\n  - id: ras-baraka\n    name: [unclosed\n"),
        ["speakers.yaml", "malformed YAML at line"],
    ),
    "duplicate YAML key": (
        _write("speakers.yaml", "speakers: []\nspeakers: []\n"),
        ["speakers.yaml", "duplicate key 'speakers'"],
    ),
    "malformed JSON": (
        lambda root: (root / "documents/extra.json").write_text('{"id": "x",', encoding="utf-8"),
        ["documents/extra.json", "malformed JSON at line 1"],
    ),
    "deeply nested YAML": (
        _write("speakers.yaml", "speakers: " + "[" * 20_000 + "]" * 20_000 + "\n"),
        ["speakers.yaml", "nested more than 64 levels deep"],
    ),
    "nested YAML under the parser's limit": (
        _write(
            "speakers.yaml", "speakers:\n" + "".join("  " * i + "- k:\n" for i in range(1, 200))
        ),
        ["speakers.yaml", "nested more than 64 levels deep"],
    ),
    "deeply nested JSON": (
        lambda root: (root / "documents/extra.json").write_text("[" * 200_000 + "]" * 200_000),
        ["documents/extra.json", "nested more than 64 levels deep"],
    ),
    "YAML alias inside its own anchor": (
        _write("speakers.yaml", "speakers: &loop [*loop]\n"),
        ["speakers.yaml", "recursive node"],
    ),
    "unknown field (typo)": (
        _set(DOCUMENT, lambda d: d["provisions"][0].update(heding="typo")),
        ["newark-fair-welcoming-2017-n01", "heding", "Unknown field"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_seed_is_rejected_and_database_unchanged(
    case: str, runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    engine = fresh_app.extensions["policyapi.engine"]
    assert runner.invoke(args=["seed", "load", str(SEEDS)]).exit_code == 0
    before = snapshot(engine)
    breaker, expected = BROKEN[case]
    breaker(seeds)
    result = runner.invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code != 0
    for fragment in expected:
        assert fragment in result.output, result.output
    assert "nothing was written" in result.output
    assert snapshot(engine) == before


def test_failure_midway_rolls_back(fresh_app: Flask, seeds: Path) -> None:
    """A database error during the load leaves no partial write behind."""
    from policyapi.seeds.bundle import build_bundle
    from policyapi.seeds.load import load_bundle

    engine = fresh_app.extensions["policyapi.engine"]
    bundle = build_bundle(seeds)
    # Break a row only the database can reject (CHECK on kind), after others were written.
    bundle.tables["statements"][-1]["kind"] = "bogus"
    before = snapshot(engine)
    with Session(engine) as session, pytest.raises(Exception, match="kind"):
        load_bundle(session, bundle)
    assert snapshot(engine) == before


def test_a_version_without_a_changelog_entry_is_refused(
    runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    engine = fresh_app.extensions["policyapi.engine"]
    before = snapshot(engine)
    dataset = seeds / "dataset.yaml"
    text = dataset.read_text(encoding="utf-8")
    version = yaml.safe_load(text)["version"]
    dataset.write_text(text.replace(f"version: {version}", "version: 99.0.0"), encoding="utf-8")
    result = runner.invoke(args=["seed", "load", str(seeds)])
    assert result.exit_code != 0
    assert "CHANGELOG.md [99.0.0] version: no entry for version 99.0.0" in result.output
    assert snapshot(engine) == before
