"""The public JSON of every resource: one function each, from typed rows, wherever it appears.

`schemas/` documents exactly these shapes (every key required, nullable where it may be
null) and tests/test_contract.py validates every answer against it. A resource embedded in
another (a statement's article, a citation's provision) is one of the `*_ref` functions.
"""

from collections.abc import Sequence
from typing import Any

from policyapi.queries.catalog import ArticleRow, SpeakerRow, TopicRow
from policyapi.queries.citations import CitationRow
from policyapi.queries.documents import ActorRow, DocumentRow
from policyapi.queries.jurisdictions import DivisionRef, JurisdictionRow
from policyapi.queries.provisions import ProvisionParts, ProvisionRow
from policyapi.queries.relations import CorrespondenceRow, RelationRow
from policyapi.queries.releases import ChangeRow, ReleaseRow
from policyapi.queries.statements import StatementCitationRow, StatementRow
from policyapi.queries.versions import AsOf
from policyapi.representations import versions
from policyapi.search.query import Hit
from policyapi.vocab import Direction, RecordType, Scope
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import Links


def _sources(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources and evidence: url and note (null when the curator gave none)."""
    return [{"url": entry.get("url"), "note": entry.get("note")} for entry in entries]


def document_ref(links: Links, document_id: str, title: str) -> dict[str, Any]:
    return {"id": document_id, "url": links.item(E.DOCUMENT, document_id), "title": title}


def provision_ref(
    links: Links, provision_id: str, number: str, eid: str, heading: str
) -> dict[str, Any]:
    return {
        "id": provision_id,
        "url": links.item(E.PROVISION, provision_id),
        "number": number,
        "eid": eid,
        "heading": heading,
    }


def joined_provision_ref(
    links: Links, provision_id: str | None, number: str | None, eid: str | None, heading: str | None
) -> dict[str, Any] | None:
    """A provision reference read through an outer join: None when there is no provision."""
    if provision_id is None:
        return None
    return provision_ref(links, provision_id, number or "", eid or "", heading or "")


def topic_ref(links: Links, topic_id: str, label: str) -> dict[str, Any]:
    return {"id": topic_id, "url": links.item(E.TOPIC, topic_id), "label": label}


def speaker_ref(links: Links, speaker_id: str, name: str) -> dict[str, Any]:
    return {"id": speaker_id, "url": links.item(E.SPEAKER, speaker_id), "name": name}


def article_ref(
    links: Links, article_id: str, title: str, publisher: str, published_on: str | None
) -> dict[str, Any]:
    return {
        "id": article_id,
        "url": links.item(E.ARTICLE, article_id),
        "title": title,
        "publisher": publisher,
        "published_on": published_on,
    }


def statement_ref(links: Links, statement_id: str, kind: str, text: str) -> dict[str, Any]:
    return {
        "id": statement_id,
        "url": links.item(E.STATEMENT, statement_id),
        "kind": kind,
        "text": text,
    }


def jurisdiction_ref(links: Links, ocd_id: str, name: str) -> dict[str, Any]:
    # `ocd_id` as documents have always said it; `id` as every item says it.
    return {
        "id": ocd_id,
        "url": links.item(E.JURISDICTION, ocd_id),
        "name": name,
        "ocd_id": ocd_id,
    }


def document(links: Links, row: DocumentRow, actors: Sequence[ActorRow]) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": links.item(E.DOCUMENT, row.id),
        "title": row.title,
        "doc_type": row.doc_type,
        "official_number": row.official_number,
        "identifiers": [
            {"scheme": i["scheme"], "value": i["value"], "note": i.get("note")}
            for i in row.identifiers
        ],
        "jurisdiction": jurisdiction_ref(links, row.jurisdiction_ocd_id, row.jurisdiction_name),
        "issuer": row.issuer,
        "actors": [
            {"role": a.role, "speaker": speaker_ref(links, a.speaker_id, a.name)} for a in actors
        ],
        "events": [
            {
                "type": e["type"],
                "date": e["date"],
                "note": e.get("note"),
                "sources": _sources(e.get("sources", ())),
            }
            for e in row.events
        ],
        "signed_on": row.signed_on,
        "status": row.status,
        "numbering": row.numbering,
        "numbering_note": row.numbering_note,
        "language": row.language,
        "summary": row.summary,
        "sources": _sources(row.sources),
        "provisions_url": links.item(E.DOCUMENT_PROVISIONS, row.id),
        "relations_url": links.item(E.DOCUMENT_RELATIONS, row.id),
    }


def document_detail(
    links: Links,
    row: DocumentRow,
    actors: Sequence[ActorRow],
    provisions: Sequence[ProvisionRow],
    parts: dict[str, ProvisionParts],
    as_of: dict[str, AsOf] | None = None,
) -> dict[str, Any]:
    """A document with every provision in document order (as worded on a day, if asked)."""
    return {
        **document(links, row, actors),
        "provisions": [
            provision(links, p, parts[p.id], as_of[p.id] if as_of else None) for p in provisions
        ],
    }


def provision(
    links: Links, row: ProvisionRow, parts: ProvisionParts, as_of: AsOf | None = None
) -> dict[str, Any]:
    """A provision; with `as_of`, worded as the version chosen for that day, which it names."""
    row = versions.in_force_row(row, as_of)
    parent = joined_provision_ref(
        links, row.parent_id, row.parent_number, row.parent_eid, row.parent_heading
    )
    return {
        "id": row.id,
        "url": links.item(E.PROVISION, row.id),
        "document": document_ref(links, row.document_id, row.document_title),
        "kind": row.kind,
        "number": row.number,
        "label_scheme": row.label_scheme,
        "eid": row.eid,
        "position": row.position,
        "position_basis": row.position_basis,
        "parent": parent,
        "children": [
            provision_ref(links, c.id, c.number, c.eid, c.heading) for c in parts.children
        ],
        "heading": row.heading,
        "summary": row.summary,
        "text": row.text,
        "text_state": row.text_state,
        "topics": [topic_ref(links, t.id, t.label) for t in parts.topics],
        "confidence": row.confidence,
        "confidence_note": row.confidence_note,
        "evidence": _sources(row.evidence),
        "citation_counts": parts.citation_counts,
        "as_of": versions.as_of(links, as_of) if as_of else None,
        "statements_url": links.item(E.PROVISION_STATEMENTS, row.id),
        "correspondences_url": links.item(E.PROVISION_CORRESPONDENCES, row.id),
        "versions_url": links.item(E.PROVISION_VERSIONS, row.id),
    }


def _cited(links: Links, row: StatementCitationRow | CitationRow) -> dict[str, Any]:
    """The fields a citation shows wherever it appears: relation and what is cited."""
    cited = joined_provision_ref(
        links, row.provision_id, row.provision_number, row.provision_eid, row.provision_heading
    )
    return {
        "id": row.id,
        "url": links.item(E.CITATION, row.id),
        "relation": row.relation,
        "justification": row.justification,
        "document": document_ref(links, row.document_id, row.document_title),
        "provision": cited,
        "provision_version": row.provision_version,
        **provenance(row),
    }


def provenance(row: StatementCitationRow | CitationRow) -> dict[str, Any]:
    """Who or what made a citation: reviewed by a person, or suggested by a model."""
    model = None
    if row.suggested_by_name is not None:
        model = {"name": row.suggested_by_name, "version": row.suggested_by_version}
    return {
        "status": row.status,
        "score": row.score,
        "suggested_by": model,
        "reviewed_by": row.reviewed_by,
        "reviewed_on": _day(row.reviewed_on),
    }


def citation(links: Links, row: CitationRow) -> dict[str, Any]:
    """A citation with both ends: what is cited, and the statement, speaker and article."""
    speaker = None
    if row.speaker_id is not None:
        speaker = speaker_ref(links, row.speaker_id, row.speaker_name or "")
    return {
        **_cited(links, row),
        "statement": statement_ref(links, row.statement_id, row.statement_kind, row.statement_text),
        "speaker": speaker,
        "article": article_ref(
            links,
            row.article_id,
            row.article_title,
            row.article_publisher,
            row.article_published_on,
        ),
    }


def statement(
    links: Links, row: StatementRow, citations: Sequence[StatementCitationRow]
) -> dict[str, Any]:
    article_url = links.item(E.ARTICLE, row.article_id)
    speaker = None
    if row.speaker_id is not None:
        speaker = speaker_ref(links, row.speaker_id, row.speaker_name or "")
    parent = None
    if row.parent_id is not None:
        parent = statement_ref(links, row.parent_id, row.parent_kind or "", row.parent_text or "")
    return {
        "id": row.id,
        "url": links.item(E.STATEMENT, row.id),
        "article": {
            "id": row.article_id,
            "url": article_url,
            "title": row.article_title,
            "publisher": row.article_publisher,
            "published_on": row.article_published_on,
        },
        "speaker": speaker,
        "role_as_stated": row.role_as_stated,
        "attribution": row.attribution,
        "kind": row.kind,
        "text": row.text,
        "anchor": {
            "source": article_url,
            "position": {
                "type": "TextPositionSelector",
                "start": row.start_offset,
                "end": row.end_offset,
            },
            "quote": {
                "type": "TextQuoteSelector",
                "exact": row.text,
                "prefix": row.prefix,
                "suffix": row.suffix,
            },
        },
        "paragraph": row.paragraph,
        "parent": parent,
        "said_on": row.said_on,
        "said_on_note": row.said_on_note,
        "notes": row.notes,
        "citations": [_cited(links, c) for c in citations],
        "provisions_url": links.item(E.STATEMENT_PROVISIONS, row.id),
    }


def topic(links: Links, row: TopicRow) -> dict[str, Any]:
    return {
        **topic_ref(links, row.id, row.label),
        "description": row.description,
        "provisions_url": links.item(E.TOPIC_PROVISIONS, row.id),
    }


def speaker(links: Links, row: SpeakerRow) -> dict[str, Any]:
    return {
        **speaker_ref(links, row.id, row.name),
        "kind": row.kind,
        "roles": [
            {key: role.get(key) for key in ("title", "organization", "start", "end")}
            for role in row.roles
        ],
        "notes": row.notes,
        "statements_url": links.item(E.SPEAKER_STATEMENTS, row.id),
    }


def article(links: Links, row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": links.item(E.ARTICLE, row.id),
        "title": row.title,
        "publisher": row.publisher,
        "source_url": row.url,
        "source_note": row.url_note,
        "published_on": row.published_on,
        "published_on_note": row.published_on_note,
        "byline": row.byline,
        "credit": row.credit,
        "language": row.language,
        "text_sha256": row.text_sha256,
        "text_length": row.text_length,
        "notes": row.notes,
        "statements_url": links.item(E.ARTICLE_STATEMENTS, row.id),
    }


def article_detail(links: Links, row: ArticleRow) -> dict[str, Any]:
    """An article with its exact text."""
    return {**article(links, row), "text": row.text}


def search_hit(links: Links, hit: Hit) -> dict[str, Any]:
    endpoint = E.PROVISION if hit.kind == "provision" else E.STATEMENT
    document_link = None
    if hit.document_id:
        document_link = {"id": hit.document_id, "url": links.item(E.DOCUMENT, hit.document_id)}
    return {
        "type": hit.kind,
        "id": hit.item_id,
        "url": links.item(endpoint, hit.item_id),
        "title": hit.title,
        "snippet_text": hit.snippet.text,
        "highlights": [{"start": start, "end": end} for start, end in hit.snippet.highlights],
        "snippet": hit.snippet.html(),
        "rank": round(float(hit.rank), 6),
        "document": document_link,
    }


def relation(links: Links, row: RelationRow, seen_from: str) -> dict[str, Any]:
    """A document relation, saying which end the document asked about is."""
    outgoing = row.subject_id == seen_from
    return {
        "id": row.id,
        "relation": row.relation,
        "direction": Direction.OUTGOING if outgoing else Direction.INCOMING,
        "subject": document_ref(links, row.subject_id, row.subject_title),
        "object": document_ref(links, row.object_id, row.object_title),
        "other": document_ref(
            links,
            *(
                (row.object_id, row.object_title)
                if outgoing
                else (row.subject_id, row.subject_title)
            ),
        ),
        "note": row.note,
        "evidence": _sources(row.evidence),
    }


def _corresponding_end(links: Links, row: CorrespondenceRow, first: bool) -> dict[str, Any]:
    end = "provision" if first else "corresponding"
    values = row._asdict()
    return {
        **provision_ref(
            links,
            values[f"{end}_id"],
            values[f"{end}_number"],
            values[f"{end}_eid"],
            values[f"{end}_heading"],
        ),
        "document": document_ref(
            links, values[f"{end}_document_id"], values[f"{end}_document_title"]
        ),
    }


def correspondence(links: Links, row: CorrespondenceRow, seen_from: str) -> dict[str, Any]:
    """A correspondence from one provision's side: the other one, and how far this one reaches."""
    outgoing = row.provision_id == seen_from
    scope = Scope(row.scope)
    return {
        "id": row.id,
        "direction": Direction.OUTGOING if outgoing else Direction.INCOMING,
        "provision": _corresponding_end(links, row, first=outgoing),
        "corresponding": _corresponding_end(links, row, first=not outgoing),
        "scope": scope if outgoing else scope.seen_from_other_side(),
        "confidence": row.confidence,
        "note": row.note,
    }


def jurisdiction(
    links: Links, row: JurisdictionRow, chain: Sequence[DivisionRef]
) -> dict[str, Any]:
    parent = chain[-1] if chain else None
    return {
        **jurisdiction_ref(links, row.id, row.name),
        "depth": row.depth,
        "parent": jurisdiction_ref(links, parent.id, parent.name) if parent else None,
        "chain": [jurisdiction_ref(links, d.id, d.name) for d in chain],
        "document_count": row.document_count,
        "documents_url": links.to(E.DOCUMENTS, jurisdiction=row.id),
    }


def compare_side(
    links: Links, row: CorrespondenceRow, first: bool, parts: ProvisionParts
) -> dict[str, Any]:
    """One provision of a comparison row, with its topics and citing-statement counts."""
    return {
        **_corresponding_end(links, row, first),
        "topics": [topic_ref(links, t.id, t.label) for t in parts.topics],
        "citation_counts": parts.citation_counts,
    }


def compare_row(
    links: Links,
    row: CorrespondenceRow,
    left_first: bool,
    parts: dict[str, ProvisionParts],
    corresponds: bool = True,
) -> dict[str, Any]:
    """Two provisions side by side; `corresponds` is False for two that do not."""
    left_id = row.provision_id if left_first else row.corresponding_id
    right_id = row.corresponding_id if left_first else row.provision_id
    scope = Scope(row.scope)
    return {
        "left": compare_side(links, row, left_first, parts[left_id]),
        "right": compare_side(links, row, not left_first, parts[right_id]),
        "correspondence": {
            "id": row.id,
            "scope": scope if left_first else scope.seen_from_other_side(),
            "confidence": row.confidence,
            "note": row.note,
            "url": links.item(E.PROVISION_CORRESPONDENCES, left_id),
        }
        if corresponds
        else None,
    }


def _day(value: Any) -> str | None:
    """A stored date as ISO text (SQLite hands back the text, PostgreSQL a date)."""
    return None if value is None else str(value)


def release_ref(links: Links, version: str, released_on: Any) -> dict[str, Any]:
    return {
        "version": version,
        "url": links.item(E.RELEASE, version),
        "released_on": _day(released_on),
    }


def release(links: Links, row: ReleaseRow, current_version: str) -> dict[str, Any]:
    previous = row.previous_version
    return {
        **release_ref(links, row.version, row.released_on),
        "current": row.version == current_version,
        "content_hash": row.content_hash,
        "previous_version": previous,
        "counts": {entry["table"]: entry["rows"] for entry in row.counts},
        "notes": row.notes,
        # The first release a database loads is its baseline: its records are all new.
        "changes": {
            "recorded": previous is not None,
            "added": row.added,
            "changed": row.changed,
            "removed": row.removed,
        },
        "changes_url": (
            links.to(E.RELEASE_DIFF, first=previous, last=row.version) if previous else None
        ),
        "datapackage_url": (
            links.item(E.RELEASE_PACKAGE, row.version) if row.files_stored else None
        ),
    }


def _record_url(links: Links, record_type: str, record_id: str) -> str:
    if record_type == RecordType.DOC_TYPE:
        return links.to(E.DOCUMENTS, doc_type=record_id)
    if record_type == RecordType.RELATION:  # <subject>~<relation>~<object>
        return links.item(E.DOCUMENT_RELATIONS, record_id.split("~")[0])
    if record_type == RecordType.CORRESPONDENCE:  # <provision>~<corresponding>
        return links.item(E.PROVISION_CORRESPONDENCES, record_id.split("~")[0])
    return links.item(RECORD_ENDPOINTS[RecordType(record_type)], record_id)


RECORD_ENDPOINTS = {
    RecordType.TOPIC: E.TOPIC,
    RecordType.JURISDICTION: E.JURISDICTION,
    RecordType.SPEAKER: E.SPEAKER,
    RecordType.DOCUMENT: E.DOCUMENT,
    RecordType.PROVISION: E.PROVISION,
    RecordType.ARTICLE: E.ARTICLE,
    RecordType.STATEMENT: E.STATEMENT,
}


def change(links: Links, row: ChangeRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "action": row.action,
        "fields": row.fields,
        "record": {
            "type": row.record_type,
            "id": row.record_id,
            "label": row.label,
            # A removed record's URL answers 404 from this release on.
            "url": _record_url(links, row.record_type, row.record_id),
        },
        "release": release_ref(links, row.version, row.released_on),
    }
