"""schema.org JSON-LD: documents and provisions as Legislation, statements as Quotation."""

from typing import Any

from policyapi.models import Citation, Document, Provision, Statement
from policyapi.urls import absolute_url
from policyapi.vocab import DocStatus, Numbering, SpeakerKind

CONTEXT = "https://schema.org"
LEGAL_FORCE = {
    DocStatus.IN_FORCE: "https://schema.org/InForce",
    DocStatus.REPEALED: "https://schema.org/NotInForce",
    DocStatus.SUPERSEDED: "https://schema.org/NotInForce",
}


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def document_url(document_id: str) -> str:
    return absolute_url("documents.DocumentById", document_id=document_id)


def provision_url(provision_id: str) -> str:
    return absolute_url("provisions.ProvisionById", provision_id=provision_id)


def _jurisdiction(document: Document) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "name": document.jurisdiction_name,
        "identifier": document.jurisdiction_ocd_id,
    }


def document_ref(document: Document) -> dict[str, Any]:
    """A short Legislation node naming a document."""
    return {
        "@type": "Legislation",
        "@id": document_url(document.id),
        "name": document.title,
        "legislationIdentifier": document.official_number or document.id,
    }


def provision_ref(provision: Provision) -> dict[str, Any]:
    """A short Legislation node naming a provision."""
    return {
        "@type": "Legislation",
        "@id": provision_url(provision.id),
        "name": provision.heading,
        "legislationIdentifier": provision.id,
    }


def _provision_label(provision: Provision, document: Document) -> str:
    if document.numbering == Numbering.EDITORIAL:
        return f"{provision.number} (editorial number, not the official one)"
    return provision.number


def provision_node(provision: Provision, document: Document) -> dict[str, Any]:
    """A provision as Legislation, part of its parent provision or of its document."""
    parent = provision.parent
    return _drop_empty(
        {
            "@type": "Legislation",
            "@id": provision_url(provision.id),
            "url": provision_url(provision.id),
            "name": provision.heading,
            "alternateName": _provision_label(provision, document),
            "legislationIdentifier": provision.id,
            "legislationDate": document.signed_on.isoformat() if document.signed_on else None,
            "legislationJurisdiction": _jurisdiction(document),
            "inLanguage": document.language,
            "position": provision.position + 1,
            "abstract": provision.summary,
            "text": provision.text,
            "about": [
                {"@type": "DefinedTerm", "termCode": t.id, "name": t.label}
                for t in provision.topics
            ],
            "isPartOf": provision_ref(parent) if parent is not None else document_ref(document),
            "hasPart": [provision_ref(child) for child in provision.children],
        }
    )


def document_node(document: Document) -> dict[str, Any]:
    """A document as Legislation whose parts are its top-level provisions, nested in turn."""
    by_parent: dict[str | None, list[Provision]] = {}
    for provision in document.provisions:
        by_parent.setdefault(provision.parent_id, []).append(provision)

    def part(provision: Provision) -> dict[str, Any]:
        node = provision_ref(provision)
        node["alternateName"] = _provision_label(provision, document)
        node["position"] = provision.position + 1
        children = by_parent.get(provision.id, [])
        if children:
            node["hasPart"] = [part(child) for child in children]
        return node

    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Legislation",
            "@id": document_url(document.id),
            "url": document_url(document.id),
            "name": document.title,
            "legislationIdentifier": document.official_number or document.id,
            "legislationType": document.doc_type.replace("_", " "),
            "legislationDate": document.signed_on.isoformat() if document.signed_on else None,
            "legislationJurisdiction": _jurisdiction(document),
            "legislationPassedBy": {"@type": "Organization", "name": document.issuer},
            "legislationLegalForce": LEGAL_FORCE.get(DocStatus(document.status)),
            "inLanguage": document.language,
            "abstract": document.summary,
            "hasPart": [part(p) for p in by_parent.get(None, [])],
        }
    )


def provision_document(provision: Provision) -> dict[str, Any]:
    """A provision as a standalone JSON-LD document."""
    return {"@context": CONTEXT, **provision_node(provision, provision.document)}


def _creator(statement: Statement) -> dict[str, Any]:
    speaker = statement.speaker
    if speaker is None:
        # Narration is the article's own voice.
        return {"@type": "Organization", "name": statement.article.publisher}
    is_person = speaker.kind == SpeakerKind.PERSON
    return _drop_empty(
        {
            "@type": "Person" if is_person else "Organization",
            "@id": absolute_url("speakers.SpeakerById", speaker_id=speaker.id),
            "name": speaker.name,
            "jobTitle": statement.role_as_stated if is_person else None,
        }
    )


def _about(citations: list[Citation]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for citation in citations:
        if citation.provision is not None:
            node = provision_ref(citation.provision)
        else:
            node = document_ref(citation.document)
        seen.setdefault(node["@id"], node)
    return list(seen.values())


def statement_document(statement: Statement) -> dict[str, Any]:
    """A statement as a Quotation from its speaker, based on the news article."""
    article = statement.article
    url = absolute_url("statements.StatementById", statement_id=statement.id)
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Quotation",
            "@id": url,
            "url": url,
            "text": statement.text,
            "creator": _creator(statement),
            "dateCreated": statement.said_on,
            "inLanguage": article.language,
            "isBasedOn": _drop_empty(
                {
                    "@type": "NewsArticle",
                    "@id": absolute_url("articles.ArticleById", article_id=article.id),
                    "url": article.url,
                    "headline": article.title,
                    "datePublished": article.published_on,
                    "publisher": {"@type": "Organization", "name": article.publisher},
                    "inLanguage": article.language,
                }
            ),
            "about": _about(list(statement.citations)),
        }
    )
