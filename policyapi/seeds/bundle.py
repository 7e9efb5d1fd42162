"""Turn parsed seed files into table rows, checking every cross-record rule.

The result is a Bundle: the exact rows each table must hold. Nothing here touches a database.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from marshmallow import Schema, ValidationError

import policyapi.models  # noqa: F401  (every table's columns)
from policyapi.models.document import first_full_date
from policyapi.models.jurisdiction import divisions_of
from policyapi.seeds.changelog import entry_for
from policyapi.seeds.errors import SeedError, SeedValidationError
from policyapi.seeds.provenance import (
    apply_review,
    provenance,
    unreviewed,
    withhold_suggestions,
)
from policyapi.seeds.reader import RawSeeds, SeedFile, read_seed_tree
from policyapi.seeds.schemas import (
    ArticleFileSchema,
    DatasetFileSchema,
    DocumentFileSchema,
    SpeakersFileSchema,
    VocabulariesFileSchema,
)
from policyapi.seeds.versions import current, link_citations, version_rows
from policyapi.validation import flatten_messages
from policyapi.vocab import SIGNING_EVENTS, CitationStatus, EventType, TextState

CHANGELOG = "CHANGELOG.md"
# A drafted statement's speaker no speakers.yaml record holds yet (policyapi draft article).
NEW_SPEAKER = "new:"
# Code points of context kept on each side of a statement (W3C TextQuoteSelector).
QUOTE_CONTEXT = 32
# Tables in the order rows can be inserted (parents before children).
TABLE_ORDER = (
    "topics",
    "doc_types",
    "jurisdictions",
    "speakers",
    "documents",
    "document_actors",
    "document_relations",
    "provisions",
    "provision_versions",
    "provision_topics",
    "provision_correspondences",
    "articles",
    "statements",
    "citations",
)


@dataclass
class Bundle:
    """Rows per table, plus the dataset release they form."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLE_ORDER}
    )
    dataset: dict[str, Any] = field(default_factory=dict)
    # The release's CHANGELOG.md entry: what a curator wrote about it.
    notes: str = ""
    # What a curator should see but does not stop a check: drafts, new speakers in them.
    warnings: list[SeedError] = field(default_factory=list)
    # Articles still marked `review: draft`: seed load refuses the bundle while there are any.
    drafts: list[str] = field(default_factory=list)
    # Suggested citations the files hold but this bundle leaves out (published only on request).
    withheld: int = 0

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def citation_id(
    statement_id: str, document_id: str, provision_id: str | None, relation: str
) -> str:
    """Stable id of a citation: one per (statement, target, relation)."""
    return f"{statement_id}~{provision_id or document_id}~{relation}"


def relation_id(subject_id: str, relation: str, object_id: str) -> str:
    """Stable id of a document relation: one per (subject, relation, object)."""
    return f"{subject_id}~{relation}~{object_id}"


def correspondence_id(provision_id: str, corresponding_id: str) -> str:
    """Stable id of a correspondence: one per ordered pair of provisions."""
    return f"{provision_id}~{corresponding_id}"


def signing_date(events: Sequence[dict[str, Any]]) -> str | None:
    """The full date of the first `signed` event, else of the first `issued` one."""
    return first_full_date(events, SIGNING_EVENTS)


def _record_id(data: Any, path: Sequence[Any]) -> str | None:
    """The `id` of the innermost record along a marshmallow error path, if any."""
    found = data.get("id") if isinstance(data, dict) else None
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return str(found) if isinstance(found, str) else None


def _load(schema: Schema, seed: SeedFile, errors: list[SeedError]) -> Any:
    """Validate one file with its schema; record precise errors and return None on failure."""
    if not isinstance(seed.data, dict):
        errors.append(SeedError(seed.name, None, None, "must be a mapping at the top level"))
        return None
    try:
        return schema.load(seed.data)
    except ValidationError as exc:
        for path, message in flatten_messages(exc.messages):
            field_path = ".".join(str(p) for p in path if not isinstance(p, int)) or None
            errors.append(SeedError(seed.name, _record_id(seed.data, path), field_path, message))
        return None


