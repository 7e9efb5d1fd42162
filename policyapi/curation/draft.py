"""Write an article's text and a draft of its YAML, marked for review.

The text file keeps the bytes as given; the YAML holds what the rules in statements.py found,
in the seed format, with a `review` block that `seed check` warns about and `seed load`
refuses until a person has checked every statement and removed it.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policyapi.curation.selectors import prefix_of, suffix_of
from policyapi.curation.speakers import NAME_RUN, SpeakerIndex
from policyapi.curation.statements import Drafted, draft_statements
from policyapi.curation.suggest import citation_suggester

DRAFTED_BY = "policyapi draft 1.0"
REVIEW_NOTE = (
    "Drafted by rules, not read by a person. Check each statement's span, kind, speaker, "
    "role_as_stated and said_on, resolve every `new:` speaker (add it to speakers.yaml or name "
    "an existing one), add the citations, drop statements that are not, then remove this "
    "`review` block: seed load refuses the article until then."
)
HEADER = (
    "# Article metadata and its statements. The exact text lives in the .txt file beside this "
    "one.\n# DRAFT written by `policyapi draft article`: see `review` below.\n"
)


@dataclass(frozen=True)
class ArticleMeta:
    id: str
    title: str
    publisher: str
    url: str
    published_on: str | None = None
    byline: str | None = None
    language: str = "en"


def _roles(text: str, drafted: list[Drafted], index: SpeakerIndex) -> dict[str, str]:
    """Each speaker's title as the article first wrote it ('Mayor', 'Acting ICE Director').

    A speaker keeps that title on every statement, as a reader of the article would.
    """
    roles: dict[str, str] = {}
    for match in NAME_RUN.finditer(text):
        mention = index.resolve(match.group(0), allow_new=False)
        if mention is not None and mention.role_as_stated:
            roles.setdefault(mention.speaker, mention.role_as_stated)
    for statement in drafted:
        if statement.speaker is not None and statement.speaker.role_as_stated:
            roles.setdefault(statement.speaker.speaker, statement.speaker.role_as_stated)
    return roles


def statement_records(
    meta: ArticleMeta, text: str, drafted: list[Drafted], index: SpeakerIndex
) -> list[dict[str, Any]]:
    """The drafted statements as seed records, ids in order of appearance."""
    roles = _roles(text, drafted, index)
    ids = [f"{meta.id}-s{n:02d}" for n in range(1, len(drafted) + 1)]
    records = []
    for sid, statement in zip(ids, drafted, strict=True):
        start, end = statement.span.start, statement.span.end
        mention = statement.speaker
        notes = [f"review: {note}" for note in statement.notes]
        if mention is not None and mention.is_new:
            notes.append(
                f"review: new speaker {mention.name!r}: add them to speakers.yaml as "
                f"{mention.speaker.removeprefix('new:')!r}, or name an existing speaker"
            )
        record: dict[str, Any] = {
            "id": sid,
            "kind": statement.kind.value,
            "speaker": mention.speaker if mention else None,
            "role_as_stated": roles.get(mention.speaker) if mention else None,
            "attribution": statement.attribution,
            "paragraph": statement.paragraph,
            "start": start,
            "end": end,
            "text": text[start:end],
            "prefix": prefix_of(text, start),
            "suffix": suffix_of(text, end),
            "parent": ids[statement.parent] if statement.parent is not None else None,
            "said_on": None,
            "said_on_note": "draft: not worked out; give the date the words were said",
            "notes": notes,
            "citations": citation_suggester(text[start:end], meta.id) or [],
        }
        records.append(record)
    return records


def draft_document(
    meta: ArticleMeta, raw: bytes, text_file: str, speakers: list[dict[str, Any]]
) -> dict[str, Any]:
    """The draft article record: metadata, the review marker and the statements found."""
    text = raw.decode("utf-8")
    index = SpeakerIndex.from_speakers(speakers)
    drafted = draft_statements(text, index)
    return {
        "id": meta.id,
        "title": meta.title,
        "publisher": meta.publisher,
        "url": meta.url,
        "published_on": meta.published_on,
        "byline": meta.byline,
        "language": meta.language,
        "text_file": text_file,
        "text_sha256": hashlib.sha256(raw).hexdigest(),
        "review": {"status": "draft", "drafted_by": DRAFTED_BY, "note": REVIEW_NOTE},
        "notes": [],
        "statements": statement_records(meta, text, drafted, index),
    }


def dump(document: dict[str, Any]) -> str:
    """The YAML text of a draft, laid out like the reviewed seed files."""
    body = yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return HEADER + body


def write_draft(
    seeds: Path, source: Path, meta: ArticleMeta, *, overwrite: bool = False
) -> tuple[Path, Path, dict[str, Any]]:
    """Copy the text into seeds/articles/ID.txt and write the draft seeds/articles/ID.yaml."""
    raw = source.read_bytes()
    raw.decode("utf-8")  # refuse what the loader would refuse, before writing anything
    folder = seeds / "articles"
    text_path, yaml_path = folder / f"{meta.id}.txt", folder / f"{meta.id}.yaml"
    for path in (text_path, yaml_path):
        if path.exists() and not overwrite:
            raise FileExistsError(path)
    speakers_file = seeds / "speakers.yaml"
    loaded = yaml.safe_load(speakers_file.read_text("utf-8")) if speakers_file.is_file() else {}
    document = draft_document(meta, raw, text_path.name, (loaded or {}).get("speakers") or [])
    folder.mkdir(parents=True, exist_ok=True)
    text_path.write_bytes(raw)
    yaml_path.write_text(dump(document), encoding="utf-8")
    return text_path, yaml_path, document
