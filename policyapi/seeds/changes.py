"""What a release changed: per record, added, changed (which fields) or removed.

Both sides are the same shape, rows per table keyed by primary key: the database before the load
and the bundle being loaded. A record is a row of a record table (RECORDS); rows of link tables
(LINKS) belong to the record that owns them, so a provision gaining a topic is that provision
`changed` in `topics`. Each change also names what it is about (SUBJECT_KINDS), read from both
sides, so a statement that stopped citing a provision still shows under that provision's filter.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from policyapi.models.jurisdiction import divisions_of
from policyapi.vocab import ChangeAction, RecordType

Row = dict[str, Any]
Rows = Mapping[str, list[Row]]  # table -> its rows

RECORDS: dict[str, RecordType] = {
    "topics": RecordType.TOPIC,
    "doc_types": RecordType.DOC_TYPE,
    "jurisdictions": RecordType.JURISDICTION,
    "speakers": RecordType.SPEAKER,
    "documents": RecordType.DOCUMENT,
    "document_relations": RecordType.RELATION,
    "provisions": RecordType.PROVISION,
    "provision_correspondences": RecordType.CORRESPONDENCE,
    "articles": RecordType.ARTICLE,
    "statements": RecordType.STATEMENT,
}
# link table -> (owning record table, the column naming the owner, the owner's field)
LINKS: dict[str, tuple[str, str, str]] = {
    "document_actors": ("documents", "document_id", "actors"),
    "provision_topics": ("provisions", "provision_id", "topics"),
    "citations": ("statements", "statement_id", "citations"),
    "provision_versions": ("provisions", "provision_id", "versions"),
}
# The /v1/changes filters a change can match, each named as on the collections.
SUBJECT_KINDS = (
    "document",
    "provision",
    "topic",
    "speaker",
    "article",
    "statement",
    "doc_type",
    "jurisdiction",
)
LABEL_MAX = 200


@dataclass(frozen=True)
class RecordChange:
    record_type: RecordType
    record_id: str
    action: ChangeAction
    fields: tuple[str, ...]
    label: str
    subjects: frozenset[tuple[str, str]] = field(default_factory=frozenset)


class State:
    """One side of the comparison, indexed for the lookups subjects need."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.by_id = {table: {row["id"]: row for row in rows.get(table, [])} for table in RECORDS}
        self.links: dict[str, dict[str, list[Row]]] = {}
        for table, (_owner, column, _field) in LINKS.items():
            grouped: dict[str, list[Row]] = defaultdict(list)
            for row in rows.get(table, []):
                grouped[row[column]].append(row)
            self.links[table] = grouped

    def record(self, table: str, record_id: str) -> Row | None:
        return self.by_id[table].get(record_id)

    def owned(self, table: str, owner_id: str) -> list[Row]:
        return self.links[table].get(owner_id, [])

    def subjects(self, table: str, row: Row) -> Iterator[tuple[str, str]]:
        """The filter values this record answers to on this side."""
        kind = RECORDS[table].value
        yield kind, row["id"]
        if table == "documents":
            yield from self._document(row)
        elif table == "provisions":
            yield from self._provision(row)
        elif table == "statements":
            yield from self._statement(row)
        elif table == "jurisdictions":
            yield from (("jurisdiction", d) for d in divisions_of(row["id"]))
        elif table == "document_relations":
            for document_id in (row["subject_id"], row["object_id"]):
                yield from self._document_by_id(document_id)
        elif table == "provision_correspondences":
            for provision_id in (row["provision_id"], row["corresponding_id"]):
                yield from self._provision_by_id(provision_id)

    def _document_by_id(self, document_id: str) -> Iterator[tuple[str, str]]:
        yield "document", document_id
        document = self.record("documents", document_id)
        if document is not None:
            yield from self._document(document)

    def _document(self, row: Row) -> Iterator[tuple[str, str]]:
        yield "doc_type", row["doc_type"]
        yield from (("jurisdiction", d) for d in divisions_of(row["jurisdiction_ocd_id"]))
        yield from (("speaker", a["speaker_id"]) for a in self.owned("document_actors", row["id"]))

    def _provision_by_id(self, provision_id: str) -> Iterator[tuple[str, str]]:
        yield "provision", provision_id
        provision = self.record("provisions", provision_id)
        if provision is not None:
            yield from self._provision(provision)

    def _provision(self, row: Row) -> Iterator[tuple[str, str]]:
        yield from self._document_by_id(row["document_id"])
        yield from (("topic", t["topic_id"]) for t in self.owned("provision_topics", row["id"]))

    def _statement(self, row: Row) -> Iterator[tuple[str, str]]:
        yield "article", row["article_id"]
        if row.get("speaker_id"):
            yield "speaker", row["speaker_id"]
        for citation in self.owned("citations", row["id"]):
            if citation.get("provision_id"):
                yield from self._provision_by_id(citation["provision_id"])
            else:
                yield "document", citation["document_id"]


def label(table: str, row: Row) -> str:
    """How a record reads in a feed entry's title."""
    if table == "provisions":
        text = f"{row['number']} {row['heading']}"
    elif table == "document_relations":
        text = f"{row['subject_id']} {row['relation']} {row['object_id']}"
    elif table == "provision_correspondences":
        text = f"{row['provision_id']} ~ {row['corresponding_id']}"
    else:
        text = next(
            (row[name] for name in ("title", "label", "name", "text") if row.get(name)), row["id"]
        )
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _link_rows(rows: list[Row]) -> list[Row]:
    """A record's link rows in a comparable order (their own order is a field too)."""
    return sorted(rows, key=lambda row: sorted((k, repr(v)) for k, v in row.items()))


def _changed_fields(table: str, old: Row, new: Row, before: State, after: State) -> list[str]:
    fields = [name for name, value in new.items() if old.get(name) != value]
    for link_table, (owner, _column, name) in LINKS.items():
        if owner == table:
            was = _link_rows(before.owned(link_table, old["id"]))
            now = _link_rows(after.owned(link_table, new["id"]))
            if was != now:
                fields.append(name)
    return fields


def record_changes(before_rows: Rows, after_rows: Rows) -> list[RecordChange]:
    """Every record `after_rows` adds, changes or removes compared with `before_rows`."""
    before, after = State(before_rows), State(after_rows)
    found: list[RecordChange] = []
    for table, record_type in RECORDS.items():
        old_rows, new_rows = before.by_id[table], after.by_id[table]
        for record_id in sorted(old_rows.keys() | new_rows.keys()):
            fields: list[str] = []
            old, new = old_rows.get(record_id), new_rows.get(record_id)
            if old is None and new is not None:
                action, subjects = ChangeAction.ADDED, set(after.subjects(table, new))
            elif new is None and old is not None:
                action = ChangeAction.REMOVED
                subjects = set(before.subjects(table, old))
            elif old is not None and new is not None:
                fields = _changed_fields(table, old, new, before, after)
                if not fields:
                    continue
                action = ChangeAction.CHANGED
                subjects = set(before.subjects(table, old)) | set(after.subjects(table, new))
            else:  # pragma: no cover - the id came from one of the two sides
                continue
            found.append(
                RecordChange(
                    record_type,
                    record_id,
                    action,
                    tuple(fields),
                    label(table, new if new is not None else old),  # type: ignore[arg-type]
                    frozenset(subjects),
                )
            )
    return found
