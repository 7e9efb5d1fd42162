"""What the suggester ranks (targets) and learns from (reviewed statements), from the database.

A target is a provision or a whole document: a statement about the order as a whole cites the
document, and the suggester says so with a document-level target instead of forcing a provision.
Each target keeps its fields by name, so evidence can say which field and which span matched.
"""

from dataclasses import dataclass, field
from itertools import groupby

import sqlalchemy as sa

from policyapi.queries import suggest as queries


@dataclass(frozen=True)
class Target:
    document_id: str
    document_title: str
    # None for the whole document.
    provision: queries.ProvisionText | None
    # (field name, text): heading, summary, text and topics.<id>.label/description for a
    # provision; title and summary for a document. The number is not matched as a word
    # (designations.py reads labels, "section 3" or "N03", with their scheme).
    fields: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return self.provision.id if self.provision else self.document_id


@dataclass
class Example:
    """A statement and what it cites, by target index (empty: it cites nothing)."""

    statement_id: str
    text: str
    cited: dict[int, str] = field(default_factory=dict)  # target index -> relation


@dataclass
class Corpus:
    targets: list[Target]
    examples: list[Example]

    def without(self, index: int) -> "Corpus":
        """The same corpus with one example left out (leave-one-statement-out)."""
        return Corpus(self.targets, self.examples[:index] + self.examples[index + 1 :])


def _provision_fields(
    provision: queries.ProvisionText, topics: list[queries.TopicText]
) -> tuple[tuple[str, str], ...]:
    fields = [
        ("heading", provision.heading),
        ("summary", provision.summary),
        ("text", provision.text or ""),
    ]
    for topic in topics:
        fields.append((f"topics.{topic.id}.label", topic.label))
        fields.append((f"topics.{topic.id}.description", topic.description))
    return tuple((name, text) for name, text in fields if text)


def build_targets(conn: sa.Connection) -> list[Target]:
    """Every document, then its provisions, in document order."""
    topics = queries.topics_by_provision(conn)
    by_document: dict[str, list[queries.ProvisionText]] = {}
    for provision in queries.list_provisions(conn):
        by_document.setdefault(provision.document_id, []).append(provision)
    targets: list[Target] = []
    for document in queries.list_documents(conn):
        fields = (("title", document.title), ("summary", document.summary or ""))
        targets.append(Target(document.id, document.title, None, fields))
        targets.extend(
            Target(document.id, document.title, p, _provision_fields(p, topics.get(p.id, [])))
            for p in by_document.get(document.id, [])
        )
    return targets


def read_examples(conn: sa.Connection, targets: list[Target]) -> list[Example]:
    """Every statement with the targets it cites; citations of unknown targets are dropped."""
    index: dict[tuple[str | None, str | None], int] = {
        (t.document_id, t.provision.id if t.provision else None): i for i, t in enumerate(targets)
    }
    examples = []
    rows = queries.iter_cited_statements(conn)
    for statement_id, group in groupby(rows, key=lambda row: row.statement_id):
        citations = list(group)
        example = Example(statement_id, citations[0].text)
        for row in citations:
            found = index.get((row.document_id, row.provision_id))
            if found is not None and row.relation is not None:
                example.cited.setdefault(found, row.relation)
        examples.append(example)
    return examples


def read_corpus(conn: sa.Connection) -> Corpus:
    targets = build_targets(conn)
    return Corpus(targets, read_examples(conn, targets))
