"""Copy a seed tree and add data to it the way README's "Adding data" tells a curator to.

    python -m tests.extend_seeds SRC DST    (or: python tests/extend_seeds.py SRC DST)

DST (a new folder) gets a copy of SRC plus a second document, a second article with its
statements and citations, and two new speakers, all clearly fictional (Example Township,
example.org, jurisdiction `state:zz`). The release is bumped as the curator steps say: the
`version` in dataset.yaml, an entry in CHANGELOG.md, and the version and date in the
CITATION.cff beside the tree (DST's parent folder gets a copy of SRC's parent's CITATION.cff,
updated). Then `policyapi seed check DST` must pass. `make test-extended` runs the whole suite
on the result, to prove no test depends on today's particular dataset.

Offsets are computed here from the article text, in code points, so they are exact.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

DOCUMENT = "example-township-services-2026"
ARTICLE = "example-gazette-township-services-2026"
CLERK = "jordan-sample"
COUNCIL = "example-township-council"
NEWARK = "newark-fair-welcoming-2017"
FICTION = "Fictional, written for the test suite's extended seeds (tests/extend_seeds.py)."
SOURCE = "https://example.org/example-township/ordinance-2026-07"


def _provision(
    suffix: str,
    number: str,
    eid: str,
    heading: str,
    text: str,
    topics: list[str],
    parent: str | None = None,
) -> dict[str, Any]:
    return {
        "id": f"{DOCUMENT}-{suffix}",
        "number": number,
        "eid": eid,
        "parent": f"{DOCUMENT}-{parent}" if parent else None,
        "heading": heading,
        "summary": f"{text} ({FICTION})",
        "text": text,
        "topics": topics,
        "confidence": "confirmed",
        "confidence_note": "The wording is the ordinance's own (fictional).",
        "evidence": [{"url": f"{SOURCE}#{eid}", "note": f"Section {number} (fictional)."}],
    }


PROVISIONS = [
    _provision(
        "s1",
        "1",
        "sec_1",
        "Definitions and purpose",
        "In this ordinance, \u201ctownship service\u201d means any program, benefit or facility "
        "the township provides or pays for.",
        ["definitions"],
    ),
    _provision(
        "s2",
        "2",
        "sec_2",
        "Equal access to township services",
        "Every township service is open to every resident. No employee shall ask about "
        "immigration status as a condition of a service unless a law requires it.",
        ["services", "status-inquiry"],
    ),
    _provision(
        "s2a",
        "2(a)",
        "sec_2__para_a",
        "Language assistance",
        "Forms and notices shall be offered in the languages most spoken in the township.",
        ["language-access"],
        parent="s2",
    ),
    _provision(
        "s3",
        "3",
        "sec_3",
        "Confidentiality of personal information",
        "Township records of a resident\u2019s status or address are disclosed only as a law "
        "requires.",
        ["confidentiality"],
    ),
    _provision(
        "s4",
        "4",
        "sec_4",
        "Judicial warrants",
        "Staff shall not give federal immigration agents access to non-public areas or records "
        "without a judicial warrant.",
        ["warrants", "facility-access"],
    ),
    _provision(
        "s5",
        "5",
        "sec_5",
        "Annual public report",
        "The clerk shall publish each year a report of every request the township received "
        "from immigration authorities.",
        ["reporting"],
    ),
]

DOCUMENT_RECORD: dict[str, Any] = {
    "id": DOCUMENT,
    "title": "Example Township Equal Access to Services Ordinance",
    "doc_type": "ordinance",
    "official_number": "Ordinance 2026-07",
    "jurisdiction": {
        "name": "Example Township (fictional)",
        "ocd_id": "ocd-division/country:us/state:zz/place:example_township",
    },
    "issuer": "Township Council of Example Township",
    "signed_on": "2026-03-02",
    "status": "in_force",
    "numbering": "official",
    "numbering_note": "Section numbers are the ordinance's own.",
    "language": "en",
    "summary": "Opens every township service to every resident, limits status questions and "
    f"disclosure, and requires judicial warrants for access. {FICTION}",
    "sources": [{"url": SOURCE, "note": "The ordinance as adopted (fictional)."}],
    "provisions": PROVISIONS,
}

SPEAKERS: list[dict[str, Any]] = [
    {
        "id": CLERK,
        "name": "Jordan Sample",
        "kind": "person",
        "roles": [
            {
                "title": "Township Clerk",
                "organization": "Example Township (fictional)",
                "start": "2024-01",
                "end": None,
            }
        ],
        "notes": [FICTION],
    },
    {
        "id": COUNCIL,
        "name": "Example Township Council",
        "kind": "organization",
        "roles": [],
        "notes": [FICTION],
    },
]

# Written for these tests: curly quotes, an em dash, accents, and no trailing newline.
ARTICLE_TEXT = (
    "EXAMPLE TOWNSHIP \u2014 The township council on Monday adopted Ordinance 2026-07, which "
    "opens every township service to every resident and keeps residents\u2019 personal "
    "information private unless a judge signs a warrant.\n"
    "\n"
    "\u201cEvery resident, every service \u2014 that is the whole ordinance,\u201d said Township "
    "Clerk Jordan Sample, who drafted it. \u201cWhen the council voted, President In\u00e9s "
    "Ortiz read out the line that matters most: \u2018no one should fear asking the township "
    "for help.\u2019\u201d\n"
    "\n"
    "Sample said the ordinance\u2019s language-assistance rule, section 2(a), was written "
    "after residents told the council that forms were printed only in English.\n"
    "\n"
    "The warrant rule in section 4 borrows from Newark\u2019s 2017 \u201cFair and Welcoming "
    "City\u201d order, which the clerk called \u201cthe model every town in the region has "
    "read.\u201d"
)


def _cite(
    provision: str | None, relation: str, why: str, document: str = DOCUMENT
) -> dict[str, Any]:
    """A citation of `provision` (an id suffix in DOCUMENT, or a full id), or of `document`."""
    if provision and document == DOCUMENT:
        provision = f"{DOCUMENT}-{provision}"
    return {
        "document": document,
        "provision": provision,
        "relation": relation,
        "justification": why,
    }


# (number, kind, speaker, role, attribution, exact text, parent number, citations)
STATEMENTS: list[
    tuple[int, str, str | None, str | None, str | None, str, int | None, list[Any]]
] = [
    (
        1,
        "narration",
        None,
        None,
        "narrator (article)",
        "The township council on Monday adopted Ordinance 2026-07, which opens every township "
        "service to every resident and keeps residents\u2019 personal information private "
        "unless a judge signs a warrant.",
        None,
        [_cite(None, "describes", "Summarises the ordinance as a whole.")],
    ),
    (
        2,
        "direct_quote",
        CLERK,
        "Township Clerk",
        "said Township Clerk Jordan Sample",
        "Every resident, every service \u2014 that is the whole ordinance,",
        None,
        [_cite("s2", "defends", "Presents equal access (section 2) as the ordinance's point.")],
    ),
    (
        3,
        "direct_quote",
        CLERK,
        "Township Clerk",
        "(continuing the quote)",
        "When the council voted, President In\u00e9s Ortiz read out the line that matters "
        "most: \u2018no one should fear asking the township for help.\u2019",
        None,
        [_cite(None, "defends", "Argues for the ordinance as a whole.")],
    ),
    (
        4,
        "direct_quote",
        COUNCIL,
        "council",
        "read out by President In\u00e9s Ortiz",
        "no one should fear asking the township for help.",
        3,
        [_cite("s2", "defends", "The line the council read out in support of section 2.")],
    ),
    (
        5,
        "paraphrase",
        CLERK,
        "Township Clerk",
        "Sample said",
        "the ordinance\u2019s language-assistance rule, section 2(a), was written after "
        "residents told the council that forms were printed only in English.",
        None,
        [_cite("s2a", "describes", "Gives the reason for section 2(a).")],
    ),
    (
        6,
        "narration",
        None,
        None,
        "narrator (article)",
        "The warrant rule in section 4 borrows from Newark\u2019s 2017 \u201cFair and Welcoming "
        "City\u201d order",
        None,
        [
            _cite("s4", "describes", "Names section 4's warrant rule."),
            _cite(
                f"{NEWARK}-n02",
                "mentions",
                "Names the Newark order's judicial-warrant rule as the model.",
                document=NEWARK,
            ),
            _cite(None, "mentions", "Refers to the Newark order as a whole.", document=NEWARK),
        ],
    ),
]


def _paragraph(text: str, offset: int) -> int:
    """0-based paragraph (a maximal run of non-empty lines) holding `offset`."""
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\S.*(?:\n[ \t]*\S.*)*", text)]
    return sum(1 for start in starts if start <= offset) - 1


def _statements(text: str) -> list[dict[str, Any]]:
    spans: dict[int, tuple[int, int]] = {}
    records = []
    for number, kind, speaker, role, attribution, exact, parent, citations in STATEMENTS:
        # Search from the parent's start, so a nested quote finds the span inside its parent.
        start = text.index(exact, spans[parent][0] if parent else 0)
        end = start + len(exact)
        spans[number] = (start, end)
        records.append(
            {
                "id": f"{ARTICLE}-s{number:02d}",
                "kind": kind,
                "speaker": speaker,
                "role_as_stated": role,
                "attribution": attribution,
                "paragraph": _paragraph(text, start),
                "start": start,
                "end": end,
                "text": exact,
                "parent": f"{ARTICLE}-s{parent:02d}" if parent else None,
                "said_on": "2026-03-02",
                "said_on_note": "The council meeting of Monday 2 March 2026 (fictional).",
                "notes": [],
                "citations": citations,
            }
        )
    return records


def _article(text: str) -> dict[str, Any]:
    return {
        "id": ARTICLE,
        "title": "Example Township adopts \u2018every resident, every service\u2019 ordinance",
        "publisher": "The Example Gazette (fictional)",
        "url": "https://example.org/gazette/2026/03/township-services-ordinance",
        "url_note": FICTION,
        "published_on": "2026-03",
        "published_on_note": None,
        "byline": "Staff writer (fictional)",
        "credit": None,
        "language": "en",
        "text_file": f"{ARTICLE}.txt",
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "notes": [FICTION, "Paragraphs are maximal runs of non-empty lines, 0-based."],
        "statements": _statements(text),
    }


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _write_yaml(path: Path, comment: str, data: Any) -> None:
    path.write_text(f"# {comment}\n{_dump(data)}", encoding="utf-8")


def add_speakers(seeds: Path) -> None:
    """Append the new speakers to speakers.yaml, keeping the curated file as it is."""
    path = seeds / "speakers.yaml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))["speakers"]
    entries = "".join(f"  {line}\n" if line else "\n" for line in _dump(SPEAKERS).splitlines())
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entries, "utf-8")
    after = yaml.safe_load(path.read_text(encoding="utf-8"))["speakers"]
    assert after == before + SPEAKERS, "speakers.yaml did not take the new entries"


def bump_minor(version: str) -> str:
    """1.4.2 -> 1.5.0: CHANGELOG.md's rule for a release that adds records."""
    major, minor, _patch = (int(part) for part in version.split("."))
    return f"{major}.{minor + 1}.0"


