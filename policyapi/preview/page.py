"""The review page of one article's YAML: its text annotated, its links, its problems.

Works from the files as written, not from a validated bundle: the page is most useful exactly
when `seed check` finds problems, so a statement with a bad anchor or an unknown provision is
still shown (with its problem) rather than dropped.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from policyapi.preview.marks import Span, highlight
from policyapi.seeds.bundle import build_bundle, citation_id
from policyapi.seeds.errors import SeedError, SeedValidationError
from policyapi.seeds.reader import RawSeeds, SeedSyntaxError, parse_file, read_seed_tree
from policyapi.vocab import StatementKind

# Speakers are told apart by these underline colours, in order of first appearance (chosen to
# differ from one another and from the kinds' backgrounds).
SPEAKER_COLOURS = (
    "#1d4ed8",
    "#b91c1c",
    "#15803d",
    "#7e22ce",
    "#c2410c",
    "#0f766e",
    "#be185d",
    "#4d7c0f",
)
NARRATOR = "narrator"

_env = Environment(
    loader=PackageLoader("policyapi", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Problem:
    level: str  # error or warning
    text: str
    statement: str | None = None


@dataclass
class Row:
    """One paragraph of the article (and the blank lines after it), with its statements."""

    number: int
    html: Markup
    statements: list[dict[str, Any]] = field(default_factory=list)


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph (a maximal run of non-empty lines) begins, in code points."""
    starts, previous_blank = [], True
    offset = 0
    for line in text.split("\n"):
        blank = not line.strip()
        if not blank and previous_blank:
            starts.append(offset)
        previous_blank = blank
        offset += len(line) + 1
    return starts or [0]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _targets(raw: RawSeeds) -> dict[str, str]:
    """A readable label for every document and provision id in the seed tree."""
    labels: dict[str, str] = {}
    for seed in raw.documents:
        document = seed.data if isinstance(seed.data, dict) else {}
        labels[str(document.get("id"))] = str(document.get("title", ""))
        for provision in document.get("provisions") or []:
            if isinstance(provision, dict):
                number, heading = provision.get("number", ""), provision.get("heading", "")
                labels[str(provision.get("id"))] = f"{number} {heading}".strip()
    return labels


def _problems(root: Path, name: str, ids: set[str]) -> tuple[list[Problem], int]:
    """What `seed check` finds about this article, and how many problems elsewhere."""
    try:
        bundle = build_bundle(root, include_suggested=True)
        found: list[SeedError] = []
        warnings = bundle.warnings
    except SeedValidationError as exc:
        found, warnings = exc.errors, exc.warnings
    mine: list[Problem] = []
    elsewhere = 0
    for level, errors in (("error", found), ("warning", warnings)):
        for error in errors:
            if error.file == name or (error.record_id or "") in ids:
                record = error.record_id or ""
                statement = record.split("~")[0] if record else None
                mine.append(Problem(level, str(error), statement))
            elif level == "error":
                elsewhere += 1
    return mine, elsewhere


class Palette:
    """A colour per speaker, in order of first appearance."""

    def __init__(self) -> None:
        self.colours: dict[str, str] = {}

    def of(self, speaker: str) -> str:
        if speaker not in self.colours:
            index = len(self.colours) % len(SPEAKER_COLOURS)
            self.colours[speaker] = SPEAKER_COLOURS[index]
        return self.colours[speaker]


def _review(raw: RawSeeds) -> dict[str, Any]:
    """The dataset's `citation_review`: who reviewed the citations that name nobody."""
    data = raw.dataset.data if raw.dataset is not None else None
    review = data.get("citation_review") if isinstance(data, dict) else None
    return review if isinstance(review, dict) else {}


