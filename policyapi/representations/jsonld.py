"""schema.org JSON-LD: documents and provisions as Legislation, statements as Quotation.

Built from the same typed rows as the JSON; every @id is the resource's JSON URL.
"""

from collections.abc import Sequence
from typing import Any

from policyapi.models.document import first_full_date
from policyapi.queries.documents import ActorRow, DocumentRow
from policyapi.queries.provisions import ProvisionParts, ProvisionRow
from policyapi.queries.relations import RelationRow
from policyapi.queries.statements import StatementCitationRow, StatementRow
from policyapi.vocab import CitationStatus, DocStatus, DocumentRelationType, Numbering, SpeakerKind
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import Links

CONTEXT = "https://schema.org"
LEGAL_FORCE = {
    DocStatus.IN_FORCE: "https://schema.org/InForce",
    DocStatus.REPEALED: "https://schema.org/NotInForce",
    DocStatus.SUPERSEDED: "https://schema.org/NotInForce",
}


# Which schema.org property names a relation this document states (others have no term).
RELATION_PROPERTIES = {
    DocumentRelationType.AMENDS: "legislationAmends",
    DocumentRelationType.MODELLED_ON: "isBasedOn",
    DocumentRelationType.IMPLEMENTS: "isBasedOn",
    DocumentRelationType.EXPANDS: "isBasedOn",
}


# schema.org's legislationDate is "the date of adoption or signature": the first of these that
# has a full date.
ADOPTION_EVENTS = ("signed", "issued", "adopted", "approved_by_voters")


def _legislation_date(document: DocumentRow) -> str | None:
    return first_full_date(document.events, ADOPTION_EVENTS) or document.signed_on


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _jurisdiction(document: DocumentRow) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "name": document.jurisdiction_name,
        "identifier": document.jurisdiction_ocd_id,
    }


def _document_ref(links: Links, document_id: str, title: str, number: str | None) -> dict[str, Any]:
    """A short Legislation node naming a document."""
    return {
        "@type": "Legislation",
        "@id": links.item(E.DOCUMENT, document_id),
        "name": title,
        "legislationIdentifier": number or document_id,
    }


def _provision_ref(links: Links, provision_id: str, heading: str) -> dict[str, Any]:
    """A short Legislation node naming a provision."""
    return {
        "@type": "Legislation",
        "@id": links.item(E.PROVISION, provision_id),
        "name": heading,
        "legislationIdentifier": provision_id,
    }


def _label(row: ProvisionRow) -> str:
    if row.label_scheme == Numbering.EDITORIAL:
        return f"{row.number} (editorial number, not the official one)"
    return row.number


def provision(
    links: Links, row: ProvisionRow, parts: ProvisionParts, document: DocumentRow
) -> dict[str, Any]:
    """A provision as a standalone Legislation document, part of its parent or its document."""
    url = links.item(E.PROVISION, row.id)
    part_of = (
        _provision_ref(links, row.parent_id, row.parent_heading or "")
        if row.parent_id is not None
        else _document_ref(links, document.id, document.title, document.official_number)
    )
    return {
        "@context": CONTEXT,
        **_drop_empty(
            {
                "@type": "Legislation",
                "@id": url,
                "url": url,
                "name": row.heading,
                "alternateName": _label(row),
                "legislationIdentifier": row.id,
                "legislationDate": _legislation_date(document),
                "legislationJurisdiction": _jurisdiction(document),
                "inLanguage": document.language,
                "position": row.position,  # 0-based, as in JSON
                "abstract": row.summary,
                "text": row.text,
                "about": [
                    {"@type": "DefinedTerm", "termCode": t.id, "name": t.label}
                    for t in parts.topics
                ],
                "isPartOf": part_of,
                "hasPart": [_provision_ref(links, c.id, c.heading) for c in parts.children],
            }
        ),
    }


def _agent(links: Links, actor: ActorRow) -> dict[str, Any]:
    kind = "Person" if actor.kind == SpeakerKind.PERSON else "Organization"
    return {"@type": kind, "@id": links.item(E.SPEAKER, actor.speaker_id), "name": actor.name}