def bump_version(seeds: Path) -> str:
    path = seeds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["version"]
    new = bump_minor(str(old))
    path.write_text(re.sub(r"(?m)^version: .*$", f"version: {new}", text, count=1), "utf-8")
    return new


def add_changelog_entry(seeds: Path, version: str, released: str) -> None:
    path = seeds / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    statements = len(STATEMENTS)
    citations = sum(len(s[-1]) for s in STATEMENTS)
    added = (
        f"Added (fictional, for the test suite): Example Township Ordinance 2026-07 as "
        f"{len(PROVISIONS)} provisions with official numbering (one nested), and an article of "
        f"The Example Gazette with {statements} statements and {citations} citations, some of "
        f"them to the Newark order."
    )
    bullets = [added, f"{len(SPEAKERS)} speakers added."]
    items = "".join(
        textwrap.fill(b, 96, initial_indent="- ", subsequent_indent="  ") + "\n" for b in bullets
    )
    entry = f"## {version} \u2014 {released}\n\n{items}\n"
    first = text.index("\n## ") + 1
    path.write_text(text[:first] + entry + text[first:], encoding="utf-8")


def update_citation_cff(src: Path, dst: Path, version: str, released: str) -> None:
    """CITATION.cff (beside the seed tree) must name the release: tests/test_citation_meta.py."""
    source = src.parent / "CITATION.cff"
    if not source.is_file():
        return
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", f"version: {version}", text, count=1)
    text = re.sub(r"(?m)^date-released: .*$", f'date-released: "{released}"', text, count=1)
    (dst.parent / "CITATION.cff").write_text(text, encoding="utf-8")


