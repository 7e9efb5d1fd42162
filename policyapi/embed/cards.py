"""The HTML cards: a provision, a statement, a document's outline."""

from dataclasses import dataclass, field

from flask import Response

from policyapi.api.common import found
from policyapi.db import get_session
from policyapi.embed import jsonld
from policyapi.embed.blueprint import bp
from policyapi.embed.render import card_url, render_card
from policyapi.embed.theme import theme_from_request
from policyapi.models import Provision, Statement
from policyapi.queries.documents import get_document
from policyapi.queries.embed import list_citing_statements
from policyapi.queries.provisions import get_provision
from policyapi.queries.statements import get_statement
from policyapi.urls import absolute_url
from policyapi.vocab import Relation

# Statements shown per relation; the rest are one link away (keeps every card small).
MAX_PER_GROUP = 4


@dataclass
class Group:
    """The statements citing a provision with one relation."""

    relation: str
    statements: list[Statement] = field(default_factory=list)
    more_url: str = ""

    @property
    def total(self) -> int:
        return len(self.statements)

    @property
    def shown(self) -> list[Statement]:
        return self.statements[:MAX_PER_GROUP]

    @property
    def more(self) -> int:
        return max(0, self.total - MAX_PER_GROUP)


def group_by_relation(provision: Provision, statements: list[Statement]) -> list[Group]:
    """Citing statements grouped by relation, in the vocabulary's order, empty groups left out."""
    groups = {r.value: Group(r.value) for r in Relation}
    for statement in statements:
        relations = {c.relation for c in statement.citations if c.provision_id == provision.id}
        for relation in relations:
            groups[relation].statements.append(statement)
    for group in groups.values():
        group.more_url = absolute_url(
            "provisions.ProvisionStatements", provision_id=provision.id, relation=group.relation
        )
    return [g for g in groups.values() if g.statements]


@bp.get("/embed/provisions/<id:provision_id>")
def provision_card(provision_id: str) -> Response:
    """A provision with who said what about it."""
    theme = theme_from_request()
    session = get_session()
    provision = found(get_provision(session, provision_id), "provision", provision_id)
    groups = group_by_relation(provision, list_citing_statements(session, provision_id))
    data_url = jsonld.provision_url(provision.id)
    return render_card(
        "embed/provision.html",
        kind="provision",
        item_id=provision.id,
        data_url=data_url,
        theme=theme,
        lang=provision.document.language,
        title=f"{provision.number}: {provision.heading}",
        provision=provision,
        document=provision.document,
        groups=groups,
        jsonld=jsonld.provision_document(provision),
    )


@bp.get("/embed/statements/<id:statement_id>")
def statement_card(statement_id: str) -> Response:
    """A statement, who made it and where, and what it cites."""
    theme = theme_from_request()
    statement = found(get_statement(get_session(), statement_id), "statement", statement_id)
    citations = [
        {
            "relation": c.relation,
            "provision": c.provision,
            "document": c.document,
            "card_url": card_url("provision", c.provision.id, theme)
            if c.provision is not None
            else card_url("document", c.document_id, theme),
        }
        for c in statement.citations
    ]
    speaker = statement.speaker.name if statement.speaker else statement.article.publisher
    return render_card(
        "embed/statement.html",
        kind="statement",
        item_id=statement.id,
        data_url=absolute_url("statements.StatementById", statement_id=statement.id),
        theme=theme,
        lang=statement.article.language,
        title=f"{speaker}: {statement.text[:80]}",
        statement=statement,
        citations=citations,
        jsonld=jsonld.statement_document(statement),
    )


@bp.get("/embed/documents/<id:document_id>")
def document_card(document_id: str) -> Response:
    """A document's outline, each provision linking to its card."""
    theme = theme_from_request()
    document = found(
        get_document(get_session(), document_id, with_provisions=True), "document", document_id
    )
    children: dict[str | None, list[Provision]] = {}
    for provision in document.provisions:
        children.setdefault(provision.parent_id, []).append(provision)
    return render_card(
        "embed/document.html",
        kind="document",
        item_id=document.id,
        data_url=jsonld.document_url(document.id),
        theme=theme,
        lang=document.language,
        title=document.title,
        document=document,
        children=children,
        card_urls={p.id: card_url("provision", p.id, theme) for p in document.provisions},
        jsonld=jsonld.document_node(document),
    )