def _identifiers(row: DocumentRow) -> str | list[str]:
    numbers = list(
        dict.fromkeys([row.official_number or row.id, *(i["value"] for i in row.identifiers)])
    )
    return numbers[0] if len(numbers) == 1 else numbers


def _related(links: Links, stated: Sequence[RelationRow]) -> dict[str, list[dict[str, Any]]]:
    nodes: dict[str, list[dict[str, Any]]] = {}
    for relation in stated:
        name = RELATION_PROPERTIES.get(DocumentRelationType(relation.relation))
        if name is not None:
            ref = _document_ref(links, relation.object_id, relation.object_title, None)
            nodes.setdefault(name, []).append(ref)
    return nodes


def document(
    links: Links,
    row: DocumentRow,
    provisions: Sequence[ProvisionRow],
    actors: Sequence[ActorRow] = (),
    stated: Sequence[RelationRow] = (),
) -> dict[str, Any]:
    """A document as Legislation whose parts are its top-level provisions, nested in turn."""
    by_parent: dict[str | None, list[ProvisionRow]] = {}
    for p in provisions:
        by_parent.setdefault(p.parent_id, []).append(p)

    def part(p: ProvisionRow) -> dict[str, Any]:
        node = _provision_ref(links, p.id, p.heading)
        node["alternateName"] = _label(p)
        node["position"] = p.position
        children = by_parent.get(p.id, [])
        if children:
            node["hasPart"] = [part(child) for child in children]
        return node

    url = links.item(E.DOCUMENT, row.id)
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": row.title,
            "legislationIdentifier": _identifiers(row),
            "legislationType": row.doc_type_label,
            "legislationDate": _legislation_date(row),
            "legislationJurisdiction": _jurisdiction(row),
            "legislationPassedBy": [_agent(links, a) for a in actors if a.role == "issuer"]
            or {"@type": "Organization", "name": row.issuer},
            **_related(links, stated),
            "legislationLegalForce": LEGAL_FORCE.get(DocStatus(row.status)),
            "inLanguage": row.language,
            "abstract": row.summary,
            "hasPart": [part(p) for p in by_parent.get(None, [])],
        }
    )


def _creator(links: Links, row: StatementRow) -> dict[str, Any]:
    if row.speaker_id is None:
        # Narration is the article's own voice.
        return {"@type": "Organization", "name": row.article_publisher}
    is_person = row.speaker_kind == SpeakerKind.PERSON
    return _drop_empty(
        {
            "@type": "Person" if is_person else "Organization",
            "@id": links.item(E.SPEAKER, row.speaker_id),
            "name": row.speaker_name,
            "jobTitle": row.role_as_stated if is_person else None,
        }
    )


def _about(links: Links, citations: Sequence[StatementCitationRow]) -> list[dict[str, Any]]:
    """What the statement is about, as people reviewed it.

    schema.org has no term for a link's provenance: a suggestion nobody has reviewed is not
    asserted here (the JSON shows it, with its status and score).
    """
    seen: dict[str, dict[str, Any]] = {}
    for c in citations:
        if c.status != CitationStatus.REVIEWED:
            continue
        if c.provision_id is not None:
            node = _provision_ref(links, c.provision_id, c.provision_heading or "")
        else:
            node = _document_ref(links, c.document_id, c.document_title, c.document_official_number)
        seen.setdefault(node["@id"], node)
    return list(seen.values())


def statement(
    links: Links, row: StatementRow, citations: Sequence[StatementCitationRow]
) -> dict[str, Any]:
    """A statement as a Quotation from its speaker, based on the news article."""
    url = links.item(E.STATEMENT, row.id)
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Quotation",
            "@id": url,
            "url": url,
            "text": row.text,
            "creator": _creator(links, row),
            "dateCreated": row.said_on,
            "inLanguage": row.article_language,
            "isBasedOn": _drop_empty(
                {
                    "@type": "NewsArticle",
                    "@id": links.item(E.ARTICLE, row.article_id),
                    "url": row.article_url,
                    "headline": row.article_title,
                    "datePublished": row.article_published_on,
                    "publisher": {"@type": "Organization", "name": row.article_publisher},
                    "inLanguage": row.article_language,
                }
            ),
            "about": _about(links, citations),
        }
    )
