"""`policyapi preview`: one self-contained HTML page to review an article's YAML."""

import shutil
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from click.testing import CliRunner
from markupsafe import Markup

from policyapi import create_app
from policyapi.preview.command import preview_command
from policyapi.preview.marks import Span, highlight
from policyapi.preview.page import paragraph_starts
from tests.conftest import SEEDS
from tests.seedfacts import facts
from tests.test_provenance import MODEL, _suggest

# Attributes through which a page would fetch or link something.
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background"}


class Page(HTMLParser):
    """The marks' text per statement, every URL-bearing attribute, every tag and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marked: dict[str, str] = defaultdict(str)
        self.marks: list[dict[str, str]] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.open: list[str | None] = []
        self.text = ""
        # The article's own text: what the page shows inside its `.text` blocks.
        self.article = ""
        self.in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = {k: v or "" for k, v in attrs}
        self.urls.extend(v for k, v in values.items() if k in URL_ATTRIBUTES)
        if tag == "div" and values.get("class") == "text":
            self.in_article = True
        if tag == "mark":
            self.marks.append(values)
            self.open.append(values.get("data-statement"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open.pop()
        elif tag == "div":
            self.in_article = False

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.in_article:
            self.article += data
        for key in set(self.open):
            if key is not None:
                self.marked[key] += data


def preview(article: Path, out: Path) -> tuple[str, Page]:
    result = CliRunner().invoke(preview_command, [str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def _article_path(root: Path, article_id: str) -> Path:
    return root / "articles" / f"{article_id}.yaml"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.mark.parametrize("article", [a["id"] for a in facts().articles])
def test_every_statement_is_highlighted_exactly(article: str, tmp_path: Path) -> None:
    html, page = preview(_article_path(SEEDS, article), tmp_path / "page.html")
    statements = facts().statements(article)
    assert dict(page.marked) == {s["id"]: s["text"] for s in statements}
    # The article's text is all there, unchanged (the marks only wrap it).
    assert page.article == facts().article_text(article)
    by_speaker: dict[str, set[str]] = defaultdict(set)
    kinds = {s["id"]: s["kind"] for s in statements}
    speakers = {s["id"]: s.get("speaker") or "narrator" for s in statements}
    for mark in page.marks:
        key = mark["data-statement"]
        assert f"k-{kinds[key]}" in mark["class"].split()
        by_speaker[speakers[key]].add(mark["style"])
    # One colour per speaker, and different speakers' colours differ.
    assert all(len(styles) == 1 for styles in by_speaker.values())
    assert len({next(iter(s)) for s in by_speaker.values()}) == len(by_speaker)


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    article = facts().articles[0]["id"]
    html, page = preview(_article_path(SEEDS, article), tmp_path / "page.html")
    assert all(url.startswith("#") for url in page.urls)
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    lowered = html.lower()
    assert "url(" not in lowered and "@import" not in lowered
    assert "<style>" in html


def test_each_statement_lists_its_citations_with_their_status(tmp_path: Path) -> None:
    article = facts().articles[0]["id"]
    html, _ = preview(_article_path(SEEDS, article), tmp_path / "page.html")
    review = facts().dataset["citation_review"]
    for citation in facts().citations():
        if citation["article"] == article:
            assert (citation["provision"] or citation["document"]) in html
    assert f"by {review['reviewed_by']} on {review['reviewed_on']}" in html
    assert "No problem." in html


def test_problems_and_suggestions_are_shown(seeds: Path, tmp_path: Path) -> None:
    cid = _suggest(seeds)
    statement = facts().statements()[0]
    broken = facts().statements(statement["article"])[-1]
    path = _article_path(seeds, statement["article"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["statements"]:
        if entry["id"] == broken["id"]:
            entry["text"] = entry["text"] + " (edited)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html, page = preview(path, tmp_path / "page.html")
    problems = page.text[page.text.index("What seed check finds") : page.text.index("annotated")]
    assert f"error: articles/{path.name} [{broken['id']}] text: does not match" in problems
    assert f"warning: articles/{path.name} [{cid}] status: suggested by" in problems
    # The suggestion sits beside its statement with its score, model and evidence.
    assert f"score 0.73 by {MODEL['name']} {MODEL['version']}" in page.text
    assert "heading [0:4]: “word”" in page.text
    # The broken statement is still highlighted where its offsets point.
    assert broken["id"] in page.marked


def test_a_statement_outside_the_text_is_listed_apart(seeds: Path, tmp_path: Path) -> None:
    statement = facts().statements()[0]
    path = _article_path(seeds, statement["article"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0]["end"] = 10**6
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, page = preview(path, tmp_path / "page.html")
    assert data["statements"][0]["id"] not in page.marked
    assert "Statements whose offsets do not fit the text" in page.text
    assert "out of range" in page.text


def test_a_file_that_does_not_parse_is_a_page_with_its_problem(seeds: Path, tmp_path: Path) -> None:
    path = _article_path(seeds, facts().articles[0]["id"])
    path.write_text("id: [unclosed\n", encoding="utf-8")
    _, page = preview(path, tmp_path / "page.html")
    assert "malformed YAML" in page.text


def test_default_output_is_named_after_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = facts().articles[0]["id"]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(preview_command, [str(_article_path(SEEDS, article))])
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{article}.preview.html").is_file()


def test_policyapi_has_the_command() -> None:
    assert "preview" in create_app({"TESTING": True}).cli.list_commands(None)  # type: ignore[arg-type]


def _marked(text: str, spans: list[Span]) -> dict[str, str]:
    page = Page()
    tag = Markup('<mark data-statement="{}">').format
    page.feed(str(highlight(text, 0, len(text), spans, lambda s: tag(s.key))))
    assert page.text == text
    return dict(page.marked)


def test_nested_and_crossing_spans_each_cover_their_own_text() -> None:
    text = 'He said "a <b> & c" then left.'
    nested = [Span("outer", 0, 19), Span("inner", 9, 18)]
    assert _marked(text, nested) == {"outer": text[0:19], "inner": text[9:18]}
    crossing = [Span("a", 0, 12), Span("b", 5, 20)]
    assert _marked(text, crossing) == {"a": text[0:12], "b": text[5:20]}


def test_paragraphs_start_after_blank_lines() -> None:
    text = "One\nstill one\n\n\nTwo\n \nThree"
    assert paragraph_starts(text) == [0, text.index("Two"), text.index("Three")]
