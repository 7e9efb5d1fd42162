"""The exported tables: stable column order, types, descriptions, keys.

Every table exports every stored column except the bookkeeping timestamps, so an export loaded
back into an empty database reproduces each record field for field.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from policyapi.models import (
    Article,
    Change,
    Citation,
    DocTypeTerm,
    Document,
    DocumentActor,
    DocumentRelation,
    Jurisdiction,
    Provision,
    ProvisionCorrespondence,
    ProvisionTopic,
    ProvisionVersion,
    Release,
    Speaker,
    Statement,
    Topic,
)
from policyapi.vocab import (
    ActorRole,
    ChangeAction,
    CitationStatus,
    Confidence,
    DocStatus,
    DocumentRelationType,
    EventType,
    Numbering,
    PositionBasis,
    ProvisionKind,
    RecordType,
    Relation,
    Scope,
    SpeakerKind,
    StatementKind,
    TextState,
)

# Stored columns that describe the database copy, not the data: never exported.
# (A release's load time is the database's, not the data's: two deployments differ in it.)
NOT_EXPORTED = frozenset({"created_at", "updated_at", "loaded_at"})
PARTIAL_DATE_NOTE = "Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD"


class Kind(StrEnum):
    """How a column's value is typed in the data package and encoded in the files."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    # A JSON array: a JSON-encoded cell in CSV, a plain JSON value in NDJSON and JSON.
    ARRAY = "array"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = True
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str = "id"


@dataclass(frozen=True)
class ExportTable:
    name: str
    model: type[SQLModel]
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # Row order of the export: unique together, so the bytes are stable.
    order: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def table(self) -> sa.Table:
        table: sa.Table = SQLModel.metadata.tables[self.name]
        return table

    def select_columns(self) -> list[sa.ColumnElement[Any]]:
        """The stored columns, in export order; JSON arrays as their stored text.

        The encoders re-serialise arrays canonically anyway: reading the text spares the
        driver a JSON decode per cell.
        """
        return [
            sa.cast(self.table.c[c.name], sa.Text).label(c.name)
            if c.kind is Kind.ARRAY
            else self.table.c[c.name]
            for c in self.columns
        ]


def _values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


def _s(name: str, description: str, **extra: Any) -> Column:
    return Column(name, Kind.STRING, description, **extra)


def _opt(name: str, description: str) -> Column:
    return Column(name, Kind.STRING, description, required=False)


def _int(name: str, description: str) -> Column:
    return Column(name, Kind.INTEGER, description)


def _opt_int(name: str, description: str) -> Column:
    return Column(name, Kind.INTEGER, description, required=False)


def _array(name: str, description: str) -> Column:
    return Column(name, Kind.ARRAY, description)


LINKS = "JSON array of {url, note}"

