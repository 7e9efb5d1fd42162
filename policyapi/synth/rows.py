"""Row factories for the synthetic dataset: deterministic tuples in the column order of COLUMNS.

Article bodies are built sentence by sentence (policyapi.synth.words), so every statement's
text is exactly the span of its article that its offsets name.
"""

import hashlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from policyapi.synth import words as w

T = TypeVar("T")
STATEMENTS_PER_ARTICLE = 40
SPEAKERS_PER_STATEMENTS = 200
QUOTE_CONTEXT = 32
COLUMNS = {
    "topics": ("id", "label", "description", "position"),
    "doc_types": ("id", "label", "description", "position"),
    "jurisdictions": ("id", "name", "parent_id", "depth", "document_count"),
    "speakers": ("id", "name", "kind", "roles", "notes"),
    "documents": (
        "id", "title", "doc_type", "official_number", "jurisdiction_name",
        "jurisdiction_ocd_id", "issuer", "signed_on", "status", "numbering", "numbering_note",
        "language", "summary", "sources", "identifiers", "events",
    ),
    "document_actors": ("document_id", "speaker_id", "role", "position"),
    "document_relations": (
        "id", "subject_id", "relation", "object_id", "note", "evidence", "position",
    ),
    "provision_correspondences": (
        "id", "provision_id", "corresponding_id", "scope", "confidence", "note", "position",
    ),
    "provisions": (
        "id", "document_id", "parent_id", "number", "eid", "position", "heading", "summary",
        "text", "confidence", "confidence_note", "evidence", "kind", "label_scheme",
        "position_basis", "text_state",
    ),
    "provision_topics": ("provision_id", "topic_id"),
    "provision_versions": (
        "id", "provision_id", "number", "valid_from", "valid_to", "made_by_event",
        "made_by_document_id", "summary", "text", "text_state", "confidence", "confidence_note",
        "note", "evidence",
    ),
    "articles": (
        "id", "title", "publisher", "url", "url_note", "published_on", "published_on_note",
        "byline", "credit", "language", "text", "text_sha256", "notes",
    ),
    "statements": (
        "id", "article_id", "speaker_id", "parent_id", "kind", "role_as_stated", "attribution",
        "paragraph", "start_offset", "end_offset", "text", "prefix", "suffix", "said_on",
        "said_on_note", "notes",
    ),
    "citations": (
        "id", "statement_id", "document_id", "provision_id", "relation", "justification",
        "position", "provision_version", "status",
    ),
}  # fmt: skip


@dataclass
class Doc:
    id: str
    provisions: list[str]


# Every VERSIONED_EVERY-th document's first section was amended on AMENDED_ON: two versions,
# drawn without the random generator so every other row stays as it was.
VERSIONED_EVERY = 3
AMENDED_ON = "2017-01-01"


