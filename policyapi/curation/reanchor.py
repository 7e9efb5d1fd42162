"""Re-anchor an article's statements after its text file was corrected or recaptured."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policyapi.curation.anchors import Anchor, Found, reanchor
from policyapi.curation.selectors import prefix_of, suffix_of
from policyapi.curation.spans import paragraph_of, paragraphs
from policyapi.curation.yamledit import EditError, set_fields

STATUSES = ("unchanged", "moved", "repaired", "orphaned")


@dataclass
class Reanchored:
    """Each statement's fate, and the YAML text with every sure anchor updated."""

    article_id: str
    results: list[Found]
    yaml_text: str

    def counts(self) -> dict[str, int]:
        counted = Counter(found.status for found in self.results)
        return {status: counted[status] for status in STATUSES}


def _anchor(statement: dict[str, Any]) -> Anchor:
    return Anchor(
        str(statement["id"]),
        int(statement["start"]),
        int(statement["end"]),
        str(statement["text"]),
        statement.get("prefix"),
        statement.get("suffix"),
    )


def _keep_nesting(statements: list[dict[str, Any]], results: list[Found]) -> None:
    """A nested statement found outside its parent's new span is orphaned, not written."""
    by_id = {found.anchor.id: found for found in results}
    for statement, found in zip(statements, results, strict=True):
        parent = by_id.get(str(statement.get("parent")))
        if (
            found.start is None
            or found.end is None
            or parent is None
            or parent.start is None
            or parent.end is None
        ):
            continue
        if not (parent.start <= found.start and found.end <= parent.end):
            found.status, found.reason = "orphaned", "found outside its parent statement"
            found.start = found.end = found.new_text = None


def reanchor_article(yaml_path: Path) -> Reanchored:
    """Find every statement of the article again in its current text file."""
    source = yaml_path.read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    raw = (yaml_path.parent / str(data["text_file"])).read_bytes()
    text = raw.decode("utf-8")
    statements = data.get("statements") or []
    results = reanchor(text, [_anchor(s) for s in statements])
    _keep_nesting(statements, results)
    paras = paragraphs(text)
    updated = set_fields(source, None, {"text_sha256": hashlib.sha256(raw).hexdigest()})
    for found in results:
        if found.start is None or found.end is None:
            continue  # an orphan keeps its old anchor: seed check then shows it to fix by hand
        values = {
            "paragraph": paragraph_of(paras, found.start),
            "start": found.start,
            "end": found.end,
            "text": text[found.start : found.end],
            "prefix": prefix_of(text, found.start),
            "suffix": suffix_of(text, found.end),
        }
        updated = set_fields(updated, found.anchor.id, values)
    _verify(updated, results, text)
    return Reanchored(str(data["id"]), results, updated)


def _verify(updated: str, results: list[Found], text: str) -> None:
    """Read the edited YAML back: every written anchor must hold exactly the text's words."""
    statements = {str(s["id"]): s for s in yaml.safe_load(updated).get("statements") or []}
    for found in results:
        if found.start is None:
            continue
        written = statements[found.anchor.id]
        if written["text"] != text[written["start"] : written["end"]]:
            raise EditError(f"{found.anchor.id}: the edited YAML does not read back")


def report_lines(result: Reanchored) -> list[str]:
    """One line per statement (old and new words side by side when repaired), then totals."""
    lines = []
    for found in result.results:
        anchor = found.anchor
        where = f"{anchor.start}:{anchor.end}"
        if found.status == "unchanged":
            lines.append(f"{anchor.id}: unchanged at {where}")
        elif found.status == "moved":
            lines.append(f"{anchor.id}: moved {where} -> {found.start}:{found.end}")
        elif found.status == "repaired":
            lines.append(
                f"{anchor.id}: repaired ({found.method}) {where} -> {found.start}:{found.end}"
            )
            lines.append(f"    old: {anchor.text!r}")
            lines.append(f"    new: {found.new_text!r}")
        else:
            lines.append(f"{anchor.id}: orphaned ({found.reason}); the anchor is left as it was")
            lines.append(f"    old: {anchor.text!r}")
            for candidate in found.candidates:
                lines.append(
                    f"    candidate {candidate.start}:{candidate.end} ({candidate.score:.0f}%): "
                    f"{candidate.text!r}"
                )
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items())
    lines.append(f"{result.article_id}: {len(result.results)} statements: {counts}")
    return lines