class _Builder:
    """Accumulates rows and errors over all files."""

    def __init__(self, raw: RawSeeds) -> None:
        self.raw = raw
        self.errors: list[SeedError] = list(raw.errors)
        self.bundle = Bundle()
        self.seen: dict[str, dict[str, str]] = {name: {} for name in TABLE_ORDER}
        self.provision_document: dict[str, str] = {}
        self.relations: list[dict[str, Any]] = []
        self.division_names: dict[str, str] = {}
        # Document relations and provision correspondences name records of any file: they are
        # resolved once every document has been read. (file, record id, entry)
        self.pending_relations: list[tuple[str, str, list[dict[str, Any]]]] = []
        self.pending_correspondences: list[tuple[str, str, list[dict[str, Any]]]] = []
        # Versions made by another document's event: (file, provision id, document id).
        self.pending_instruments: list[tuple[str, str, str]] = []
        # Provision ids defined in more than one document file: reported once, naming the
        # files, and every reference to them is left unchecked (it cannot be resolved).
        self.ambiguous: set[str] = set()
        # Checks against the vocabularies only mean something once that file has loaded.
        self.vocabularies_loaded = False

    def duplicate_provision_ids(self, documents: Sequence[SeedFile]) -> None:
        """Provision ids are unique across documents: one error per id, naming every file."""
        files: dict[str, list[str]] = {}
        for seed in documents:
            provisions = seed.data.get("provisions") if isinstance(seed.data, dict) else None
            ids = {p.get("id") for p in provisions or [] if isinstance(p, dict)}
            for pid in ids:
                if isinstance(pid, str):
                    files.setdefault(pid, []).append(seed.name)
        for pid, where in files.items():
            if len(where) > 1:
                self.ambiguous.add(pid)
                self.error(
                    where[-1],
                    pid,
                    "id",
                    f"provision id {pid!r} is defined in {' and '.join(where)}: provision ids "
                    "are unique across documents; rename one of them",
                )

    def error(self, file: str, record: str | None, field_: str | None, message: str) -> None:
        self.errors.append(SeedError(file, record, field_, message))

    def warn(self, file: str, record: str | None, field_: str | None, message: str) -> None:
        self.bundle.warnings.append(SeedError(file, record, field_, message))

    def add(self, table: str, row: dict[str, Any], file: str) -> bool:
        """Add a row unless its id is already taken; report where the first one was."""
        key = str(row["id"])
        first = self.seen[table].get(key)
        if first is not None:
            self.error(file, key, "id", f"duplicate id (first defined in {first})")
            return False
        self.seen[table][key] = file
        self.bundle.tables[table].append(row)
        return True

    def vocabularies(self, seed: SeedFile) -> None:
        data = _load(VocabulariesFileSchema(), seed, self.errors)
        if data is None:
            return
        self.vocabularies_loaded = True
        for position, term in enumerate(data["topics"]):
            self.add("topics", {**term, "position": position}, seed.name)
        for position, term in enumerate(data["doc_types"]):
            self.add("doc_types", {**term, "position": position}, seed.name)
        for division in data["jurisdictions"]:
            ocd_id, name = division["ocd_id"], division["name"]
            known = self.division_names.setdefault(ocd_id, name)
            if known != name:
                self.error(
                    seed.name,
                    ocd_id,
                    "jurisdictions.name",
                    f"{ocd_id} is listed twice, as {known!r} and {name!r}: one division, one name",
                )
        self.relations = data["relations"]

    def speakers(self, seed: SeedFile) -> None:
        data = _load(SpeakersFileSchema(), seed, self.errors)
        for speaker in (data or {}).get("speakers", []):
            self.add("speakers", speaker, seed.name)

    def document(self, seed: SeedFile) -> None:
        data = _load(DocumentFileSchema(), seed, self.errors)
        if data is None:
            return
        provisions = data.pop("provisions")
        jurisdiction = data.pop("jurisdiction")
        actors, relations = data.pop("actors"), data.pop("relations")
        document_id = data["id"]
        events = self._events(seed.name, document_id, data.pop("signed_on"), data["events"])
        signed_on = signing_date(events)
        if self.vocabularies_loaded and data["doc_type"] not in self.seen["doc_types"]:
            self.error(
                seed.name,
                document_id,
                "doc_type",
                f"unknown doc_type {data['doc_type']!r}; add it to vocabularies.yaml doc_types "
                "or use one of: " + ", ".join(self.seen["doc_types"]),
            )
        row = {
            **data,
            "events": events,
            "jurisdiction_name": jurisdiction["name"],
            "jurisdiction_ocd_id": jurisdiction["ocd_id"],
            "signed_on": date.fromisoformat(signed_on) if signed_on else None,
        }
        if not self.add("documents", row, seed.name):
            return
        self._jurisdiction(seed.name, document_id, jurisdiction)
        self._actors(seed.name, document_id, actors)
        self.pending_relations.append((seed.name, document_id, relations))
        self._provisions(seed.name, document_id, data["numbering"], events, provisions)

    def _events(
        self, file: str, document_id: str, signed_on: str | None, events: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """A document's events; a file giving only `signed_on` gets the one `signed` event."""
        if not events:
            return (
                [{"type": EventType.SIGNED.value, "date": signed_on, "note": None, "sources": []}]
                if signed_on
                else []
            )
        derived = signing_date(events)
        if signed_on is not None and signed_on != derived:
            said = (
                f"say {derived}" if derived else "have no signed or issued event with a full date"
            )
            self.error(
                file,
                document_id,
                "signed_on",
                f"is {signed_on}, but the events {said}: signed_on is derived from the "
                "signed (else issued) event; drop it or make them agree",
            )
        return events

    def _jurisdiction(self, file: str, document_id: str, jurisdiction: dict[str, str]) -> None:
        ocd_id, name = jurisdiction["ocd_id"], jurisdiction["name"]
        known = self.division_names.setdefault(ocd_id, name)
        if known != name:
            self.error(
                file,
                document_id,
                "jurisdiction.name",
                f"{ocd_id} is already named {known!r}, not {name!r}: one division, one name",
            )

    def _actors(self, file: str, document_id: str, actors: list[dict[str, Any]]) -> None:
        seen: set[tuple[str, str]] = set()
        for position, actor in enumerate(actors):
            speaker, role = actor["speaker"], actor["role"]
            if speaker not in self.seen["speakers"]:
                self.error(
                    file,
                    document_id,
                    "actors.speaker",
                    f"unknown speaker {speaker!r}; add the person or organization to speakers.yaml",
                )
            elif (speaker, role) in seen:
                self.error(file, document_id, "actors", f"{speaker!r} is listed twice as {role}")
            else:
                seen.add((speaker, role))
                self.bundle.tables["document_actors"].append(
                    {
                        "document_id": document_id,
                        "speaker_id": speaker,
                        "role": role,
                        "position": position,
                    }
                )

    def _structure(self, file: str, provisions: list[dict[str, Any]]) -> None:
        """A document's outline must be a tree, listed parents first, eids following parents."""
        index = {p["id"]: i for i, p in enumerate(provisions)}
        by_id = {p["id"]: p for p in provisions}
        loops: set[frozenset[str]] = set()  # each reported once, at its first member
        for i, provision in enumerate(provisions):
            pid, parent = provision["id"], provision["parent"]
            if parent is None or parent not in index:
                continue
            if parent == pid:
                self.error(file, pid, "parent", "a provision cannot be its own parent")
                continue
            chain = [pid]
            while parent is not None and parent in by_id and parent not in chain:
                chain.append(parent)
                parent = by_id[parent]["parent"]
            if parent in chain:
                members = chain[chain.index(parent) :]
                if frozenset(members) not in loops:
                    loops.add(frozenset(members))
                    loop = " -> ".join([*members, parent])
                    self.error(file, pid, "parent", f"the parent chain loops: {loop}")
                continue
            parent_row = by_id[provision["parent"]]
            if index[parent_row["id"]] > i:
                self.error(
                    file,
                    pid,
                    "parent",
                    f"listed before its parent {parent_row['id']!r}: list a parent first",
                )
            if not provision["eid"].startswith(parent_row["eid"] + "__"):
                self.error(
                    file,
                    pid,
                    "eid",
                    f"eid {provision['eid']!r} does not continue its parent's "
                    f"{parent_row['eid']!r} (expected {parent_row['eid']}__...)",
                )

    def _provisions(
        self,
        file: str,
        document_id: str,
        numbering: str,
        events: list[dict[str, Any]],
        provisions: list[dict[str, Any]],
    ) -> None:
        ids = {p["id"] for p in provisions}
        for eid, count in Counter(p["eid"] for p in provisions).items():
            if count > 1:
                self.error(
                    file, document_id, "provisions.eid", f"eid {eid!r} is used {count} times"
                )
        self._structure(file, provisions)
        known_topics = self.seen["topics"]
        for position, provision in enumerate(provisions):
            pid = provision["id"]
            parent = provision.pop("parent")
            topics = provision.pop("topics")
            if parent is not None and parent not in ids:
                self.error(file, pid, "parent", f"unknown provision {parent!r} in this document")
            for topic in topics:
                if self.vocabularies_loaded and topic not in known_topics:
                    self.error(
                        file,
                        pid,
                        "topics",
                        f"unknown topic {topic!r}; add it to vocabularies.yaml or use one of: "
                        + ", ".join(sorted(known_topics)),
                    )
            for topic, count in Counter(topics).items():
                if count > 1:
                    self.error(file, pid, "topics", f"topic {topic!r} listed {count} times")
            correspondences = provision.pop("correspondences")
            versions = provision.pop("versions")
            if pid in self.ambiguous:
                continue
            if versions:
                provision = current(provision, versions)
            row = {
                **provision,
                "document_id": document_id,
                "parent_id": parent,
                "position": position,
                # The document's numbering is each provision's default.
                "label_scheme": provision["label_scheme"] or numbering,
                "position_basis": provision["position_basis"] or numbering,
                "text_state": provision["text_state"]
                or (TextState.FULL if provision["text"] else TextState.NOT_READ).value,
            }
            if self.add("provisions", row, file):
                self.provision_document[pid] = document_id
                self._versions(file, pid, versions or [], events)
                self.pending_correspondences.append((file, pid, correspondences))
                for topic in dict.fromkeys(topics):
                    self.bundle.tables["provision_topics"].append(
                        {"provision_id": pid, "topic_id": topic}
                    )

    def _versions(
        self, file: str, pid: str, versions: list[dict[str, Any]], events: list[dict[str, Any]]
    ) -> None:
        def report(field_: str, message: str) -> None:
            self.error(file, pid, field_, message)

        for row in version_rows(pid, versions, events, report):
            if row["made_by_document_id"] is not None:
                self.pending_instruments.append((file, pid, row["made_by_document_id"]))
            self.add("provision_versions", row, file)

    def version_instruments(self) -> None:
        """A version made by another document names one of the dataset."""
        for file, pid, document_id in self.pending_instruments:
            if document_id not in self.seen["documents"]:
                self.error(
                    file, pid, "versions.made_by.document", f"unknown document {document_id!r}"
                )

    def article(self, seed: SeedFile) -> None:
        data = _load(ArticleFileSchema(), seed, self.errors)
        if data is None:
            return
        article_text = self._article_text(seed, data)
        statements = data.pop("statements")
        data.pop("text_file")
        draft = data.pop("review") is not None
        if article_text is None:
            return
        if not self.add("articles", {**data, "text": article_text}, seed.name):
            return
        if draft:
            self.bundle.drafts.append(data["id"])
            self.warn(
                seed.name,
                data["id"],
                "review",
                "an unreviewed draft: check every statement, then remove the review block "
                "(seed load refuses the article until then)",
            )
        self._statements(seed.name, data["id"], article_text, statements, draft=draft)

    def _article_text(self, seed: SeedFile, data: dict[str, Any]) -> str | None:
        path = seed.path.parent / str(data["text_file"])
        if not path.is_file():
            self.error(seed.name, data["id"], "text_file", f"file {data['text_file']!r} not found")
            return None
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != data["text_sha256"]:
            self.error(
                seed.name,
                data["id"],
                "text_sha256",
                f"{data['text_file']} has sha256 {digest}, but {data['text_sha256']} is recorded",
            )
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.error(seed.name, data["id"], "text_file", f"not valid UTF-8: {exc.reason}")
            return None

    def _statements(
        self,
        file: str,
        article_id: str,
        article_text: str,
        statements: list[dict[str, Any]],
        *,
        draft: bool = False,
    ) -> None:
        ids = {s["id"] for s in statements}
        spans = {s["id"]: (s["start"], s["end"]) for s in statements}
        for statement in statements:
            sid = statement["id"]
            citations = statement.pop("citations")
            start, end = statement.pop("start"), statement.pop("end")
            speaker, parent = statement.pop("speaker"), statement.pop("parent")
            selector = statement.pop("prefix"), statement.pop("suffix")
            self._check_span(file, sid, article_text, start, end, statement["text"])
            self._check_selector(file, sid, article_text, start, end, selector)
            if speaker is not None and speaker.startswith(NEW_SPEAKER) and draft:
                self.warn(
                    file,
                    sid,
                    "speaker",
                    f"{speaker!r} is a new speaker stub: add it to "
                    "speakers.yaml and use its id, or name an existing speaker",
                )
                speaker = None
            elif speaker is not None and speaker not in self.seen["speakers"]:
                self.error(file, sid, "speaker", f"unknown speaker {speaker!r}")
            if parent is not None:
                self._check_parent(file, sid, parent, ids, spans, (start, end))
            row = {
                **statement,
                "article_id": article_id,
                "speaker_id": speaker,
                "parent_id": parent,
                "start_offset": start,
                "end_offset": end,
                "prefix": article_text[max(0, start - QUOTE_CONTEXT) : start],
                "suffix": article_text[end : end + QUOTE_CONTEXT],
            }
            if self.add("statements", row, file):
                self._citations(file, sid, citations)

    def _check_span(
        self, file: str, sid: str, article_text: str, start: int, end: int, text: str
    ) -> None:
        if end <= start:
            self.error(file, sid, "end", f"end ({end}) must be greater than start ({start})")
        elif end > len(article_text):
            self.error(
                file,
                sid,
                "end",
                f"offset {end} is out of range: the article has {len(article_text)} code points",
            )
        elif article_text[start:end] != text:
            self.error(
                file,
                sid,
                "text",
                f"does not match the article at {start}:{end}: "
                f"statement has {text!r}, article has {article_text[start:end]!r}",
            )

    def _check_selector(
        self,
        file: str,
        sid: str,
        article_text: str,
        start: int,
        end: int,
        selector: tuple[str | None, str | None],
    ) -> None:
        """A recorded TextQuoteSelector context must be the text around the statement."""
        prefix, suffix = selector
        if prefix is not None and article_text[max(0, start - len(prefix)) : start] != prefix:
            self.error(file, sid, "prefix", f"{prefix!r} is not the text before offset {start}")
        if suffix is not None and article_text[end : end + len(suffix)] != suffix:
            self.error(file, sid, "suffix", f"{suffix!r} is not the text after offset {end}")

    def _check_parent(
        self,
        file: str,
        sid: str,
        parent: str,
        ids: set[str],
        spans: dict[str, tuple[int, int]],
        span: tuple[int, int],
    ) -> None:
        if parent == sid:
            self.error(file, sid, "parent", "a statement cannot be its own parent")
        elif parent not in ids:
            self.error(file, sid, "parent", f"unknown statement {parent!r} in this article")
        elif not (spans[parent][0] <= span[0] and span[1] <= spans[parent][1]):
            self.error(
                file, sid, "parent", f"span {span} lies outside its parent's {spans[parent]}"
            )

    def _citations(self, file: str, sid: str, citations: list[dict[str, Any]]) -> None:
        for position, citation in enumerate(citations):
            document_id, provision_id = citation["document"], citation["provision"]
            if document_id not in self.seen["documents"]:
                self.error(file, sid, "citations.document", f"unknown document {document_id!r}")
                continue
            if provision_id in self.ambiguous:
                continue
            if provision_id is not None:
                owner = self.provision_document.get(provision_id)
                if owner is None:
                    self.error(
                        file, sid, "citations.provision", f"unknown provision {provision_id!r}"
                    )
                    continue
                if owner != document_id:
                    self.error(
                        file,
                        sid,
                        "citations.provision",
                        f"provision {provision_id!r} belongs to {owner!r}, not {document_id!r}",
                    )
                    continue
            row = {
                "id": citation_id(sid, document_id, provision_id, citation["relation"]),
                "statement_id": sid,
                "document_id": document_id,
                "provision_id": provision_id,
                "relation": citation["relation"],
                "justification": citation["justification"],
                "position": position,
                **provenance(citation),
            }
            if self.add("citations", row, file) and row["status"] == CitationStatus.SUGGESTED:
                self.bundle.warnings.append(
                    SeedError(file, row["id"], "status", unreviewed(citation))
                )

    def document_relations(self) -> None:
        """Each relation names an existing other document, once."""
        for file, subject, relations in self.pending_relations:
            for position, relation in enumerate(relations):
                target, kind = relation["document"], relation["relation"]
                where = (file, subject, "relations.document")
                if target == subject:
                    self.error(*where, "a document cannot relate to itself")
                elif target not in self.seen["documents"]:
                    self.error(*where, f"unknown document {target!r}")
                else:
                    row = {
                        "id": relation_id(subject, kind, target),
                        "subject_id": subject,
                        "relation": kind,
                        "object_id": target,
                        "note": relation["note"],
                        "evidence": relation["evidence"],
                        "position": position,
                    }
                    self.add("document_relations", row, file)

    def provision_correspondences(self) -> None:
        """Each correspondence names an existing provision of another document, once per pair."""
        pairs: dict[frozenset[str], str] = {}
        for file, pid, correspondences in self.pending_correspondences:
            for position, entry in enumerate(correspondences):
                target = entry["provision"]
                if target in self.ambiguous:
                    continue
                where = (file, pid, "correspondences.provision")
                owner = self.provision_document.get(target)
                pair = frozenset((pid, target))
                if owner is None:
                    self.error(*where, f"unknown provision {target!r}")
                elif owner == self.provision_document.get(pid):
                    self.error(
                        *where,
                        f"{target!r} is in the same document: correspondences line up "
                        "provisions of different documents (use parent for structure)",
                    )
                elif pair in pairs:
                    self.error(
                        *where,
                        f"{pid} and {target} already correspond (stated at {pairs[pair]}); "
                        "state a pair once, from either side",
                    )
                else:
                    pairs[pair] = pid
                    row = {
                        "id": correspondence_id(pid, target),
                        "provision_id": pid,
                        "corresponding_id": target,
                        "scope": entry["scope"],
                        "confidence": entry["confidence"],
                        "note": entry["note"],
                        "position": position,
                    }
                    self.add("provision_correspondences", row, file)

    def jurisdictions(self) -> None:
        """Every document's division and every division above it, each named once."""
        rows: dict[str, dict[str, Any]] = {}
        for document in self.bundle.tables["documents"]:
            chain = divisions_of(document["jurisdiction_ocd_id"])
            for depth, division in enumerate(chain):
                if division in rows:
                    rows[division]["document_count"] += 1
                    continue
                name = self.division_names.get(division)
                if name is None and self.vocabularies_loaded:
                    self.error(
                        self.seen["documents"][document["id"]],
                        document["id"],
                        "jurisdiction.ocd_id",
                        f"the division {division!r} above it has no name: add "
                        f"{{ocd_id: {division}, name: ...}} to vocabularies.yaml jurisdictions",
                    )
                rows[division] = {
                    "id": division,
                    "name": name or division,
                    "parent_id": chain[depth - 1] if depth else None,
                    "depth": depth,
                    "document_count": 1,
                }
        self.bundle.tables["jurisdictions"] = sorted(
            rows.values(), key=lambda row: (row["depth"], row["id"])
        )

    def check_lengths(self) -> None:
        """Every text fits its column: what the database would refuse is refused here first.

        (SQLite does not enforce VARCHAR lengths, PostgreSQL does; a seed must load on both.)
        """
        for name, rows in self.bundle.tables.items():
            limits = {
                column.name: length
                for column in SQLModel.metadata.tables[name].columns
                if (length := getattr(column.type, "length", None))
            }
            for row in rows:
                for column, most in limits.items():
                    value = row.get(column)
                    if isinstance(value, str) and len(value) > most:
                        record = str(row.get("id") or row.get(column))
                        file = self.seen[name].get(record, name)
                        self.error(
                            file, record, column, f"is {len(value)} characters; at most {most}"
                        )

    def dataset(self, seed: SeedFile) -> None:
        data = _load(DatasetFileSchema(), seed, self.errors)
        if data is not None:
            dataset_id = data.pop("name")
            review = data.pop("citation_review")
            if review is not None:
                apply_review(self.bundle.tables["citations"], review)
            released_on = self._released_on(seed, data["version"])
            self.bundle.dataset = {
                **data,
                "id": dataset_id,
                "relations": self.relations,
                "released_on": released_on,
            }

    def _released_on(self, seed: SeedFile, version: str) -> date | None:
        """A release's date is its CHANGELOG.md entry's, never the day it was loaded."""
        path = seed.path.parent / CHANGELOG
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        entry = entry_for(text, version)
        if entry is None:
            self.error(
                CHANGELOG,
                version,
                "version",
                f"no entry for version {version}: add '## {version} — YYYY-MM-DD' and what "
                "changed at the top of CHANGELOG.md",
            )
            return None
        self.bundle.notes = entry.notes
        return entry.released_on


def content_hash(bundle: Bundle) -> str:
    """sha256 over every row, independent of file layout and row order."""
    digest = hashlib.sha256()
    release = {k: v for k, v in bundle.dataset.items() if k != "content_hash"}
    digest.update(json.dumps(release, sort_keys=True, default=str).encode())
    for name in TABLE_ORDER:
        rows = (json.dumps([name, row], sort_keys=True, default=str) for row in bundle.tables[name])
        for line in sorted(rows):
            digest.update(line.encode())
    return digest.hexdigest()


def build_bundle(root: Path, include_suggested: bool = False) -> Bundle:
    """Read and validate the seed tree; raise SeedValidationError listing every problem.

    Suggested citations are checked like any other but left out of the bundle (counted in
    `withheld`) unless `include_suggested`: nobody has reviewed them yet.
    """
    raw = read_seed_tree(root)
    builder = _Builder(raw)
    # Order matters: vocabularies and speakers first, documents before the articles citing them.
    if raw.vocabularies:
        builder.vocabularies(raw.vocabularies)
    for seed in raw.speakers:
        builder.speakers(seed)
    builder.duplicate_provision_ids(raw.documents)
    for seed in raw.documents:
        builder.document(seed)
    for seed in raw.articles:
        builder.article(seed)
    builder.document_relations()
    builder.provision_correspondences()
    builder.version_instruments()
    builder.jurisdictions()
    if raw.dataset:
        builder.dataset(raw.dataset)
    builder.check_lengths()
    if builder.errors:
        raise SeedValidationError(builder.errors, builder.bundle.warnings)
    bundle = builder.bundle
    if not include_suggested:
        bundle.withheld = withhold_suggestions(bundle.tables)
    link_citations(bundle.tables)
    bundle.dataset["content_hash"] = content_hash(bundle)
    return bundle