TABLES: dict[str, ExportTable] = {
    table.name: table
    for table in (
        ExportTable(
            "documents",
            Document,
            "Documents",
            "Policy documents: executive orders, ordinances, directives...",
            (
                _s("id", "Document id (stable slug)"),
                _s("title", "Title"),
                _s("doc_type", "Kind of document (doc_types.id)"),
                _opt("official_number", "Official number, or null when none was found"),
                _s("jurisdiction_name", "Jurisdiction name"),
                _s("jurisdiction_ocd_id", "Open Civic Data division id of the jurisdiction"),
                _s("issuer", "Who issued the document"),
                Column(
                    "signed_on",
                    Kind.DATE,
                    "Date signed, derived from the signed (else issued) event",
                    required=False,
                ),
                _s("status", "Legal status", enum=_values(DocStatus)),
                _s(
                    "numbering",
                    "Whether provision numbers are official or editorial",
                    enum=_values(Numbering),
                ),
                _opt("numbering_note", "How the numbering was established"),
                _s("language", "Language (BCP 47)"),
                _opt("summary", "Summary"),
                _array("sources", f"Sources about the document: {LINKS}"),
                _array(
                    "identifiers",
                    "JSON array of {scheme, value, note}: every number the document goes by",
                ),
                _array(
                    "events",
                    "JSON array of {type, date, note, sources}: signed, issued, adopted, "
                    f"approved_by_voters, effective, amended, repealed; date: {PARTIAL_DATE_NOTE}",
                ),
            ),
            ("id",),
            ("id",),
            (
                ForeignKey("doc_type", "doc_types"),
                ForeignKey("jurisdiction_ocd_id", "jurisdictions"),
            ),
        ),
        ExportTable(
            "doc_types",
            DocTypeTerm,
            "Document types",
            "The vocabulary of kinds of document, in vocabulary order",
            (
                _s("id", "Document type id"),
                _s("label", "Label"),
                _s("description", "What the kind of document is"),
                _int("position", "0-based order in the vocabulary"),
            ),
            ("id",),
            ("position", "id"),
        ),
        ExportTable(
            "jurisdictions",
            Jurisdiction,
            "Jurisdictions",
            "The documents' OCD divisions and every division above them",
            (
                _s("id", "Open Civic Data division id"),
                _s("name", "Name"),
                _opt("parent_id", "The division it lies in, or null for a country"),
                _int("depth", "0 for a country, 1 for a state, ..."),
                _int("document_count", "Documents of this division and of every one inside it"),
            ),
            ("id",),
            ("depth", "id"),
            (ForeignKey("parent_id", "jurisdictions"),),
        ),
        ExportTable(
            "document_actors",
            DocumentActor,
            "Document actors",
            "Who issued, signed, sponsored or approved each document",
            (
                _s("document_id", "Document"),
                _s("speaker_id", "Person or organization (speakers.id)"),
                _s("role", "What they did", enum=_values(ActorRole)),
                _int("position", "0-based order within the document's actors"),
            ),
            ("document_id", "speaker_id", "role"),
            ("document_id", "position", "speaker_id", "role"),
            (
                ForeignKey("document_id", "documents"),
                ForeignKey("speaker_id", "speakers"),
            ),
        ),
        ExportTable(
            "document_relations",
            DocumentRelation,
            "Document relations",
            "One document bears on another: subject_id <relation> object_id",
            (
                _s("id", "Relation id: <subject>~<relation>~<object>"),
                _s("subject_id", "Document the relation is stated for"),
                _s("relation", "How it bears on the object", enum=_values(DocumentRelationType)),
                _s("object_id", "Document it bears on"),
                _opt("note", "What the relation rests on"),
                _array("evidence", f"Evidence for the relation: {LINKS}"),
                _int("position", "0-based order within the subject's relations"),
            ),
            ("id",),
            ("subject_id", "position", "id"),
            (
                ForeignKey("subject_id", "documents"),
                ForeignKey("object_id", "documents"),
            ),
        ),
        ExportTable(
            "provisions",
            Provision,
            "Provisions",
            "Numbered provisions of every document, in document order",
            (
                _s("id", "Provision id (stable, unique across documents)"),
                _s("document_id", "Document the provision belongs to"),
                _opt("parent_id", "Enclosing provision in the same document, or null"),
                _s("kind", "What it is (Akoma Ntoso element)", enum=_values(ProvisionKind)),
                _s("number", "Label as printed, or the editorial label"),
                _s(
                    "label_scheme",
                    "official: the number is the document's own; editorial: this dataset's",
                    enum=_values(Numbering),
                ),
                _s("eid", "Akoma Ntoso element id within the document (sec_3__para_b)"),
                _int("position", "0-based order within the document"),
                _s(
                    "position_basis",
                    "Whose order the position is: official, editorial or unknown",
                    enum=_values(PositionBasis),
                ),
                _s("heading", "Heading"),
                _s("summary", "Summary"),
                _opt("text", "Official wording, or null when not available"),
                _s(
                    "text_state",
                    "How much of the wording was read: full, partial, not_read or range",
                    enum=_values(TextState),
                ),
                _s("confidence", "How well the provision is attested", enum=_values(Confidence)),
                _opt("confidence_note", "Why that confidence"),
                _array("evidence", f"Evidence for the provision: {LINKS}"),
            ),
            ("id",),
            ("document_id", "position", "id"),
            (
                ForeignKey("document_id", "documents"),
                ForeignKey("parent_id", "provisions"),
            ),
        ),
        ExportTable(
            "provision_versions",
            ProvisionVersion,
            "Provision versions",
            "Recorded versions of provisions over time (legal time), oldest first; a provision "
            "with none has one implicit version, its own row",
            (
                _s("id", "Version id: <provision>~v<number>"),
                _s("provision_id", "The provision"),
                _int("number", "1 for the oldest version, counting up"),
                _opt(
                    "valid_from",
                    f"In force from (null: since before any recorded date). {PARTIAL_DATE_NOTE}; "
                    "a partial date stands for its first day",
                ),
                _opt("valid_to", "In force until, not including (null: still in force)"),
                _s(
                    "made_by_event",
                    "The document event that made this version, or null",
                    enum=_values(EventType),
                    required=False,
                ),
                _opt("made_by_document_id", "The instrument that made it, if another document"),
                _s("summary", "This version's content in this dataset's words"),
                _opt("text", "This version's official wording, or null when not read"),
                _s(
                    "text_state",
                    "How much of the wording was read: full, partial, not_read or range",
                    enum=_values(TextState),
                ),
                _s(
                    "confidence",
                    "How well this version and its dates are attested",
                    enum=_values(Confidence),
                ),
                _opt("confidence_note", "Why that confidence"),
                _opt("note", "What else is known about this version"),
                _array("evidence", f"Evidence for this version: {LINKS}"),
            ),
            ("id",),
            ("provision_id", "number"),
            (
                ForeignKey("provision_id", "provisions"),
                ForeignKey("made_by_document_id", "documents"),
            ),
        ),
        ExportTable(
            "provision_topics",
            ProvisionTopic,
            "Provision topics",
            "Which topics each provision is tagged with",
            (
                _s("provision_id", "Tagged provision"),
                _s("topic_id", "Topic"),
            ),
            ("provision_id", "topic_id"),
            ("provision_id", "topic_id"),
            (
                ForeignKey("provision_id", "provisions"),
                ForeignKey("topic_id", "topics"),
            ),
        ),
        ExportTable(
            "provision_correspondences",
            ProvisionCorrespondence,
            "Provision correspondences",
            "The same rule in two documents: provision_id corresponds to corresponding_id",
            (
                _s("id", "Correspondence id: <provision>~<corresponding>"),
                _s("provision_id", "Provision the correspondence is stated for"),
                _s("corresponding_id", "Provision of another document it lines up with"),
                _s(
                    "scope",
                    "How far provision_id reaches compared with corresponding_id",
                    enum=_values(Scope),
                ),
                _s(
                    "confidence",
                    "How well the correspondence is attested",
                    enum=_values(Confidence),
                ),
                _opt("note", "What lines up and what differs"),
                _int("position", "0-based order within the provision's correspondences"),
            ),
            ("id",),
            ("provision_id", "position", "id"),
            (
                ForeignKey("provision_id", "provisions"),
                ForeignKey("corresponding_id", "provisions"),
            ),
        ),
        ExportTable(
            "topics",
            Topic,
            "Topics",
            "The controlled topic vocabulary, in vocabulary order",
            (
                _s("id", "Topic id (slug)"),
                _s("label", "Label"),
                _s("description", "What the topic covers"),
                _int("position", "0-based order in the vocabulary"),
            ),
            ("id",),
            ("position", "id"),
        ),
        ExportTable(
            "speakers",
            Speaker,
            "Speakers",
            "People and organizations whose words articles report",
            (
                _s("id", "Speaker id (slug)"),
                _s("name", "Name"),
                _s("kind", "Person or organization", enum=_values(SpeakerKind)),
                _array(
                    "roles",
                    "JSON array of {title, organization, start, end}; "
                    "start and end are partial ISO dates or null",
                ),
                _array("notes", "JSON array of data-quality notes (strings)"),
            ),
            ("id",),
            ("id",),
        ),
        ExportTable(
            "articles",
            Article,
            "Articles",
            "News articles with their exact text",
            (
                _s("id", "Article id (slug)"),
                _s("title", "Headline"),
                _s("publisher", "Publisher"),
                _s("url", "Where the text was captured"),
                _opt("url_note", "Note on the URL"),
                _opt("published_on", f"Publication date. {PARTIAL_DATE_NOTE}"),
                _opt("published_on_note", "Note on the publication date"),
                _opt("byline", "Byline"),
                _opt("credit", "Wire or agency credit"),
                _s("language", "Language (BCP 47)"),
                _s("text", "The exact text, never normalised; statement offsets index into it"),
                _s("text_sha256", "sha256 of the text's UTF-8 bytes"),
                _array("notes", "JSON array of data-quality notes (strings)"),
            ),
            ("id",),
            ("id",),
        ),
        ExportTable(
            "statements",
            Statement,
            "Statements",
            "Quotes, paraphrases and narration anchored to exact spans of their article",
            (
                _s("id", "Statement id (unique across articles)"),
                _s("article_id", "Article the statement is a span of"),
                _opt("speaker_id", "Speaker, or null for narration"),
                _opt("parent_id", "Enclosing statement of a nested quote, or null"),
                _s("kind", "Kind of statement", enum=_values(StatementKind)),
                _opt("role_as_stated", "The speaker's role as the article gave it, even if wrong"),
                _opt("attribution", "The article's attribution cue"),
                _int("paragraph", "0-based paragraph of the article"),
                _int("start_offset", "W3C TextPositionSelector start: 0-based, in code points"),
                _int("end_offset", "W3C TextPositionSelector end: exclusive, in code points"),
                _s("text", "Exact text of the span (W3C TextQuoteSelector exact)"),
                _s(
                    "prefix",
                    "Up to 32 code points before the span (TextQuoteSelector prefix); "
                    "empty at the start of the article",
                ),
                _s(
                    "suffix",
                    "Up to 32 code points after the span (TextQuoteSelector suffix); "
                    "empty at the end of the article",
                ),
                _opt("said_on", f"When it was said. {PARTIAL_DATE_NOTE}"),
                _opt("said_on_note", "Note on the date"),
                _array("notes", "JSON array of data-quality notes (strings)"),
            ),
            ("id",),
            ("article_id", "start_offset", "id"),
            (
                ForeignKey("article_id", "articles"),
                ForeignKey("speaker_id", "speakers"),
                ForeignKey("parent_id", "statements"),
            ),
        ),
        ExportTable(
            "citations",
            Citation,
            "Citations",
            "A statement cites a provision, or a whole document when provision_id is null",
            (
                _s("id", "Citation id: <statement>~<provision or document>~<relation>"),
                _s("statement_id", "Citing statement"),
                _s("document_id", "Cited document"),
                _opt(
                    "provision_id",
                    "Cited provision of that document, or null for the whole document",
                ),
                _s("relation", "How the statement relates to it", enum=_values(Relation)),
                _opt("justification", "Why the citation was recorded"),
                _int("position", "0-based order of the citation within its statement"),
                _opt_int(
                    "provision_version",
                    "The cited provision's version in force when the statement was made (its "
                    "said_on, else its article's date); null for a whole document or an "
                    "undated statement of a provision with several versions",
                ),
                _s(
                    "status",
                    "reviewed: a person checked the link; suggested: a model proposed it and "
                    "nobody has reviewed it (published only on request)",
                    enum=_values(CitationStatus),
                ),
                Column(
                    "score",
                    Kind.NUMBER,
                    "The suggesting model's score, 0 to 1; null for a hand-curated link",
                    required=False,
                ),
                _opt("suggested_by_name", "The model that suggested the link, or null"),
                _opt("suggested_by_version", "That model's version, or null"),
                _opt("reviewed_by", "Who reviewed the link, or null for a suggestion"),
                Column(
                    "reviewed_on",
                    Kind.DATE,
                    "The day it was reviewed, or null",
                    required=False,
                ),
            ),
            ("id",),
            ("statement_id", "position", "id"),
            (
                ForeignKey("statement_id", "statements"),
                ForeignKey("document_id", "documents"),
                ForeignKey("provision_id", "provisions"),
            ),
        ),
        ExportTable(
            "releases",
            Release,
            "Releases",
            "Every dataset version this database has loaded, oldest first",
            (
                _s("version", "Semantic version (seeds/dataset.yaml)"),
                _int("sequence", "1-based order in which the releases were loaded"),
                _s("dataset_id", "Dataset id"),
                Column(
                    "released_on",
                    Kind.DATE,
                    "Date of the release's CHANGELOG.md entry",
                    required=False,
                ),
                _s("content_hash", "sha256 over every record of the release"),
                _array("counts", "JSON array of {table, rows}: records per table"),
                _s("notes", "The release's CHANGELOG.md entry (Markdown)"),
                _opt(
                    "previous_version",
                    "The release changes are counted from; null for the first one loaded",
                ),
            ),
            ("version",),
            ("sequence", "version"),
        ),
        ExportTable(
            "changes",
            Change,
            "Changes",
            "Per record, what each release added, changed or removed",
            (
                _s("id", "Change id: <version>/<record type>/<record id>"),
                _s("version", "The release that made the change"),
                _int("sequence", "That release's sequence"),
                _s("record_type", "Kind of record", enum=_values(RecordType)),
                _s("record_id", "The record's id (its table is the record type's)"),
                _s("action", "What the release did to it", enum=_values(ChangeAction)),
                _array("fields", "JSON array of the changed fields' names (changed only)"),
                _s("label", "The record's title, number and heading, or name"),
            ),
            ("id",),
            ("sequence", "id"),
            (ForeignKey("version", "releases", "version"),),
        ),
    )
}

TABLE_NAMES = tuple(TABLES)
