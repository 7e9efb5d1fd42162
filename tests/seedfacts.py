"""What the seed files say, read straight from them with yaml, for tests to expect.

Tests compare the API with the files it was loaded from (tests.conftest.SEEDS), never with
today's literal counts, so adding a document, an article or a speaker breaks nothing. This
reads the files itself rather than through policyapi's loader, so the loader stays under test.
"""

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import SEEDS

RELATIONS = ("describes", "defends", "criticizes", "mentions")
SUFFIXES = (".yaml", ".yml", ".json")


class _TextDates(yaml.SafeLoader):
    """A SafeLoader that keeps dates as the text written in the file, as the loader does."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(path: Path) -> Any:
    """Parse one seed file (YAML or JSON)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=_TextDates)  # noqa: S506  # nosec B506  # SafeLoader subclass


def _single(root: Path, stem: str) -> Any:
    return next(read(root / f"{stem}{s}") for s in SUFFIXES if (root / f"{stem}{s}").is_file())


def _many(root: Path, folder: str) -> list[Path]:
    return sorted(p for p in (root / folder).glob("*") if p.suffix in SUFFIXES)


@dataclass(frozen=True)
class SeedFacts:
    """The records of one seed tree, in the order the API lists them."""

    root: Path
    dataset: dict[str, Any]
    topics: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    articles: list[dict[str, Any]]

    @property
    def version(self) -> str:
        return str(self.dataset["version"])

    def document(self, document_id: str) -> dict[str, Any]:
        return next(d for d in self.documents if d["id"] == document_id)

    def article(self, article_id: str) -> dict[str, Any]:
        return next(a for a in self.articles if a["id"] == article_id)

    def provisions(self, document: str | None = None) -> list[dict[str, Any]]:
        """Provisions in document order (documents by id, then position in the file).

        A provision with `versions` reads as its last one (summary, text, text_state).
        """
        return [
            {**p, **_current(p), "document": d["id"], "position": i}
            for d in self.documents
            if document in (None, d["id"])
            for i, p in enumerate(d.get("provisions", []))
        ]

    def versioned(self) -> list[dict[str, Any]]:
        """The provisions that record versions."""
        return [p for p in self.provisions() if p.get("versions")]

    def provision(self, provision_id: str) -> dict[str, Any]:
        return next(p for p in self.provisions() if p["id"] == provision_id)

    def provision_ids(self, **where: Any) -> list[str]:
        """Ids of the provisions whose fields equal `where`; `topic=` matches one of the topics."""
        topic = where.pop("topic", None)
        return [
            p["id"]
            for p in self.provisions()
            if (topic is None or topic in p.get("topics", []))
            and all(p.get(k) == v for k, v in where.items())
        ]

    def statements(self, article: str | None = None) -> list[dict[str, Any]]:
        """Statements in article order (article id, start offset, id)."""
        found = [
            {**s, "article": a["id"]}
            for a in self.articles
            if article in (None, a["id"])
            for s in a.get("statements", [])
        ]
        return sorted(found, key=lambda s: (s["article"], s["start"], s["id"]))

    def statement(self, statement_id: str) -> dict[str, Any]:
        return next(s for s in self.statements() if s["id"] == statement_id)

    def statement_ids(self, **where: Any) -> list[str]:
        """Ids of the statements whose fields equal `where` (speaker, kind, article...)."""
        return [s["id"] for s in self.statements() if all(s.get(k) == v for k, v in where.items())]

    def citations(self) -> list[dict[str, Any]]:
        """Every published citation, with its statement, speaker and article, and its id.

        A model's suggestion (`status: suggested`) is not published by a default load.
        """
        found = []
        for statement in self.statements():
            for position, citation in enumerate(statement.get("citations", [])):
                if citation.get("status") == "suggested":
                    continue
                provision = citation.get("provision")
                target = provision or citation["document"]
                found.append(
                    {
                        "id": f"{statement['id']}~{target}~{citation['relation']}",
                        "statement": statement["id"],
                        "speaker": statement.get("speaker"),
                        "article": statement["article"],
                        "document": citation["document"],
                        "provision": provision,
                        "relation": citation["relation"],
                        "position": position,
                    }
                )
        return sorted(found, key=lambda c: (c["statement"], c["position"], c["id"]))

    def citation_ids(self, **where: Any) -> list[str]:
        return [c["id"] for c in self.citations() if all(c[k] == v for k, v in where.items())]

    def citing(self, **where: Any) -> list[str]:
        """Ids of the statements with at least one citation matching `where`, in order."""
        matching = {
            c["statement"] for c in self.citations() if all(c[k] == v for k, v in where.items())
        }
        return [s["id"] for s in self.statements() if s["id"] in matching]

    def citation_counts(self, provision_id: str) -> dict[str, int]:
        """{relation: number of statements citing the provision with it}, every relation."""
        pairs = {
            (c["statement"], c["relation"])
            for c in self.citations()
            if c["provision"] == provision_id
        }
        counted = Counter(relation for _, relation in pairs)
        return {relation: counted[relation] for relation in RELATIONS}

    def article_text(self, article_id: str) -> str:
        """The exact text of an article, decoded from its .txt file."""
        article = self.article(article_id)
        return (self.root / "articles" / article["text_file"]).read_bytes().decode("utf-8")

    def counts(self) -> dict[str, int]:
        """Rows per table, as `policyapi seed check` reports them."""
        provisions = self.provisions()
        return {
            "topics": len(self.topics),
            "speakers": len(self.speakers),
            "documents": len(self.documents),
            "provisions": len(provisions),
            "provision_topics": sum(len(set(p.get("topics", []))) for p in provisions),
            "articles": len(self.articles),
            "statements": len(self.statements()),
            "citations": len(self.citations()),
        }


def _current(provision: dict[str, Any]) -> dict[str, Any]:
    versions = provision.get("versions")
    if not versions:
        return {}
    return {name: versions[-1].get(name) for name in ("summary", "text", "text_state")}


def load(root: Path) -> SeedFacts:
    """Read the seed tree at `root`."""
    vocabularies = _single(root, "vocabularies")
    return SeedFacts(
        root=root,
        dataset=_single(root, "dataset"),
        topics=list(vocabularies["topics"]),
        speakers=sorted(_single(root, "speakers")["speakers"], key=lambda s: s["id"]),
        documents=sorted((read(p) for p in _many(root, "documents")), key=lambda d: d["id"]),
        articles=sorted((read(p) for p in _many(root, "articles")), key=lambda a: a["id"]),
    )


@cache
def facts() -> SeedFacts:
    """The seed tree the tests load (tests.conftest.SEEDS)."""
    return load(SEEDS)