class Generator:
    """Deterministic row factories for one (seed, documents, statements) triple."""

    def __init__(self, seed: int, documents: int, statements: int) -> None:
        self.rng = random.Random(seed)  # nosec B311  # reproducible fake data, not secrets
        self.n_documents = max(1, documents)
        self.n_statements = max(1, statements)
        # random() and an index: several times faster than Random.choice in the hot loops.
        self.random = self.rng.random
        pools = (
            w.clause_pool(self.rng, 4096),
            w.clause_pool(self.rng, 512, w.COMMON_TERM),
            w.clause_pool(self.rng, 64, w.RARE_TERM),
        )
        self.pools = (pools, tuple([c.capitalize() for c in pool] for pool in pools))
        self.speakers: list[tuple[str, str, str]] = []  # (id, name, role)
        self.docs: list[Doc] = []
        self.amended: set[str] = set()  # provisions with two versions (version_rows)

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def clause(self, capital: bool = False) -> str:
        """A clause; about COMMON_RATE of them hold the common term, RARE_RATE the rare one."""
        plain, common, rare = self.pools[capital]
        draw = self.random()
        if draw < w.RARE_RATE:
            return self.pick(rare)
        if draw < w.RARE_RATE + w.COMMON_RATE:
            return self.pick(common)
        return self.pick(plain)

    def topics(self) -> list[tuple[Any, ...]]:
        return [
            (tid, label, f"Provisions about {label.lower()}.", i)
            for i, (tid, label) in enumerate(w.TOPICS)
        ]

    def speaker_rows(self) -> list[tuple[Any, ...]]:
        rng, seen = self.rng, set()
        rows: list[tuple[Any, ...]] = []
        wanted = max(3, self.n_statements // SPEAKERS_PER_STATEMENTS)
        while len(rows) < wanted:
            if rng.random() < 0.1:
                place = rng.choice(w.PLACE_STEMS).title() + rng.choice(w.PLACE_ENDS)
                name, kind, role = f"{place} {rng.choice(w.ORG_KINDS)}", "organization", ""
            else:
                name = f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}"
                kind, role = "person", rng.choice(w.ROLES)
            sid = w.slug(name)
            if sid in seen:
                sid = f"{sid}-{len(rows)}"
            seen.add(sid)
            roles = f'[{{"title": "{role}", "start": "{rng.randint(2000, 2020)}", "end": null}}]'
            rows.append((sid, name, kind, roles if role else "[]", "[]"))
            self.speakers.append((sid, name, role))
        return rows

    def doc_type_rows(self) -> list[tuple[Any, ...]]:
        return [
            (t, t.replace("_", " ").capitalize(), f"A {t.replace('_', ' ')}.", i)
            for i, t in enumerate(w.DOC_TYPES)
        ]

    def jurisdiction_rows(self) -> list[tuple[Any, ...]]:
        """Every document's division and the state and country above it, parents first."""
        country = "ocd-division/country:us"
        rows: dict[str, tuple[Any, ...]] = {country: (country, "United States", None, 0)}
        places = max(1, self.n_documents // 4)
        for n in range(places):
            name, ocd = self.jurisdiction(n)
            state = ocd.rsplit("/", 1)[0]
            rows.setdefault(state, (state, f"State {state[-2:].upper()}", country, 1))
            rows.setdefault(ocd, (ocd, name, state, 2))
        counts = dict.fromkeys(rows, 0)
        for n in range(self.n_documents):  # document n lies in place n % places
            place = self.jurisdiction(n % places)[1]
            for division in (country, place.rsplit("/", 1)[0], place):
                counts[division] += 1
        return sorted(
            ((*row, counts[row[0]]) for row in rows.values()), key=lambda row: (row[3], row[0])
        )

    @staticmethod
    def _lifecycle(number: str | None, signed_on: date) -> tuple[str, str]:
        """A document's identifiers and events (JSON text), from its number and signing date."""
        identifiers = (
            f'[{{"scheme": "order_number", "value": "{number}", "note": null}}]' if number else "[]"
        )
        event = f'"type": "signed", "date": "{signed_on.isoformat()}", "note": null'
        events = f'[{{{event}, "sources": []}}]'
        return identifiers, events

    def link_rows(self) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        """Actors, document relations and provision correspondences, without drawing at random.

        (The random stream stays what it was, so the benchmark's data does not move.)
        """
        relations = ("amends", "supersedes", "expands", "implements", "modelled_on", "overlays")
        scopes, confidences = ("same", "narrower", "broader"), ("confirmed", "inferred", "unknown")
        actors, related, corresponding = [], [], []
        for i, doc in enumerate(self.docs):
            speaker = self.speakers[i % len(self.speakers)][0]
            actors.append((doc.id, speaker, "issuer", 0))
            if i % 3 != 1:
                continue
            other = self.docs[i - 1]
            relation = relations[i // 3 % len(relations)]
            related.append((
                f"{doc.id}~{relation}~{other.id}", doc.id, relation, other.id,
                None if i % 2 else "Stated by the later document.", "[]", 0,
            ))  # fmt: skip
            for k, (mine, theirs) in enumerate(
                zip(doc.provisions[:3], other.provisions[:3], strict=False)
            ):
                corresponding.append((
                    f"{mine}~{theirs}", mine, theirs, scopes[(i + k) % 3],
                    confidences[(i + k) % 3], None if k else "The same rule.", k,
                ))  # fmt: skip
        yield "document_actors", actors
        yield "document_relations", related
        yield "provision_correspondences", corresponding

    def jurisdiction(self, n: int) -> tuple[str, str]:
        state = w.STATES[n * 7 % len(w.STATES)]
        stem = w.PLACE_STEMS[n % len(w.PLACE_STEMS)]
        end = w.PLACE_ENDS[n // len(w.PLACE_STEMS) % len(w.PLACE_ENDS)]
        name = (stem + end).title()
        ocd = f"ocd-division/country:us/state:{state}/place:{name.lower()}"
        return f"City of {name}, {state.upper()}", ocd

    def document_rows(self) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        """Yield (table, rows) for each document with its provisions and topic tags."""
        rng = self.rng
        places = max(1, self.n_documents // 4)
        for n in range(self.n_documents):
            jname, ocd = self.jurisdiction(n % places)
            topic_id, topic_label = rng.choice(w.TOPICS)
            doc_type = rng.choice(w.DOC_TYPES)
            year = rng.randint(2005, 2024)
            did = f"{ocd.rsplit(':', 1)[1]}-{ocd.split('/')[2][6:]}-{topic_id}-{year}-{n:05d}"
            official = rng.random() < 0.6
            row = (
                did, f"{doc_type.replace('_', ' ').title()} on {topic_label}", doc_type,
                f"{year}-{rng.randint(1, 99):02d}" if official else None, jname, ocd,
                f"Office of the Mayor, {jname}", date(year, rng.randint(1, 12), rng.randint(1, 28)),
                rng.choice(("in_force", "in_force", "repealed", "superseded", "unknown")),
                "official" if official else "editorial",
                None if official else "Numbering assigned by this dataset.", "en",
                f"{w.clause(rng).capitalize()}, {w.clause(rng)}.",
                f'[{{"url": "https://{w.slug(jname)}.example.gov/orders/{n}", "note": null}}]',
            )  # fmt: skip
            yield "documents", [(*row, *self._lifecycle(row[3], row[7]))]
            provisions, tags = self.provision_rows(did, topic_id, official)
            yield "provisions", provisions
            yield "provision_topics", tags
            if n % VERSIONED_EVERY == 0:
                yield "provision_versions", self.version_rows(provisions[0])

    def provision_rows(
        self, did: str, topic_id: str, official: bool
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        scheme = "official" if official else "editorial"
        rng, ids = self.rng, []
        rows: list[tuple[Any, ...]] = []
        tags: list[tuple[Any, ...]] = []
        for section in range(1, rng.randint(5, 12) + 1):
            parent = f"{did}-s{section}"
            paragraphs = rng.choice((0, 0, 2, 3))
            entries: list[tuple[str, str | None, str, str]] = [
                (parent, None, str(section), f"sec_{section}")
            ]
            for letter in "abcd"[:paragraphs]:
                entries.append(
                    (f"{parent}{letter}", parent, f"{section}({letter})",
                     f"sec_{section}__para_{letter}")
                )  # fmt: skip
            for pid, parent_id, number, eid in entries:
                confidence = rng.choice(("confirmed", "confirmed", "partly_confirmed", "inferred"))
                text = f"{w.clause(rng).capitalize()}." if rng.random() < 0.7 else None
                rows.append((
                    pid, did, parent_id, number, eid, len(rows),
                    f"{rng.choice(w.ADJECTIVES).title()} {rng.choice(w.NOUNS)}",
                    f"{w.clause(rng).capitalize()}.", text, confidence, None,
                    f'[{{"url": "https://example.org/evidence/{pid}", "note": "Reported."}}]',
                    "section" if parent_id is None else "paragraph", scheme, scheme,
                    "full" if text else "not_read",
                ))  # fmt: skip
                tags.append((pid, topic_id))
                ids.append(pid)
        self.docs.append(Doc(did, ids))
        return rows, tags

    def version_rows(self, provision: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Two versions of a provision: an earlier wording, then its own (the current one)."""
        pid, summary, text, state = provision[0], provision[7], provision[8], provision[15]
        self.amended.add(pid)
        evidence = f'[{{"url": "https://example.org/evidence/{pid}/v", "note": "Reported."}}]'
        earlier = f"Before {AMENDED_ON[:4]}: {summary}"
        return [
            (f"{pid}~v1", pid, 1, None, AMENDED_ON, "signed", None, earlier, None, "not_read",
             "confirmed", None, None, evidence),
            (f"{pid}~v2", pid, 2, AMENDED_ON, None, "amended", None, summary, text, state,
             "confirmed", None, None, evidence),
        ]  # fmt: skip

    def article_count(self) -> int:
        return max(1, -(-self.n_statements // STATEMENTS_PER_ARTICLE))

    def articles(self) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]], list[Any]]]:
        """Yield (article row, its statement rows, their citation rows) in article id order."""
        count, made = self.article_count(), 0
        outlets = [
            f"{self.jurisdiction(i)[1].rsplit(':', 1)[1].title()} {w.PUBLISHERS[i % 18]}"
            for i in range(max(4, count // 400))
        ]
        for n in range(count):
            wanted = self.n_statements * (n + 1) // count - made
            made += wanted
            yield self.article(n, self.rng.choice(outlets), wanted)

    def article(
        self, n: int, publisher: str, wanted: int
    ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng = self.rng
        day = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5400))
        aid = f"a{n:07d}-{w.slug(publisher)}-{day.year}"
        body = Text()
        while len(body.spans) < wanted:
            if body.paragraph:
                body.add("\n\n")
            for sentence in range(rng.randint(1, 3)):
                if len(body.spans) >= wanted:
                    break
                if sentence:
                    body.add(" ")
                self.sentence(body, wanted - len(body.spans))
            body.paragraph += 1
        text = body.text()
        article = (
            aid, w.clause(rng).capitalize(), publisher,
            f"https://news.example/{w.slug(publisher)}/{day:%Y/%m}/{n}", None, day.isoformat(),
            None, f"By {rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}", None, "en", text,
            hashlib.sha256(text.encode()).hexdigest(), "[]",
        )  # fmt: skip
        docs = [self.docs[int(len(self.docs) * rng.random() ** 3)] for _ in range(2)]
        statements, citations = self.statements(aid, text, body.spans, docs, day.isoformat())
        return article, statements, citations

    def sentence(self, body: "Text", room: int) -> None:
        """Append one sentence: one statement, or a paraphrase holding a nested quote."""
        speaker, name, role = self.pick(self.speakers)
        kind = self.pick(KINDS)
        said = {"speaker": speaker, "role": role or None, "attribution": "said"}
        if kind == "narration":
            body.span(f"{self.clause(capital=True)}.", kind="narration")
        elif kind == "direct_quote":
            body.add("“")
            body.span(self.clause(capital=True), kind=kind, **said)
            body.add(f",” {name} said.")
        elif room >= 2 and self.random() < 0.15:
            body.add(f"{name} said ")
            parent = body.open_span(kind=kind, **said)
            body.add(f"{self.clause()} and called it “")
            body.span(self.clause(), kind="direct_quote", parent=parent, **said)
            body.add("”")
            body.close_span(parent)
            body.add(".")
        else:
            body.add(f"{name}, the {role.lower()}, said " if role else f"{name} said ")
            body.span(self.clause(), kind=kind, **said)
            body.add(".")

    def statements(
        self, aid: str, text: str, spans: list["Span"], docs: list[Doc], day: str
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        statements, citations = [], []
        ids = [f"{aid}-s{k + 1:03d}" for k in range(len(spans))]
        for sid, span in zip(ids, spans, strict=True):
            info = span.info
            kind = info["kind"]
            statements.append((
                sid, aid, info.get("speaker"), ids[info["parent"]] if "parent" in info else None,
                kind, info.get("role"), info.get("attribution"), span.paragraph, span.start,
                span.end, text[span.start : span.end],
                text[max(0, span.start - QUOTE_CONTEXT) : span.start],
                text[span.end : span.end + QUOTE_CONTEXT],
                None if kind == "narration" else day, None, "[]",
            ))  # fmt: skip
            if "parent" not in info:
                citations.extend(self.citations(sid, kind, docs, day))
        return statements, citations

    def citations(self, sid: str, kind: str, docs: list[Doc], day: str) -> list[tuple[Any, ...]]:
        random, draw = self.random, self.random()
        if draw < 0.25:
            return []
        doc = docs[0] if random() < 0.8 else docs[1]
        if draw < 0.35:
            return [
                (f"{sid}~{doc.id}~mentions", sid, doc.id, None, "mentions", None, 0, None, REVIEWED)
            ]
        relations = RELATIONS_BY_KIND[kind]
        # Early sections are cited most, as in real coverage.
        picked = {doc.provisions[int(len(doc.provisions) * random() ** 2)] for _ in range(2)}
        rows = []
        for position, pid in enumerate(sorted(picked)[: 1 + (random() < 0.5)]):
            relation = self.pick(relations)
            why = self.pick(JUSTIFICATIONS)
            # Every statement is dated by its article's day (legaltime: the version in force).
            version = 2 if pid in self.amended and day >= AMENDED_ON else 1
            rows.append(
                (
                    f"{sid}~{pid}~{relation}",
                    *(sid, doc.id, pid, relation, why, position, version, REVIEWED),
                )
            )
        return rows


# Synthetic links stand in for curated ones: reviewed, by nobody in particular.
REVIEWED = "reviewed"
KINDS = ("narration", "direct_quote", "paraphrase", "paraphrase")
RELATIONS_BY_KIND = {
    "narration": ("describes", "describes", "mentions"),
    "direct_quote": ("defends", "criticizes", "describes", "mentions"),
    "paraphrase": ("defends", "criticizes", "describes"),
}
JUSTIFICATIONS = (
    None,
    "Restates what the provision requires.",
    "Argues about the provision's effect on residents.",
    "Names the provision's subject without detail.",
)


@dataclass
class Span:
    start: int
    end: int
    paragraph: int
    info: dict[str, Any]


class Text:
    """An article body built piece by piece, recording statement spans in code points."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.paragraph = 0
        self.spans: list[Span] = []

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def span(self, piece: str, **info: Any) -> None:
        self.spans.append(Span(self.length, self.length + len(piece), self.paragraph, info))
        self.add(piece)

    def open_span(self, **info: Any) -> int:
        """Start a span whose end is not known yet; returns its index for nested spans."""
        self.spans.append(Span(self.length, self.length, self.paragraph, info))
        return len(self.spans) - 1

    def close_span(self, index: int) -> None:
        self.spans[index].end = self.length

    def text(self) -> str:
        return "".join(self.parts)
