"""`policyapi seed reanchor`: every statement found again surely, or orphaned; never wrong.

The seeded article is perturbed as recaptures and corrections change texts (inserted
paragraphs, other punctuation and quotation marks, a corrected word, a deleted sentence, a
duplicated sentence). Each perturbation is a list of edits on the original text, so where each
statement must land is known exactly.
"""

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from flask.testing import FlaskCliRunner

from policyapi.curation.anchors import Anchor, reanchor
from policyapi.curation.quotes import find_quotes
from policyapi.curation.reanchor import reanchor_article
from policyapi.curation.spans import paragraphs
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.errors import SeedValidationError
from tests.conftest import SEEDS

ARTICLE = "nj1015-baraka-barr-sanctuary-2020"
Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _article() -> tuple[str, list[dict[str, object]]]:
    base = SEEDS / "articles" / ARTICLE
    if not base.with_suffix(".yaml").is_file():
        pytest.skip(f"the seeds no longer hold {ARTICLE}")
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    return text, yaml.safe_load(base.with_suffix(".yaml").read_text("utf-8"))["statements"]


def _at(text: str, words: str, replacement: str) -> Edit:
    start = text.index(words)
    return start, start + len(words), replacement


def inserted_paragraphs(text: str) -> list[Edit]:
    paras = paragraphs(text)
    middle = paras[len(paras) // 2].start
    return [
        (0, 0, "A paragraph added above the story, “quoted” here.\n\n"),
        (middle, middle, "Another paragraph, added in the middle of the story.\n\n"),
    ]


def quote_styles_and_punctuation(text: str) -> list[Edit]:
    """Straight double quotation marks become curly ones; a few commas and hyphens change."""
    edits: list[Edit] = []
    for quote in find_quotes(text, paragraphs(text)):
        if text[quote.open_mark] == '"':
            edits.append((quote.open_mark, quote.open_mark + 1, "\u201c"))
        if quote.close_mark is not None and text[quote.close_mark] == '"':
            edits.append((quote.close_mark, quote.close_mark + 1, "\u201d"))
    for words, replacement in (
        ("law abiding", "law-abiding"),
        ("including Newark,", "including Newark;"),
    ):
        if words in text:
            edits.append(_at(text, words, replacement))
    return sorted(edits)


def corrected_words(text: str) -> list[Edit]:
    return [_at(text, "the the", "the"), _at(text, "detailer", "detainer")]


def deleted_sentence(text: str) -> list[Edit]:
    return [_at(text, " They will ensure the safety of our residents.", "")]


def duplicated_sentence(text: str) -> list[Edit]:
    sentence = "Baraka said that the use of the units will undermine community trust."
    start, end, _ = _at(text, sentence, sentence)
    return [(end, end, " " + sentence)]


def duplicated_before(text: str) -> list[Edit]:
    """The copy comes first: the statement's words now sit in the copy's place."""
    sentence = "Our housing, health, and other code enforcement officers will not act"
    start, _, _ = _at(text, sentence, sentence)
    end = text.index("policemen.", start) + len("policemen.")
    return [(start, start, text[start:end] + " ")]


PERTURBATIONS: dict[str, Callable[[str], list[Edit]]] = {
    "inserted paragraphs": inserted_paragraphs,
    "quote styles and punctuation": quote_styles_and_punctuation,
    "corrected words": corrected_words,
    "deleted sentence": deleted_sentence,
    "duplicated sentence": duplicated_sentence,
    "sentence duplicated before itself": duplicated_before,
}


def apply(text: str, edits: list[Edit]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def expected_span(start: int, end: int, edits: list[Edit]) -> tuple[int, int] | None:
    """Where a statement's span lands after the edits; None when an edit removes it."""
    new_start, new_end = start, end
    for s, e, replacement in edits:
        delta = len(replacement) - (e - s)
        if s <= start and e >= end and e > s:
            return None
        if e <= start:
            new_start += delta
        if e <= end and not (s == e == end):
            new_end += delta
    return new_start, new_end


def _outcomes(
    text: str, statements: list[dict[str, object]], edits: list[Edit], *, selectors: bool
) -> Counter[str]:
    """Re-anchor the statements in the edited text; count outcomes, failing on a wrong one."""
    changed = apply(text, edits)
    anchors = [
        Anchor(
            str(s["id"]),
            int(str(s["start"])),
            int(str(s["end"])),
            str(s["text"]),
            text[max(0, int(str(s["start"])) - 32) : int(str(s["start"]))] if selectors else None,
            text[int(str(s["end"])) : int(str(s["end"])) + 32] if selectors else None,
        )
        for s in statements
    ]
    counts: Counter[str] = Counter()
    for found in reanchor(changed, anchors):
        counts[found.status] += 1
        if found.status == "orphaned":
            continue
        expected = expected_span(found.anchor.start, found.anchor.end, edits)
        assert (found.start, found.end) == expected, (
            f"{found.anchor.id} anchored wrongly ({found.status}, {found.method}): "
            f"{found.new_text!r}, expected {expected}"
        )
    return counts


@pytest.mark.parametrize("selectors", [True, False], ids=["with selectors", "without"])
@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_no_wrong_anchor_on_perturbed_copies(name: str, selectors: bool) -> None:
    text, statements = _article()
    edits = PERTURBATIONS[name](text)
    counts = _outcomes(text, statements, edits, selectors=selectors)
    assert sum(counts.values()) == len(statements)
    print(f"{name} ({'with' if selectors else 'without'} selectors): {dict(counts)}")


def test_a_deleted_sentence_is_orphaned() -> None:
    text, statements = _article()
    edits = deleted_sentence(text)
    gone = [
        s
        for s in statements
        if expected_span(int(str(s["start"])), int(str(s["end"])), edits) is None
    ]
    assert gone, "the perturbation deletes a statement"
    anchors = [
        Anchor(str(s["id"]), int(str(s["start"])), int(str(s["end"])), str(s["text"])) for s in gone
    ]
    assert {f.status for f in reanchor(apply(text, edits), anchors)} == {"orphaned"}


def test_unchanged_text_leaves_every_anchor_unchanged() -> None:
    text, statements = _article()
    assert _outcomes(text, statements, [], selectors=True) == Counter(unchanged=len(statements))


def _seed_copy(tmp_path: Path) -> Path:
    if not (SEEDS / "articles" / f"{ARTICLE}.yaml").is_file():
        pytest.skip(f"the seeds no longer hold {ARTICLE}")
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def test_write_records_selectors_then_repairs_a_recaptured_text(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    seeds = _seed_copy(tmp_path)
    yaml_path = seeds / "articles" / f"{ARTICLE}.yaml"
    text_path = seeds / "articles" / f"{ARTICLE}.txt"
    # Once on the unchanged text: every anchor unchanged, the selectors written.
    first = runner.invoke(args=["seed", "reanchor", ARTICLE, "--seeds", str(seeds), "--write"])
    assert first.exit_code == 0, first.output
    assert "0 moved, 0 repaired, 0 orphaned" in first.output
    assert all(
        s.get("prefix") is not None for s in yaml.safe_load(yaml_path.read_text())["statements"]
    )
    build_bundle(seeds)  # the selectors check
    # The text is recaptured with corrections and a deleted sentence.
    text = text_path.read_text(encoding="utf-8")
    edits = corrected_words(text) + deleted_sentence(text) + inserted_paragraphs(text)
    text_path.write_text(apply(text, edits), encoding="utf-8")
    second = runner.invoke(args=["seed", "reanchor", ARTICLE, "--seeds", str(seeds), "--write"])
    assert second.exit_code == 0, second.output
    assert "repaired" in second.output and "old: " in second.output and "new: " in second.output
    result = reanchor_article(yaml_path)
    orphans = {f.anchor.id for f in result.results if f.status == "orphaned"}
    assert orphans
    # Only the orphans, left as they were, fail the check: every written anchor verifies.
    with pytest.raises(SeedValidationError) as failed:
        build_bundle(seeds)
    assert {error.record_id for error in failed.value.errors} == orphans


def test_reanchor_of_an_unknown_article_fails(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["seed", "reanchor", "no-such-article", "--seeds", str(tmp_path)])
    assert result.exit_code == 1
    assert "no article 'no-such-article'" in result.output