def seed_check(seeds: Path) -> str:
    """Run `policyapi seed check` on the tree; raise with its output if it fails."""
    command = Path(sys.executable).parent / "policyapi"
    args = [str(command)] if command.exists() else [sys.executable, "-m", "policyapi.cli"]
    # The check writes nothing; an in-memory database keeps it away from any real one.
    env = {**os.environ, "DATABASE_URL": "sqlite://"}
    result = subprocess.run(  # noqa: S603  # nosec B603  # our own command
        [*args, "seed", "check", str(seeds)], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"policyapi seed check {seeds} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def name_division(seeds: Path, ocd_id: str, name: str) -> None:
    """Name a division no document names yet, as the curator steps say (vocabularies.yaml)."""
    path = seeds / "vocabularies.yaml"
    entry = f"  - ocd_id: {ocd_id}\n    name: {name}\n"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, "utf-8")
    divisions = yaml.safe_load(path.read_text(encoding="utf-8"))["jurisdictions"]
    assert {"ocd_id": ocd_id, "name": name} in divisions, "vocabularies.yaml did not take it"


def extend_seeds(src: Path, dst: Path) -> None:
    """Copy the seed tree at `src` to `dst` (a new folder) and add a document and an article."""
    src, dst = src.resolve(), dst.resolve()
    if dst.parent == src.parent:
        raise ValueError("DST must be in another folder than SRC: its CITATION.cff is rewritten")
    shutil.copytree(src, dst)
    # Another jurisdiction's order.
    _write_yaml(
        dst / "documents" / f"{DOCUMENT}.yaml",
        f"A fictional ordinance for the test suite's extended seeds. {FICTION}",
        DOCUMENT_RECORD,
    )
    name_division(dst, "ocd-division/country:us/state:zz", "State of Example (fictional)")
    # Another article: the exact text, then its metadata and statements; new speakers.
    (dst / "articles" / f"{ARTICLE}.txt").write_bytes(ARTICLE_TEXT.encode("utf-8"))
    _write_yaml(
        dst / "articles" / f"{ARTICLE}.yaml",
        "A fictional article and its statements. The exact text is in the .txt beside this.",
        _article(ARTICLE_TEXT),
    )
    add_speakers(dst)
    # Check, bump the version, note the change (and the citation metadata that names it).
    seed_check(dst)
    released = datetime.now(UTC).date().isoformat()
    version = bump_version(dst)
    add_changelog_entry(dst, version, released)
    update_citation_cff(src, dst, version, released)
    seed_check(dst)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)  # noqa: T201
        return 2
    src, dst = Path(argv[0]), Path(argv[1])
    extend_seeds(src, dst)
    print(f"{dst}: {seed_check(dst)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