def _statement_view(
    statement: dict[str, Any], labels: dict[str, str], palette: Palette, review: dict[str, Any]
) -> dict[str, Any]:
    speaker = statement.get("speaker") or NARRATOR
    citations = []
    for citation in statement.get("citations") or []:
        if not isinstance(citation, dict):
            continue
        target = citation.get("provision") or citation.get("document")
        given = citation.get("suggested_by")
        model: dict[str, Any] = given if isinstance(given, dict) else {}
        reviewed = (citation.get("status") or "reviewed") == "reviewed"
        citations.append(
            {
                **(review if reviewed and not citation.get("reviewed_by") else {}),
                **citation,
                "target": target,
                "label": labels.get(str(target), "(unknown)"),
                "whole_document": not citation.get("provision"),
                "status": citation.get("status") or "reviewed",
                "model": f"{model.get('name', '')} {model.get('version', '')}".strip(),
                "evidence": [e for e in citation.get("evidence") or [] if isinstance(e, dict)],
            }
        )
    return {
        **statement,
        "speaker_key": speaker,
        "colour": palette.of(speaker),
        "kind_class": statement.get("kind") if statement.get("kind") in KINDS else "unknown",
        "citations": citations,
    }


KINDS = tuple(k.value for k in StatementKind)


def _mark(views: dict[str, dict[str, Any]]) -> Any:
    def open_tag(span: Span) -> Markup:
        view = views[span.key]
        return Markup(  # noqa: S704  # nosec B704  # escaped values in a fixed tag
            '<mark class="k-{kind}" style="--sp:{colour}" data-statement="{key}" title="{title}">'
        ).format(
            kind=view["kind_class"],
            colour=view["colour"],
            key=span.key,
            title=f"{view['id']}: {view.get('kind')}, {view['speaker_key']}",
        )

    return open_tag


def render(article_path: Path) -> str:
    """The review page of the article YAML at `article_path` (in a seed tree's articles/)."""
    root = article_path.resolve().parent.parent
    name = f"{article_path.parent.name}/{article_path.name}"
    try:
        article = parse_file(article_path, name)
    except SeedSyntaxError as exc:
        article, syntax = {}, [Problem("error", str(exc.error))]
    else:
        syntax = []
    article = article if isinstance(article, dict) else {}
    text = _text(article_path, article)
    statements = [s for s in article.get("statements") or [] if isinstance(s, dict)]
    ids = {str(s.get("id")) for s in statements}
    ids |= {
        citation_id(
            str(s.get("id")), str(c.get("document")), c.get("provision"), str(c.get("relation"))
        )
        for s in statements
        for c in s.get("citations") or []
        if isinstance(c, dict)
    }
    problems, elsewhere = _problems(root, name, ids)
    palette = Palette()
    raw = read_seed_tree(root)
    labels, review = _targets(raw), _review(raw)
    views = {str(s.get("id")): _statement_view(s, labels, palette, review) for s in statements}
    rows = _rows(text, statements, views)
    return _env.get_template("preview/article.html").render(
        article=article,
        name=name,
        rows=rows,
        problems=syntax + problems,
        elsewhere=elsewhere,
        speakers=palette.colours,
        kinds=KINDS,
        unplaced=[views[str(s.get("id"))] for s in statements if not _placeable(s, text)],
    )


def _text(article_path: Path, article: dict[str, Any]) -> str:
    text_file = article.get("text_file")
    if not isinstance(text_file, str):
        return ""
    path = article_path.parent / Path(text_file).name
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _placeable(statement: dict[str, Any], text: str) -> bool:
    start, end = _int(statement.get("start")), _int(statement.get("end"))
    return start is not None and end is not None and 0 <= start < end <= len(text)


def _rows(
    text: str, statements: list[dict[str, Any]], views: dict[str, dict[str, Any]]
) -> list[Row]:
    spans = [
        Span(str(s.get("id")), int(s["start"]), int(s["end"]))
        for s in statements
        if _placeable(s, text)
    ]
    starts = paragraph_starts(text)
    bounds = [0, *starts[1:], len(text)]
    open_tag = _mark(views)
    rows = []
    for number, (first, last) in enumerate(zip(bounds, bounds[1:], strict=False)):
        row = Row(number, highlight(text, first, last, spans, open_tag))
        row.statements = [views[s.key] for s in spans if first <= s.start < last]
        rows.append(row)
    return rows
